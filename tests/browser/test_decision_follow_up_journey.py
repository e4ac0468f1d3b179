"""Browser journey (issue 13): a secretary links a decision to two metrics; a member sees the decision's
marker on the metric chart, follows it to the decision and reads the follow-up there; the monthly
report's PDF has the follow-up section (text extraction, and a page image in the test output)."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from monitoring import services as monitoring_services
from monitoring.catalogue import sync_metrics
from monitoring.models import DecisionMetricLink, Metric, Observation, ReportRequest
from tests.browser.conftest import assert_accessible, login
from tests.workgroups.conftest import build_world, published_meeting

pytestmark = pytest.mark.browser
JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def world(make_user, seeded_parties, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MONITORING_PEER_AREAS = ["TA091"]
    sync_metrics()
    w = build_world(make_user)
    w.meeting = published_meeting(w, day=dt.date(2026, 3, 10), items=2)  # § 1 and § 2, public
    w.decision = w.meeting.items.order_by("order").first().decision
    rate, youth = Metric.objects.get(code="unemployment-rate"), Metric.objects.get(code="youth-unemployment-rate")
    rows = []
    for metric, base in ((rate, Decimal("12.0")), (youth, Decimal("18.0"))):
        for code, shift in (("KU398", Decimal(0)), ("MK07", Decimal("-0.5")), ("SSS", Decimal(-2)),
                            ("TA091", Decimal(-3))):
            for k, month in enumerate([dt.date(2026, m, 1) for m in range(3, 7)]):
                step = Decimal("0.3") if code == "KU398" else Decimal("0.1")  # Lahti falls faster
                rows.append(Observation(metric=metric, area_code=code, month=month, value=base + shift - step * k))
    Observation.objects.bulk_create(rows)
    w.rate, w.youth = rate, youth
    return w


def test_decision_linked_to_metrics_followed_on_chart_page_and_report(browser, live_server, page, world, tmp_path):
    w = world
    login(page, w.secretary)
    meeting_url = reverse("workgroups:meeting-detail", args=[w.meeting.pk])
    page.goto(meeting_url)
    page.locator(f"a[href='{reverse('monitoring:decision-metrics', args=[w.decision.pk])}']").click()
    page.wait_for_selector("#id_form-0-metric")
    assert_accessible(page, "linking a decision to metrics")
    page.select_option("#id_form-0-metric", str(w.rate.pk))
    page.select_option("#id_form-0-area_code", "KU398")
    page.select_option("#id_form-0-direction", "down")
    page.fill("#id_form-0-target_value", "11,5")
    page.fill("#id_form-0-target_date", "2026-12-31")
    page.select_option("#id_form-1-metric", str(w.youth.pk))
    page.select_option("#id_form-1-area_code", "MK07")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#id_form-1-direction[aria-invalid=true]")  # the direction of row 2 is missing
    assert "Rivi 2" in page.locator("#error-summary").inner_text()
    assert_accessible(page, "linking form with an error")
    assert not DecisionMetricLink.objects.exists()
    page.select_option("#id_form-1-direction", "down")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(f"#linked-metrics-{w.decision.agenda_item_id}")
    links = DecisionMetricLink.objects.visible_to(w.secretary).order_by("metric__number")
    assert [(link.metric.code, link.area.code) for link in links] == [("unemployment-rate", "KU398"),
                                                                      ("youth-unemployment-rate", "MK07")]
    assert_accessible(page, "meeting page with the decision's metrics")

    # A member: the marker on the metric chart leads to the decision, where the follow-up is.
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    member = context.new_page()
    login(member, w.member1)
    member.goto("/monitoring/metrics/unemployment-rate/?month=2026-06")
    marker = member.locator("svg.chart a.chart-marker")
    assert marker.count() == 1
    table = member.locator("#decision-follow-up").inner_text()
    # Lahti −0,9 pp; the country and the peer group −0,3 pp each: −0,6 pp against both.
    assert "03/2026: 12,0" in table and "06/2026: 11,1" in table and "−0,9" in table and "−0,6" in table
    assert "kuvaileva vertailu, ei syy-yhteyttä" in member.locator("#decision-follow-up-caption").inner_text()
    assert_accessible(member, "metric page with a decision marker")
    marker.locator("text").click()  # the marker's label (the § of the decision) is a link
    member.wait_for_url(f"**{meeting_url}#item-{w.decision.agenda_item_id}")
    follow_up = member.locator(f"#linked-metrics-{w.decision.agenda_item_id}").inner_text()
    assert "tavoiteltuun suuntaan" in follow_up and "11,5" in follow_up and ": saavutettu" in follow_up
    assert_accessible(member, "decision page with its follow-up")
    member.goto("/dashboard/")
    panel = member.locator("main").inner_text()
    assert "Päätösten seuranta" in panel and "Ohjausryhmä § 1/2026" in panel and "−0,6" in panel
    assert_accessible(member, "dashboard with the follow-up of decisions")

    # The monthly report: rendered, downloaded by the member, with the follow-up section.
    report = monitoring_services.report_request(month=JUNE, enqueue=False)
    assert monitoring_services.render_report(report.pk) == "ready"
    member.goto(f"/monitoring/reports/{report.pk}/")
    with member.expect_download() as download_info:
        member.locator(f"a[href='/monitoring/reports/{report.pk}/download/']").click()
    data = Path(download_info.value.path()).read_bytes()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    number = next(k for k, text in enumerate(pages, start=1) if "Päätösten seuranta" in text)
    text = " ".join(pages[number - 1].split())
    assert "ei syy-yhteyttä" in text and "Ohjausryhmä § 1/2026" in text and "−0,6" in text
    assert ReportRequest.objects.get(pk=report.pk).status == "ready"
    context.close()
    if shutil.which("pdftoppm"):
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), str(pdf),
                        str(tmp_path / "follow-up")], check=True)
        image = next(tmp_path.glob("follow-up*.png"))
        print(f"The report's follow-up page as an image: {image}")
        assert image.stat().st_size > 1000
