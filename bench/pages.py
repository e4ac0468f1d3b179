#!/usr/bin/env python
"""Page benchmark: p95 latency at 16 concurrent clients on gunicorn + PostgreSQL, and the
dashboard's throughput against a bare Django view on the same server (target ≥ 0.5×).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/pages.py
Creates/migrates that database, loads the demo data, starts gunicorn on 127.0.0.1 only, sends a
bounded number of requests and prints one line per page for each of BENCH_RUNS rounds (default 2),
then the medians and the load average. Targets: p95 ≤ 150 ms, 0 errors.
"""

import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_REQUESTS", "25"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")
# Whole rounds (every page, bare view included); with more than one, medians are printed too.
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
USER = ("virkailija@lahti.example", "Demo-salasana-2026")
# Main pages; each app adds its own. "{party}" is replaced by Lahti's id.
PAGES = ["/dashboard/", "/parties/", "/parties/{party}/", "/parties/employment-areas/"]


def manage(*args: str, env: dict) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def login(env) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", "/account/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
               for c in response.headers.get_all("Set-Cookie") or []}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": USER[0], "password": USER[1]})
    conn.request("POST", "/account/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{PORT}/account/login/"})
    response = conn.getresponse()
    response.read()
    session = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("sessionid=")]
    assert response.status == 302 and session, f"login failed: {response.status}"
    return session[0].split(";")[0]


def load(path: str, cookie: str) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, bad = [], 0
        for _ in range(REQUESTS_PER_CLIENT):
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    latencies.sort()
    return {"p50": statistics.median(latencies) * 1000, "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
            "max": latencies[-1] * 1000, "rps": len(latencies) / wall, "errors": errors, "n": len(latencies)}


def _loadavg() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def print_table(heading: str, results: dict) -> None:
    print(heading)
    print(f"{'page':36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8} {'errors':>6}")
    for page, r in results.items():
        ok = r["p95"] <= 150 and r["errors"] == 0
        print(f"{page:36} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['rps']:8.1f} {r['errors']:6.0f}"
              f"  {'ok' if ok else 'OVER TARGET'}")


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    if env["DATABASE_URL"].startswith("postgres"):
        dbname = urllib.parse.urlparse(env["DATABASE_URL"]).path.lstrip("/")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], capture_output=True)
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", env=env)
    manage("collectstatic", "--noinput", env=env)
    lahti = "from parties.models import Party; print(Party.objects.get(municipality_code='398').pk)"
    party = manage("shell", "-c", lahti, env=env).strip().splitlines()[-1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", WORKERS, "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        cookie = login(env)
        print(f"gunicorn {WORKERS} workers, {CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} requests, "
              f"database {env['DATABASE_URL'].split('://')[0]}, {RUNS} run(s); "
              f"load average before: {_loadavg()}")
        runs = []
        for number in range(1, RUNS + 1):
            # The bare view is measured in every run, so the ratio compares like with like even
            # when other work on the machine comes and goes between runs.
            results = {}
            for page in ["/bench/bare", *PAGES]:
                path = page.format(party=party)
                load(path, cookie)  # warm-up
                results[page] = load(path, cookie)
            runs.append(results)
            print_table(f"run {number} (load average {_loadavg()})", results)
        if RUNS > 1:
            median = {page: {key: statistics.median(run[page][key] for run in runs)
                             for key in ("p50", "p95", "max", "rps", "errors")} for page in runs[0]}
            print_table(f"median of {RUNS} runs", median)
        else:
            median = runs[0]
        failed = any(r["p95"] > 150 or r["errors"] for r in median.values())
        ratio = median["/dashboard/"]["rps"] / median["/bench/bare"]["rps"]
        print(f"dashboard throughput / bare view throughput = {ratio:.2f} (target ≥ 0.50); "
              f"load average after: {_loadavg()}")
        return 1 if failed or ratio < 0.5 else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
