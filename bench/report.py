"""Benchmark: the monthly report through the worker's code path vs a bare WeasyPrint render.

Builds the full data set in a throw-away SQLite database (10 municipalities + the employment
area + the region + the country, 20 metrics (+ supporting figures), 24 months), then renders the
steering group's report with `monitoring.services.render_report` (claim, queries, HTML, PDF,
storage, finish: exactly what the Celery task runs) and, in the same run, the same HTML and the
same attached data file with a bare `weasyprint.HTML(string=…).write_pdf(pdf_tags=True, …)`.
Prints both times (median of N runs, alternating; wall clock and the process's CPU time, which
other load on the machine disturbs less), the ratio and peak memory. Targets (DESIGN.md §6):
≤ 3 s and ≤ 1.25×.

    .venv/bin/python bench/report.py [--runs 3]
    .venv/bin/python bench/report.py --database postgres://…/portal_b1_scale   # the scale data (issue 16)

With --database the report is rendered from that (migrated, seeded) database instead: e.g. the data
set of `seed_demo --scale 1`, whose month has ~800 decisions and ~1 000 open action items.
"""

import argparse
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-report-"))
GIVEN_DATABASE = sys.argv[sys.argv.index("--database") + 1] if "--database" in sys.argv else None
os.environ["DATABASE_URL"] = GIVEN_DATABASE or f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["PORTAL_VAR_DIR"] = str(TMP)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", default=None, help="render from this database (already seeded)")
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.core.management import call_command
    from weasyprint import HTML, Attachment

    from cooperation.base.pdf import _shared_stylesheet
    from monitoring import demo, services
    from monitoring.models import Observation, ReportRequest
    from monitoring.reports import add_months, report_document
    from parties.seed import seed_parties

    started = time.perf_counter()
    if GIVEN_DATABASE is None:
        call_command("migrate", verbosity=0)
        seed_parties()
        demo.seed()
    areas = Observation.objects.values("area_code").distinct().count()
    print(f"data set: {Observation.objects.count()} observations, {areas} areas, "
          + (f"(given database {GIVEN_DATABASE.rsplit('/', 1)[-1]})" if GIVEN_DATABASE
             else f"built in {time.perf_counter() - started:.2f} s"))
    from django.utils import timezone

    month = add_months(timezone.localdate().replace(day=1), -1)

    def task_path() -> tuple[float, float]:
        report = services.report_request(month=month, enqueue=False)
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = services.render_report(report.pk)
        elapsed = time.perf_counter() - t0, time.process_time() - c0
        assert outcome == "ready", ReportRequest.objects.get(pk=report.pk).error
        return elapsed

    shared_css = _shared_stylesheet()

    def bare() -> tuple[float, float]:
        document = report_document(month=month)  # the same HTML and data file, built outside the timing
        files = [Attachment(string=a.content, name=a.name, description=a.description) for a in document.attachments]
        t0, c0 = time.perf_counter(), time.process_time()
        # The same WeasyPrint call as cooperation.base.pdf.html_to_pdf (PDF/UA-1, the shared style
        # sheet), without the portal's own finishing: the ratio is what the portal adds around it.
        HTML(string=document.html, base_url=str(ROOT)).write_pdf(
            pdf_variant="pdf/ua-1", attachments=files, stylesheets=[shared_css])
        return time.perf_counter() - t0, time.process_time() - c0

    # Warm-up of both paths: font configuration, templates, translations and first-use imports are
    # paid once per worker process, not per report.
    task_path()
    bare()
    task_runs, bare_runs = [], []
    for _ in range(args.runs):
        task_runs.append(task_path())
        bare_runs.append(bare())
    task_times, bare_times = [w for w, _c in task_runs], [w for w, _c in bare_runs]
    task_cpu, bare_cpu = statistics.median(c for _w, c in task_runs), statistics.median(c for _w, c in bare_runs)
    # Python-heap peak of one more task-path render, measured apart (tracemalloc slows Python down).
    tracemalloc.start()
    task_path()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    task, plain = statistics.median(task_times), statistics.median(bare_times)
    report = ReportRequest.objects.filter(status="ready").order_by("pk").last()  # the one just rendered
    from pypdf import PdfReader

    pages = len(PdfReader(report.file.path).pages)
    print(f"report: {pages} pages, {report.size / 1024:.0f} KiB")
    print(f"task path (render_report): median {task:.2f} s  runs {', '.join(f'{t:.2f}' for t in task_times)}")
    print(f"bare WeasyPrint:           median {plain:.2f} s  runs {', '.join(f'{t:.2f}' for t in bare_times)}")
    print(f"CPU time:                  task path {task_cpu:.2f} s, bare {bare_cpu:.2f} s (medians)")
    print(f"ratio: {task / plain:.2f}×   (target ≤ 1.25×)")
    print(f"time target ≤ 3 s: {'met' if task <= 3 else 'NOT met'}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB RSS, "
          f"{traced_peak / 1024 / 1024:.0f} MiB Python heap (tracemalloc)")
    print(f"cpus: {os.cpu_count()}, load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
