#!/usr/bin/env python
"""Service time of every page of bench/load.py's mix, in-process, one request at a time.

Usage (on the database bench/load.py uses):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_scale .venv/bin/python bench/service.py
  … bench/service.py --profile /groups/search/?q=hankinta   # cProfile of one page (member), top 25

What a request costs when nothing waits: the queueing in bench/load.py (16 clients, 4 workers, 2
cores) is its latency minus this. Same people, same pages as the load benchmark, Django's test
client, caches emptied before each request (the load benchmark's caches are warm, so this is an
upper bound; --warm keeps them). Prints the median of BENCH_REPEAT (default 7) per page and person, and the mean
over the mix: 2 cores ÷ that mean is the most the mix can serve per second on this machine.
"""

import argparse
import cProfile
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))


def logged_in_client(email: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parties.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    user = User.objects.get(email=email)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # past the two-factor step, as after entering a code
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def timed_requests(client, path: str, *, warm: bool = False, repeat: int = REPEAT):
    """One warm-up, then `repeat` requests of `path` (the cache emptied before each unless `warm`):
    milliseconds in total and of SQL per request, the statuses and the query counts seen."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up (imports, template compilation, connection)
    totals, sqls, statuses, counts = [], [], set(), set()
    for _ in range(repeat):
        if not warm:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            totals.append((time.perf_counter() - start) * 1000)
        sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        statuses.add(response.status_code)
        counts.add(len(queries))
    return totals, sqls, statuses, counts


def mix_paths() -> list[tuple[str, str]]:
    """bench/load.py's mix with the same body, meeting and year it picks."""
    from bench.load import MIX
    from workgroups.models import Body, Decision, Meeting

    body = (Body.objects.filter(name_fi__endswith="(laaja aineisto)").order_by("pk").first()
            or Body.objects.order_by("pk").first())
    meeting = Meeting.objects.filter(body=body, status="published").order_by("-starts_at").first()
    year = Decision.objects.order_by("-section_year").values_list("section_year", flat=True).first()
    return [(name, path.format(body=body.pk, meeting=meeting.pk, year=year)) for name, path, _kind in MIX]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", metavar="PATH", help="cProfile one page (as the member) instead")
    parser.add_argument("--who", default="member", choices=["member", "secretary", "official"])
    parser.add_argument("--warm", action="store_true", help="keep the caches between requests, as under load")
    args = parser.parse_args()

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.load import PEOPLE

    people = dict(zip(["member", "secretary", "official"], PEOPLE, strict=True))
    if args.profile:
        client = logged_in_client(people[args.who])
        client.get(args.profile)  # warm-up
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profiler.enable()
            for _ in range(REPEAT):
                response = client.get(args.profile)
            profiler.disable()
        print(f"{args.profile}: {response.status_code}, {len(queries) // REPEAT} queries per request")
        for q in sorted(queries.captured_queries[-len(queries) // REPEAT:], key=lambda q: -float(q["time"]))[:5]:
            print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:300]}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0

    print(f"{'page':22} {'person':10} {'status':>6} {'queries':>7} {'SQL ms':>7} {'total ms':>9}")
    means = []
    for name, path in mix_paths():
        for who, email in people.items():
            totals, sqls, statuses, counts = timed_requests(logged_in_client(email), path, warm=args.warm)
            if statuses == {200}:
                means.append(statistics.median(totals))
            print(f"{name:22} {who:10} {','.join(map(str, sorted(statuses))):>6} "
                  f"{'/'.join(map(str, sorted(counts))):>7} {statistics.median(sqls):7.1f} "
                  f"{statistics.median(totals):9.1f}")
    mean = statistics.fmean(means)
    print(f"mean over the mix (pages answering 200): {mean:.1f} ms per request "
          f"→ at most {2000 / mean:.0f} req/s on 2 cores, if the app alone had them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
