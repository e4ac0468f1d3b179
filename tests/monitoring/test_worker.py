"""A real Celery worker process renders reports; killing it mid-render still ends with exactly one
ready version once a new worker runs (DESIGN.md §6). Runs on whatever broker/DB is configured."""

import datetime as dt
import io
import os

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from monitoring import services
from monitoring.models import Metric, ReportRequest
from tests.monitoring.conftest import JSONSTAT_SAMPLE
from tests.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("areas")]


def start_worker(tmp_path, name, **env):
    from cooperation.celery import app

    worker = WorkerProcess(tmp_path / f"{name}.log", extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT), **env})
    app.control.purge()
    return worker.start()


@pytest.fixture
def sample_data(transactional_db, areas):
    services.import_content(content=JSONSTAT_SAMPLE.read_bytes(), file_name="sample.json", acting_user=None)


def request_report() -> ReportRequest:
    with transaction.atomic():  # enqueued on commit, as from a view
        return services.report_request(month=dt.date(2025, 10, 1))


def test_a_requested_report_becomes_a_pdf_with_the_month_metric_names_and_values(tmp_path, sample_data):
    worker = start_worker(tmp_path, "worker")
    try:
        report = request_report()
        wait_for(lambda: ReportRequest.objects.get(pk=report.pk).is_done, timeout=180,
                 message="the report to render:\n" + worker.log())
    finally:
        worker.stop()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.READY, report.error + worker.log()
    with report.file.open("rb") as fh:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "10/2025" in text
    assert Metric.objects.get(code="unemployment-rate").name_fi in text
    assert "10,2\u00a0%" in text  # Lahti 10/2025 from the StatFin sample


def test_killing_the_worker_mid_render_still_ends_with_exactly_one_ready_version(tmp_path, sample_data):
    slow = start_worker(tmp_path, "slow", MONITORING_TEST_RENDER_DELAY="120")
    try:
        report = request_report()
        wait_for(lambda: ReportRequest.objects.get(pk=report.pk).status == "rendering", timeout=120,
                 message="the slow worker to claim the report:\n" + slow.log())
    finally:
        slow.kill()  # SIGKILL the process group mid-render
    assert ReportRequest.objects.get(pk=report.pk).status == "rendering"

    fresh = start_worker(tmp_path, "fresh")
    try:
        # The beat sweep finds the orphaned render (pretend its timeout has passed) and re-sends it.
        assert services.sweep_stuck_reports(now=timezone.now() + dt.timedelta(hours=1)) == [report.pk]
        wait_for(lambda: ReportRequest.objects.get(pk=report.pk).is_done, timeout=180,
                 message="the fresh worker to render:\n" + fresh.log())
        # A late duplicate delivery (e.g. the broker redelivering the killed worker's message) is a no-op.
        from monitoring.tasks import render_report_task

        render_report_task.delay(report.pk)
        wait_for(lambda: "skipped" in fresh.log(), timeout=60, message="the duplicate to be skipped:\n" + fresh.log())
    finally:
        fresh.stop()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.READY, report.error
    assert report.attempts == 2
    assert ReportRequest.objects.filter(month=report.month).count() == 1
    reports_dir = os.path.join(settings.MEDIA_ROOT, "monitoring", "reports")
    files = [name for name in os.listdir(reports_dir) if name != "partial"]
    assert files == [os.path.basename(report.file.name)]
    assert not os.listdir(os.path.join(reports_dir, "partial"))  # the temporary file was moved, none is left
