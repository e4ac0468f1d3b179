"""The report pipeline in-process: rows, claims, versions, failures, the sweep and the PDF's content."""

import datetime as dt
import hashlib
import io
import os
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from pypdf import PdfReader

from monitoring import services
from monitoring.models import Commentary, Metric, Observation, ReportRequest, ReportSubscription
from monitoring.reports import add_months, trend
from tests.factories.monitoring import CommentaryFactory, TargetFactory

pytestmark = pytest.mark.usefixtures("areas")


def pdf_text(report: ReportRequest) -> str:
    with report.file.open("rb") as fh:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)


def last_month() -> dt.date:
    return add_months(timezone.localdate().replace(day=1), -1)


def test_trend_marker_is_direction_aware_and_not_colour_only():
    assert trend(Decimal("-1"), "lower").words == "decreased, better"
    assert trend(Decimal("-1"), "lower").arrow == "↓"
    assert trend(Decimal("2"), "lower").words == "increased, worse"
    assert trend(Decimal("2"), "higher").words == "increased, better"
    assert trend(Decimal("2"), "neutral").words == "increased"
    assert trend(Decimal("0"), "higher").words == "unchanged"
    assert trend(None, "higher").words == "no comparison"


def test_report_renders_with_month_metric_names_values_commentary_and_empty_sections(demo_data):
    month = last_month()
    Commentary.objects.filter(month=month).delete()
    CommentaryFactory(month=month, text="Kommentti: kehitys jatkui suotuisana.")
    TargetFactory(metric=Metric.objects.get(code="activation-rate-long-term"), value=Decimal("31.5"),
                  period_start=add_months(month, -6), period_end=add_months(month, 6))
    report = services.report_request(month=month, enqueue=False)
    assert report.status == ReportRequest.Status.QUEUED and report.version == 1
    assert services.render_report(report.pk) == "ready"
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.READY and report.error == ""
    data = report.file.open("rb").read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == report.checksum
    assert report.size == len(data)
    text = pdf_text(report)
    assert f"{month:%m/%Y}" in text
    assert "kehitys jatkui suotuisana" in text
    for metric in Metric.objects.filter(number__in=[1, 7, 11, 19]):
        assert metric.name_fi.split()[0] in text
    region_rate = Observation.objects.get(metric__code="unemployment-rate", area_code="MK07", month=month)
    with translation.override("fi"):  # the report's language writes its numbers
        assert Metric.objects.get(code="unemployment-rate").format(region_rate.value) in text
        assert Metric.objects.get(code="activation-rate-long-term").format(Decimal("31.5")) in text  # the target
    assert "Lahti" in text and "Sysmä" in text  # municipalities in the charts' tables and the comparison
    # Suppressed values are shown as suppressed, never as 0 (Hartola's foreigners' rate in the demo data).
    assert Observation.objects.filter(area_code="KU081", suppressed=True).exists()
    assert "suppressed" in text or "salattu" in text
    # workgroups and procurement answer but have nothing for the month: the sections say so
    # (the sections with their data are tested in test_report_sources.py).
    assert "No data" not in text and "Ei tietoja" not in text
    assert "No decisions this month" in text or "Ei päätöksiä tässä kuussa" in text


def pdf_reader(report: ReportRequest) -> PdfReader:
    with report.file.open("rb") as fh:
        return PdfReader(io.BytesIO(fh.read()))


def test_each_metric_compares_the_areas_and_the_pdf_carries_every_value_as_csv(demo_data):
    month = last_month()
    report = services.report_request(month=month, enqueue=False)
    assert services.render_report(report.pk) == "ready"
    reader = pdf_reader(ReportRequest.objects.get(pk=report.pk))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Beside each chart: the month's value and, in brackets, the change from a year earlier.
    metric = Metric.objects.get(code="unemployment-rate")
    now = Observation.objects.get(metric=metric, area_code="KU398", month=month).value
    before = Observation.objects.get(metric=metric, area_code="KU398", month=add_months(month, -12)).value
    change = f"{abs(now - before):.1f}".replace(".", ",")
    with translation.override("fi"):
        assert f"{metric.format(now)} ({'−' if now < before else '+'}{change}" in text.replace("\n", " ")
    assert "Koko maa" in text  # the country is compared, though not drawn
    # Every value of the 24 months, as a spreadsheet opens it: decimal comma, suppressed marked, never 0.
    (name,) = reader.attachments
    assert name == f"seurantatiedot-{month:%Y-%m}.csv"
    rows = reader.attachments[name][0].decode("utf-8-sig").splitlines()
    assert rows[0] == "metric;metric_name;area_code;area_name;month;value;status"
    assert f"unemployment-rate;{metric.name_fi};KU398;Lahti;{month:%Y-%m};{str(now).replace('.', ',')};" in rows
    hidden = Observation.objects.filter(area_code="KU081", suppressed=True).first()
    assert any(row.startswith(f"{hidden.metric.code};") and ";KU081;" in row and f";{hidden.month:%Y-%m};;suppressed"
               in row for row in rows)
    shown_months = {f"{add_months(month, -k):%Y-%m}" for k in range(24)}
    assert {row.split(";")[4] for row in rows[1:]} == shown_months


def test_the_report_is_tagged_with_alternative_text_for_each_chart_and_embeds_its_own_fonts(demo_data):
    report = services.report_request(month=last_month(), enqueue=False)
    services.render_report(report.pk)
    reader = pdf_reader(ReportRequest.objects.get(pk=report.pk))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    charted = Metric.objects.filter(is_active=True, number__isnull=False).count()
    line_charts = [alt for alt in figures if alt.startswith("Viivakaavio: ")]
    assert len(line_charts) == charted and all("Korostettuina: " in alt for alt in line_charts)
    # The other is the "where we stand" strip chart: every employment area, the median marked.
    others = [alt for alt in figures if not alt.startswith("Viivakaavio: ")]
    assert len(others) == 1 and "kaikki työllisyysalueet" in others[0] and "mediaani" in others[0]
    fonts = {font.get_object()["/BaseFont"].split("+")[-1] for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all(name.startswith("Portal-Sans") for name in fonts)  # static/fonts, no fallback


def test_a_duplicate_delivery_never_makes_a_second_version():
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    assert services.render_report(report.pk) == "ready"
    first = ReportRequest.objects.get(pk=report.pk)
    assert services.render_report(report.pk) == "skipped"
    again = ReportRequest.objects.get(pk=report.pk)
    assert (again.file.name, again.checksum, again.attempts) == (first.file.name, first.checksum, 1)
    assert ReportRequest.objects.count() == 1


def test_regeneration_makes_a_new_version_and_old_versions_stay(client_for, official):
    one = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    services.render_report(one.pk)
    two = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    services.render_report(two.pk)
    assert two.version == 2
    client = client_for(official)
    for report in (one, two):
        response = client.get(f"/monitoring/reports/{report.pk}/download/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_failing_render_ends_as_failed_with_the_reason(monkeypatch):
    import cooperation.base.pdf

    def broken(html, attachments=()):  # the edge: the PDF engine itself fails
        raise ValueError("font cache corrupt")

    monkeypatch.setattr(cooperation.base.pdf, "html_to_pdf", broken)
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    assert services.render_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED
    assert "font cache corrupt" not in report.error  # the cause goes to the log, not to people
    assert "ei voitu muodostaa portaalin virheen vuoksi" in report.error  # in the report's language (fi)
    assert not report.file


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _dirs, files in os.walk(root) for f in files)


def test_a_persistent_storage_error_fails_after_bounded_attempts_naming_no_server_path(monkeypatch, settings):
    def storage_broken(partial, final):
        raise PermissionError(13, "Permission denied", f"{settings.MEDIA_ROOT}/monitoring/reports/x.pdf")

    monkeypatch.setattr(services, "_move_into_place", storage_broken)
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    outcomes = []
    for _attempt in range(services.MAX_RENDER_ATTEMPTS + 2):
        try:
            outcomes.append(services.render_report(report.pk))
        except services.TransientRenderError:
            outcomes.append("retry")
    assert outcomes == ["retry"] * (services.MAX_RENDER_ATTEMPTS - 1) + ["failed", "skipped", "skipped"]
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED and report.attempts == services.MAX_RENDER_ATTEMPTS
    assert str(settings.MEDIA_ROOT) not in report.error and "/" not in report.error
    assert "after 4 attempts" in report.error
    assert _media_files(settings) == []  # neither the temporary nor the final file is left


def test_a_ready_report_leaves_only_its_final_file(settings):
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    assert services.render_report(report.pk) == "ready"
    report.refresh_from_db()
    assert _media_files(settings) == [report.file.name]
    assert not report.file.name.startswith(services.PARTIAL_DIR)


def test_a_render_whose_worker_stopped_beating_is_taken_over_within_a_minute():
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    beat = timezone.now() - dt.timedelta(seconds=services.RENDER_LOST_SECONDS + 1)
    ReportRequest.objects.filter(pk=report.pk).update(status="rendering", claimed_at=beat, heartbeat_at=beat,
                                                       claim_token="killed", attempts=1)
    assert services.RENDER_LOST_SECONDS + 15 < 60  # the lost limit plus the sweep's interval
    from cooperation.celery import app

    assert services.sweep_stuck_reports() == [report.pk]  # no need to wait for the 300 s limit
    app.control.purge()
    assert services.render_report(report.pk) == "ready"


def test_a_redelivered_message_takes_over_a_lost_render_itself():
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    beat = timezone.now() - dt.timedelta(seconds=services.RENDER_LOST_SECONDS + 1)
    ReportRequest.objects.filter(pk=report.pk).update(status="rendering", claimed_at=beat, heartbeat_at=beat,
                                                       claim_token="killed", attempts=1)
    assert services.render_report(report.pk) == "ready"
    report.refresh_from_db()
    assert report.attempts == 2


def test_stale_temporary_files_are_swept(settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save(f"{services.PARTIAL_DIR}/left-behind.pdf", ContentFile(b"%PDF"))
    assert services.sweep_partial_files() == []
    later = timezone.now() + dt.timedelta(seconds=services.RENDER_STALE_SECONDS + 1)
    assert services.sweep_partial_files(now=later) == [name]


def test_a_transient_error_gives_the_row_back_for_the_retry(monkeypatch):
    import cooperation.base.pdf

    def storage_down(html, attachments=()):
        raise OSError("storage unavailable")

    monkeypatch.setattr(cooperation.base.pdf, "html_to_pdf", storage_down)
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    with pytest.raises(services.TransientRenderError):
        services.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED  # the autoretry can claim it again
    monkeypatch.undo()
    assert services.render_report(report.pk) == "ready"


def test_broker_down_at_request_time_still_queues_and_the_sweep_sends_it_later(client_for, official, settings):
    from cooperation.celery import app

    good_url = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app._pool = None
    try:
        response = client_for(official).post("/monitoring/reports/", {"month": "2025-10", "language": "fi"},
                                             follow=True)
    finally:
        app.conf.broker_url = good_url
        app._pool = None
    assert response.status_code == 200
    report = ReportRequest.objects.get()
    assert report.status == ReportRequest.Status.QUEUED and report.enqueued_at is None
    assert "queued" in response.content.decode() or "jonossa" in response.content.decode()
    app.control.purge()
    resent = services.sweep_stuck_reports(now=timezone.now() + dt.timedelta(hours=1))
    assert resent == [report.pk]
    report.refresh_from_db()
    assert report.enqueued_at is not None
    app.control.purge()


def test_sweep_requeues_a_render_orphaned_by_a_dead_worker():
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    ReportRequest.objects.filter(pk=report.pk).update(status="rendering", claimed_at=timezone.now(),
                                                       claim_token="dead")
    assert services.sweep_stuck_reports() == []  # not stale yet: someone may be rendering it
    from cooperation.celery import app

    assert services.sweep_stuck_reports(now=timezone.now() + dt.timedelta(hours=1)) == [report.pk]
    app.control.purge()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED
    assert services.render_report(report.pk) == "ready"


def test_subscribers_get_an_email_with_the_link_when_ready(make_user, django_capture_on_commit_callbacks):
    from parties import roles

    member = make_user(roles.STEERING_MEMBER)
    outsider = make_user()
    ReportSubscription.objects.create(user=member)
    ReportSubscription.objects.create(user=outsider)  # lost the right since subscribing: no mail
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.render_report(report.pk)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert f"/monitoring/reports/{report.pk}/" in mail.outbox[0].body


@pytest.mark.parametrize(("language", "heading"), [("en", "Summary"), ("sv", "Sammanfattning"), ("fi", "Yhteenveto")])
def test_report_language(language, heading):
    report = services.report_request(month=dt.date(2025, 10, 1), language=language, enqueue=False)
    services.render_report(report.pk)
    report.refresh_from_db()
    assert heading in pdf_text(report)


def test_beat_requests_the_previous_month_once():
    assert services.request_previous_month(today=dt.date(2025, 11, 4)) is None  # before the report day
    first = services.request_previous_month(today=dt.date(2025, 11, 5))
    assert first.month == dt.date(2025, 10, 1) and first.authority is None
    assert services.request_previous_month(today=dt.date(2025, 11, 6)) is None
    from cooperation.celery import app

    app.control.purge()


def test_a_render_over_the_memory_limit_ends_as_failed_with_a_message(settings):
    from django.conf import settings as live

    # The Celery worker replaces a child that grew past this after its task.
    assert live.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0
    settings.REPORT_RENDER_MAX_RSS_MB = 1  # any process is over 1 MiB: the first checkpoint stops it
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    assert services.render_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED
    # In the reader's language (the report's: Finnish), as the reports page shows it.
    assert "enemmän muistia kuin raportille on sallittu" in report.error
    assert not report.file


def test_the_report_lists_decisions_and_action_items_in_bounded_summarised_form(areas):
    from monitoring.reports import LIST_LIMIT, action_items_summary, decisions_summary

    month = dt.date(2025, 10, 1)
    decisions = [{"body": f"Ryhmä {k % 3}", "meeting_date": month, "section": f"§ {k}/2025", "title": f"Asia {k}",
                  "resolution": "Hyväksytty", "text": ""} for k in range(200)]
    summary = decisions_summary(decisions, month=month)
    assert summary["total"] == 200 and len(summary["shown"]) == LIST_LIMIT and summary["more"] == 200 - LIST_LIMIT
    assert dict(summary["by_body"]) == {"Ryhmä 0": 67, "Ryhmä 1": 67, "Ryhmä 2": 66}
    assert summary["link"].endswith("/groups/decisions/?year=2025")
    items = [{"title": f"T {k}", "body": "Ohjausryhmä" if k % 2 else "Työryhmä", "owner": "", "party": "",
              "due_date": month + dt.timedelta(days=k - 50), "status": "Open", "overdue": k < 50}
             for k in range(120)]
    summary = action_items_summary(list(reversed(items)))
    assert summary["total"] == 120 and summary["overdue"] == 50 and len(summary["shown"]) == LIST_LIMIT
    assert all(row["overdue"] for row in summary["shown"])  # the most urgent first
    assert summary["shown"][0]["due_date"] == month - dt.timedelta(days=50)
    assert sum(row["total"] for row in summary["by_body"]) == 120


def test_a_report_of_300_areas_renders_with_paged_tables_and_a_compressed_csv(areas, monkeypatch):
    import gzip

    from monitoring import reports
    from monitoring.areas import Area, AreaRegistry

    month = last_month()
    extra = [f"KU{900 + k:03d}" for k in range(300)]
    real_codes, real_init = reports.authority_area_codes, AreaRegistry.__init__

    def with_300_municipalities(self):  # a country-wide scope: 300 municipalities more
        real_init(self)
        self.by_code.update({code: Area(code, "municipality", f"Kunta {code}") for code in extra})

    monkeypatch.setattr(AreaRegistry, "__init__", with_300_municipalities)
    monkeypatch.setattr(reports, "authority_area_codes", lambda authority, day=None: real_codes(authority, day) + extra)
    monkeypatch.setattr(reports, "CSV_COMPRESS_ABOVE", 1000)
    metric = Metric.objects.filter(is_active=True, number__isnull=False).first()
    Observation.objects.bulk_create([Observation(metric=metric, area_code=code, month=month, value=Decimal(k))
                                     for k, code in enumerate(extra)])
    document = reports.report_document(month=month, language="en")
    pages = -(-(len(real_codes(None, month)) + 300) // reports.TABLE_ROWS)
    assert f"(part 1 of {pages})" in document.html and f"(part {pages} of {pages})" in document.html
    charted = Metric.objects.filter(is_active=True, number__isnull=False).count()
    assert document.html.count('<img class="chart"') == charted
    attachment = document.attachments[0]
    assert attachment.name.endswith(".csv.gz")
    assert "Kunta KU1199" in gzip.decompress(attachment.content).decode("utf-8-sig")
    from cooperation.base.pdf import html_to_pdf

    assert html_to_pdf(document.html, document.attachments).startswith(b"%PDF")  # and it still renders
