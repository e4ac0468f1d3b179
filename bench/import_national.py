"""Benchmark: a whole-country StatFin 12r5 import, previewed and applied (issue 12: under 5 s).

Every known area (309 municipalities, the employment areas, 19 regions, the country) × 24 months ×
3 contents (TYOTTOMATLOPUSSA, TYOVOIMATK, TYOTOSUUS) ≈ 27,000 values, on a freshly migrated
throw-away database (no parties, no demo data: only what `migrate` leaves). Times, each the median
of N runs on a fresh copy of the data:
  preview  upload → parse, check every cell, compare with the database, keep the batch
  apply    the importer confirms → re-validated and written in one transaction
  again    the same file once more (changes nothing)

    .venv/bin/python bench/import_national.py [--runs 3] [--database-url postgres://…/scratch_db]

Without --database-url it uses a throw-away SQLite file; with it, the given (scratch!) database is
migrated and its observations are deleted between runs.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["PORTAL_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from monitoring import services
    from monitoring.areas import AreaRegistry
    from monitoring.models import ImportBatch, Observation
    from parties.models import User
    from tests.factories.statfin import national_12r5

    user, _ = User.objects.get_or_create(email="bench-import@example.invalid",
                                         defaults={"is_superuser": True, "is_staff": True})
    content = national_12r5(AreaRegistry(), dt.date(2026, 10, 1), months=24)
    timings: dict[str, list[float]] = {"preview": [], "apply": [], "again": []}
    values = 0
    for _run in range(args.runs):
        Observation.objects.all().delete()
        ImportBatch.objects.all().delete()
        started = time.perf_counter()
        batch, _plan = services.import_preview(content=content, file_name="12r5.json", acting_user=user)
        timings["preview"].append(time.perf_counter() - started)
        started = time.perf_counter()
        applied = services.import_apply(batch=batch, acting_user=user, jumps_confirmed=True)
        timings["apply"].append(time.perf_counter() - started)
        values = len(applied.new)
        started = time.perf_counter()
        again = services.import_content(content=content, file_name="12r5.json", acting_user=user)
        timings["again"].append(time.perf_counter() - started)
        assert not again.has_changes
    engine = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"whole-country 12r5: {values} values ({len(content) / 1e6:.1f} MB JSON-stat), {engine}, "
          f"median of {args.runs}")
    for name, seconds in timings.items():
        print(f"  {name:8} {statistics.median(seconds):6.2f} s")
    total = statistics.median(timings["preview"]) + statistics.median(timings["apply"])
    print(f"  preview + apply {total:.2f} s (target < 5 s): {'met' if total < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
