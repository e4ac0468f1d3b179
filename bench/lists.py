#!/usr/bin/env python
"""In-process timings of the large lists on the scale data: SQL time, queries and total per request.

Usage (after `manage.py seed_demo --scale 1` into that database):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_b1_scale .venv/bin/python bench/lists.py
Runs each list BENCH_REPEAT times (default 7) with Django's test client, logged in as a steering-group
member, the secretary and an official of the demo data, and prints the median per list and person.
No server, no concurrency: this is the cost of one request (compare bench/load.py for the load).
"""

import logging
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
PEOPLE = {"member": "jasen@lahti.example", "secretary": "sihteeri@hollola.example",
          "official": "virkailija@lahti.example"}
# "?after=2019.0.0": the keyset page that starts at the newest decision of 2018, ~80 000 rows deep.
LISTS = ["/groups/decisions/", "/groups/decisions/?page=4", "/groups/decisions/?after=2019.0.0",
         "/api/v1/decisions/", "/api/v1/decisions/?after=2019.0.0", "/api/v1/meetings/",
         "/groups/actions/", "/api/v1/action-items/", "/api/v1/monitoring/observations/"]


def main() -> int:
    import django

    django.setup()
    logging.disable(logging.WARNING)  # AXES and request logs would drown the table

    from bench.service import logged_in_client, timed_requests

    print(f"{'list':38} {'person':10} {'status':>6} {'queries':>7} {'SQL ms':>8} {'total ms':>9}")
    for url in LISTS:
        for who, email in PEOPLE.items():
            totals, sqls, statuses, counts = timed_requests(logged_in_client(email), url, repeat=REPEAT)
            print(f"{url:38} {who:10} {','.join(map(str, sorted(statuses))):>6} "
                  f"{'/'.join(map(str, sorted(counts))):>7} {statistics.median(sqls):8.1f} "
                  f"{statistics.median(totals):9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
