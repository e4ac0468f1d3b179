"""Browser journey: an official imports a file, requests the report, sees it progress, downloads it."""

import pytest
from django.conf import settings

from monitoring.catalogue import sync_metrics
from monitoring.models import Observation, ReportDownload, ReportRequest
from parties import roles
from parties.models import Party
from tests.browser.conftest import assert_accessible, login
from tests.monitoring.conftest import CSV_SAMPLE, JSONSTAT_SAMPLE
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def worker(live_server, tmp_path, settings):
    from cooperation.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    app.control.purge()
    process = WorkerProcess(tmp_path / "worker.log", extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}).start()
    yield process
    process.stop()


def test_official_imports_requests_watches_and_downloads_the_report(page, make_user, seeded_parties, worker):
    sync_metrics()
    official = make_user(roles.OFFICIAL, party=Party.objects.get(name_fi="Lahden kaupunki"))
    login(page, official)

    page.goto("/monitoring/import/")
    assert_accessible(page, "import page")
    page.set_input_files("#id_file", str(JSONSTAT_SAMPLE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#import-summary")
    assert "30" in page.locator("#import-summary").inner_text()
    assert_accessible(page, "import preview")
    page.locator("button[name=apply]").click()
    page.wait_for_selector(".message--success")
    assert Observation.objects.count() == 30

    # A CSV with a bad row: the message names the row; nothing is saved.
    bad = CSV_SAMPLE.read_text().replace("16.6", "=1+1")
    path = settings.MEDIA_ROOT / "bad.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bad)
    page.goto("/monitoring/import/")
    page.set_input_files("#id_file", str(path))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    assert "2" in page.locator("#error-summary").inner_text()
    assert Observation.objects.count() == 30

    page.goto("/monitoring/reports/")
    assert_accessible(page, "reports page")
    page.fill("#id_month", "2025-10")
    page.locator("main form.stacked-form.narrow button[type=submit]").click()
    page.wait_for_url("**/monitoring/reports/*/")
    report = ReportRequest.objects.get()
    status = page.locator("#report-status")
    assert status.is_visible()
    assert_accessible(page, "report status page")
    # The page updates itself (data-poll-url) until the worker has rendered the report.
    page.wait_for_selector(f"a[href='/monitoring/reports/{report.pk}/download/']", timeout=240_000)
    with page.expect_download() as download_info:
        page.locator(f"a[href='/monitoring/reports/{report.pk}/download/']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert ReportDownload.objects.filter(report=report, user=official).exists()
