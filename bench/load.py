#!/usr/bin/env python
"""Load benchmark on the scale data: gunicorn + PostgreSQL + Redis, 16 concurrent clients on loopback
over a mix of the main pages, search and API lists, logged in as people of three roles.

Usage (once: `DATABASE_URL=… manage.py migrate && manage.py seed_demo --scale 1`):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_b1_scale \\
  CELERY_BROKER_URL=redis://127.0.0.1:6379/4 BENCH_PORT=8121 .venv/bin/python bench/load.py

Each client is one of a steering-group member, the secretary and an official of the demo data
(clients take the roles in turn) and walks the mix for BENCH_SECONDS (default 60), bounded in time,
not in requests; the bare view (same middleware, no work) is one more entry of the same mix, so its
throughput is measured in the same run under the same load. Prints p50/p95/p99, req/s and errors per
page, the throughput ratio to the bare view, and the load average before and after. A page's req/s
is clients / its mean latency in the mix (each client walks the whole mix, so raw counts per page
are equal by construction); the last line gives the mix's real total req/s.
Targets (docs/performance.md): detail pages p95 ≤ 150 ms, lists and search p95 ≤ 300 ms, 0 errors,
every page ≥ 0.3× the bare view's throughput (the dashboard ≥ 0.5×).
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8121"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")
# BENCH_THREADS above 1 runs gunicorn's threaded workers (gthread) with that many threads each.
THREADS = os.environ.get("BENCH_THREADS", "1")
PASSWORD = "Demo-salasana-2026"
PEOPLE = ["jasen@lahti.example", "sihteeri@hollola.example", "virkailija@lahti.example"]
# (name, path, kind): kind sets the target (detail 150 ms, list/search 300 ms, bare/dashboard).
MIX = [
    ("bare view", "/bench/bare", "bare"),
    ("dashboard", "/dashboard/", "dashboard"),
    ("decisions list", "/groups/decisions/", "list"),
    ("decisions of one year", "/groups/decisions/?year={year}", "list"),
    ("action items", "/groups/actions/", "list"),
    ("bodies", "/groups/", "list"),
    ("body detail", "/groups/{body}/", "detail"),
    ("meeting detail", "/groups/meetings/{meeting}/", "detail"),
    ("search", "/groups/search/?q=hankinta", "search"),
    ("monitoring", "/monitoring/", "detail"),
    ("parties", "/parties/", "list"),
    ("API decisions", "/api/v1/decisions/", "list"),
    ("API meetings", "/api/v1/meetings/", "list"),
    ("API meeting", "/api/v1/meetings/{meeting}/", "detail"),
    ("API action items", "/api/v1/action-items/", "list"),
]
# BENCH_SKIP="search,API meeting" leaves pages out of the mix (e.g. the search before its index exists:
# at 12–27 s a request it would hold every gunicorn worker and measure nothing else).
SKIP = {name.strip() for name in os.environ.get("BENCH_SKIP", "").split(",") if name.strip()}
TARGET_MS = {"detail": 150, "dashboard": 150, "list": 300, "search": 300, "bare": 150}


def manage_shell(code: str, env: dict) -> str:
    return subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]


def login(email: str) -> str:
    """A session cookie for the person, with the two-factor step passed (a TOTP code from the device)."""
    import re
    import urllib.parse

    def post(conn, path, fields, cookies, referer):
        conn.request("POST", path, body=urllib.parse.urlencode(fields), headers={
            "Content-Type": "application/x-www-form-urlencoded", "Referer": referer,
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        response = conn.getresponse()
        response.read()
        return response

    def take(response, cookies):
        for c in response.headers.get_all("Set-Cookie") or []:
            name, value = c.split(";")[0].split("=", 1)
            cookies[name] = value

    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)  # a fresh worker on a loaded machine
    cookies: dict[str, str] = {}
    conn.request("GET", "/account/login/")
    response = conn.getresponse()
    body = response.read().decode()
    take(response, cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    response = post(conn, "/account/login/", {"csrfmiddlewaretoken": token, "username": email,
                                              "password": PASSWORD},
                    cookies, f"http://127.0.0.1:{PORT}/account/login/")
    take(response, cookies)
    assert response.status == 302, f"login of {email} failed: {response.status}"
    # The login may go straight to the next page; the two-factor middleware then sends a person whose role
    # needs a second factor to /account/otp/ on the first page asked for.
    location = response.headers.get("Location") or ""
    if "otp" not in location:
        conn.request("GET", "/dashboard/", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        response = conn.getresponse()
        response.read()
        take(response, cookies)
        location = response.headers.get("Location") or "" if response.status == 302 else ""
    if "otp" in location:
        conn.request("GET", "/account/otp/", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        response = conn.getresponse()
        body = response.read().decode()
        take(response, cookies)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        code = subprocess.run([sys.executable, "manage.py", "demo_otp_code", email], cwd=ROOT, env=ENV, check=True,
                              capture_output=True, text=True).stdout.strip().split()[-1]
        response = post(conn, "/account/otp/", {"csrfmiddlewaretoken": token, "token": code},
                        cookies, f"http://127.0.0.1:{PORT}/account/otp/")
        take(response, cookies)
        assert response.status == 302, f"two-factor step of {email} failed: {response.status}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def run(cookies: list[str], mixes: list[list[tuple[str, str]]]) -> tuple[dict, float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def client(k: int):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        cookie, paths = cookies[k % len(cookies)], mixes[k % len(cookies)]
        mine, bad = defaultdict(list), defaultdict(int)
        if not paths:  # this person may open none of the pages (reported at the warm-up): nothing to send
            return
        step = k  # clients start at different places in the mix
        while time.perf_counter() < stop:
            name, path = paths[step % len(paths)]
            step += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad[name] += 1
            except (OSError, http.client.HTTPException):
                bad[name] += 1
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            mine[name].append(time.perf_counter() - start)
        with lock:
            for name, values in mine.items():
                latencies[name].extend(values)
            for name, n in bad.items():
                errors[name] += n

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    results = {}
    for name, values in latencies.items():
        values.sort()

        def pct(p, values=values):
            return values[min(len(values) - 1, int(len(values) * p))] * 1000

        # Every client walks the whole mix, so each page gets about as many requests as the others;
        # its throughput is what the clients would get from it alone at the latency measured in the
        # mix: clients / mean latency (so the ratio to the bare view is the ratio of mean latencies).
        results[name] = {"n": len(values), "p50": statistics.median(values) * 1000, "p95": pct(0.95),
                         "p99": pct(0.99), "rps": CLIENTS / statistics.fmean(values), "errors": errors.get(name, 0)}
    return results, wall


ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def main() -> int:
    ENV.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_b1_scale")
    ids = manage_shell(
        "from workgroups.models import Body, Meeting, Decision; "
        "b = Body.objects.filter(name_fi__endswith='(laaja aineisto)').order_by('pk').first() "
        "or Body.objects.order_by('pk').first(); "
        "m = Meeting.objects.filter(body=b, status='published').order_by('-starts_at').first(); "
        "y = Decision.objects.order_by('-section_year').values_list('section_year', flat=True).first(); "
        "print(b.pk, m.pk, y)", ENV)
    body, meeting, year = ids.split()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", WORKERS, "--threads", THREADS, "--log-level", "warning"], cwd=ROOT, env=ENV)
    try:
        for _ in range(150):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        cookies = [login(email) for email in PEOPLE]
        paths = [(name, path.format(body=body, meeting=meeting, year=year)) for name, path, _kind in MIX
                 if name not in SKIP]
        kinds = {name: kind for name, _path, kind in MIX}
        # Warm-up: every page once per person (imports, template compilation, connections). A page a
        # role may not open (e.g. the monitoring figures for a member) leaves that role's mix.
        mixes = []
        for email, cookie in zip(PEOPLE, cookies, strict=True):
            allowed = []
            for name, path in paths:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    allowed.append((name, path))
                else:
                    print(f"not in the mix of {email}: {name} ({response.status})")
            mixes.append(allowed)
        before = os.getloadavg()
        print(f"gunicorn {WORKERS} workers × {THREADS} thread(s), {CLIENTS} clients × {SECONDS:.0f} s "
              f"over {len(paths)} pages, 3 roles; database {ENV['DATABASE_URL'].rsplit('/', 1)[-1]}; "
              f"load average before: {', '.join(f'{v:.2f}' for v in before)}")
        results, wall = run(cookies, mixes)
        after = os.getloadavg()
        bare = results["bare view"]["rps"]
        print(f"{'page':22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'err':>4} "
              f"{'×bare':>6}  target")
        failed = False
        for name, _path in paths:
            r = results.get(name, {"n": 0, "p50": 0, "p95": 0, "p99": 0, "rps": 0, "errors": 0})
            ratio = r["rps"] / bare if bare else 0
            need = 0.5 if name == "dashboard" else 0.3
            ok = (r["p95"] <= TARGET_MS[kinds[name]] and r["errors"] == 0
                  and (kinds[name] == "bare" or ratio >= need))
            failed |= not ok
            print(f"{name:22} {r['n']:5d} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['rps']:7.2f} "
                  f"{r['errors']:4d} {ratio:6.2f}  {'ok' if ok else 'MISSED'} "
                  f"(p95 ≤ {TARGET_MS[kinds[name]]} ms{'' if kinds[name] == 'bare' else f', ≥ {need}× bare'})")
        total = sum(r["n"] for r in results.values())
        print(f"all pages: {total} requests in {wall:.1f} s = {total / wall:.1f} req/s; "
              f"load average after: {', '.join(f'{v:.2f}' for v in after)}")
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
