"""Browser journeys: an official imports a file, requests the report, sees it progress, downloads it;
a working-group member keeps the targets and reads the service-line charts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings

from monitoring.catalogue import sync_metrics
from monitoring.models import Metric, Observation, ReportDownload, ReportRequest, Target
from monitoring.reports import month_range
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
    # The sample's jumps from September must be confirmed before saving (the box is required).
    assert page.locator("#jumps-heading").is_visible()
    page.locator("#confirm-jumps").check()
    page.locator("button[name=apply]").click()
    page.wait_for_selector(".message--success")
    assert Observation.objects.count() == 30

    # Where we stand: the rank table and chart on the metric page and the summary on the dashboard.
    page.goto("/monitoring/metrics/unemployment-rate/?month=2025-10")
    page.wait_for_selector("#standing-table")
    assert "1./1" in page.locator("#standing-table").inner_text()  # only Lahti's area has a figure
    assert page.locator("svg.standing-chart").count() == 1
    assert_accessible(page, "metric page with where we stand")
    page.goto("/dashboard/")
    assert "1./1" in page.locator("main").inner_text()
    assert_accessible(page, "dashboard with where we stand")

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


def test_knowledge_group_member_keeps_targets_and_reads_service_lines(page, make_user, seeded_parties):
    """A working-group member adds a target from the metric page (a refused value first), edits and
    removes it; the metric page with service-line charts and the targets pages pass axe."""
    sync_metrics()
    flow = Metric.objects.get(code="flow-over-3-months")
    month = dt.date(2025, 10, 1)
    Observation.objects.bulk_create([
        Observation(metric=flow, area_code=area, month=month_, breakdown=line, value=Decimal(f"{20 + int(line)}.5"))
        for area in ("KU398", "TA098") for line in ("1", "2", "3") for month_ in month_range(month, 24)])
    Observation.objects.filter(area_code="TA098", breakdown="3", month=month).update(value=None, suppressed=True)
    member = make_user(roles.WORKGROUP_MEMBER, party=Party.objects.get(name_fi="Lahden kaupunki"))
    login(page, member)

    page.goto(f"/monitoring/metrics/{flow.code}/?month=2025-10")
    assert page.locator("#breakdown-heading").is_visible()
    assert page.locator("svg.chart").count() == 3  # the areas, then Lahti and the employment area by service line
    assert "salattu" in page.locator("main").inner_text()
    assert_accessible(page, "metric page with service-line charts")
    page.locator(f"a[href='/monitoring/targets/new/?metric={flow.code}']").click()

    page.wait_for_selector("#id_value")
    assert_accessible(page, "new target form")
    page.fill("#id_value", "120")
    page.fill("#id_period_start", "2026-01")
    page.fill("#id_period_end", "2026-12")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    assert page.locator("#id_value").get_attribute("aria-invalid") == "true"
    assert "id_value_error" in page.locator("#id_value").get_attribute("aria-describedby")
    assert_accessible(page, "target form with an error")
    assert not Target.objects.exists()
    page.fill("#id_value", "35,5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message--success")
    target = Target.objects.get()
    assert (target.metric, target.value, target.period_end) == (flow, Decimal("35.5"), dt.date(2026, 12, 31))
    assert_accessible(page, "targets list")

    page.locator(f"a[href='/monitoring/targets/{target.pk}/edit/']").click()
    page.fill("#id_period_end", "2026-06")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message--success")
    target.refresh_from_db()
    assert target.period_end == dt.date(2026, 6, 30)
    page.locator(f"a[href='/monitoring/targets/{target.pk}/delete/']").click()
    assert_accessible(page, "remove a target")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message--success")
    assert not Target.objects.exists()


def test_knowledge_group_member_chooses_a_peer_group(page, make_user, seeded_parties):
    """The peer-group list and form pass axe; a chosen group is stored and listed (issue 12)."""
    from monitoring.models import PeerGroup

    member = make_user(roles.WORKGROUP_MEMBER, party=Party.objects.get(name_fi="Lahden kaupunki"))
    login(page, member)
    page.goto("/monitoring/peer-groups/")
    assert page.locator("#peer-groups").is_visible()
    assert_accessible(page, "peer groups list")
    page.locator("a[href='/monitoring/peer-groups/TA398/']").click()
    page.wait_for_selector("main form")
    assert_accessible(page, "peer group form")
    page.get_by_label("Helsingin työllisyysalue").check()
    page.get_by_label("Tampereen seudun työllisyysalue").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message--success")
    assert sorted(a.code for a in PeerGroup.objects.get(authority_area__code="TA398").areas.all()) == [
        "TA091", "TA837"]
    assert "Helsingin työllisyysalue" in page.locator("#peer-groups").inner_text()
    assert_accessible(page, "peer groups list with a chosen group")
