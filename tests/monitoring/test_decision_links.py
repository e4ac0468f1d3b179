"""Decisions linked to the metrics they aim to move (issue 13, items 1–2): linking with its rules and
audit, kept through corrections, seen only with the decision, the figures since the decision against
hand-computed values (the country and the peer group), the API field and the report's section."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from monitoring import services
from monitoring.follow_up import follow_ups
from monitoring.models import DecisionMetricLink, Metric, Observation, ReferenceArea
from monitoring.reports import report_document
from parties import roles
from tests.workgroups.conftest import all_present, build_world, decide_all, lock, meeting_at
from workgroups import services as wg_services

pytestmark = pytest.mark.django_db
MARCH, JUNE, JULY = dt.date(2026, 3, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1)
PEERS = ["TA091", "TA837"]


@pytest.fixture
def w(make_user, areas, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MONITORING_PEER_AREAS = PEERS
    w = build_world(make_user)
    # 10.3.2026: § 1 public, § 2 not public (JulkL 24 §); the minutes published.
    meeting = meeting_at(w, dt.date(2026, 3, 10), items=2, publicity=["public", "not_public"])
    all_present(w, meeting)
    w.public, w.secret = decide_all(w, meeting)
    lock(w, meeting)
    wg_services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    w.meeting = meeting
    w.official = make_user(roles.OFFICIAL, email="virkailija@test.example")
    w.outsider = make_user(email="ulkopuolinen@test.example")
    w.rate = Metric.objects.get(code="unemployment-rate")
    w.lahti = ReferenceArea.objects.get(code="TA398")
    # Hand-made figures: the area falls 1,0 pp, the country 0,2 pp, the peers 0,5 and 0,1 pp (mean 0,3).
    for code, march, june in (("TA398", "12.0", "11.0"), ("SSS", "10.0", "9.8"), ("TA091", "8.0", "7.5"),
                              ("TA837", "9.0", "8.9"), ("KU398", "12.0", "11.0")):
        Observation.objects.create(metric=w.rate, area_code=code, month=MARCH, value=Decimal(march))
        Observation.objects.create(metric=w.rate, area_code=code, month=JUNE, value=Decimal(june))
    return w


def link(w, decision, *, area=None, target="11.5", target_date=dt.date(2026, 12, 31), metric=None):
    return services.decision_links_save(decision=decision, acting_user=w.secretary, links=[services.LinkSpec(
        metric=metric or w.rate, area=area or w.lahti, direction="down",
        target_value=Decimal(target) if target else None, target_date=target_date)])


def test_since_the_decision_against_hand_computed_figures(w):
    (saved,) = link(w, w.public)
    rows = DecisionMetricLink.objects.visible_to(w.secretary).select_related(
        "decision__agenda_item__meeting", "metric", "area")
    (f,) = follow_ups(list(rows), as_of=JULY)  # July has no figures yet: the latest is June
    assert f.link == saved
    assert (f.decision_month, f.latest_month) == (MARCH, JUNE)
    assert (f.value_then, f.value_now, f.change) == (Decimal("12.0"), Decimal("11.0"), Decimal("-1.0"))
    assert (f.country.change, f.country.difference) == (Decimal("-0.2"), Decimal("-0.8"))
    assert (f.peers.change, f.peers.difference) == (Decimal("-0.3"), Decimal("-0.7"))
    assert f.in_intended_direction is True and f.target_reached is True
    shown = f.figures()
    assert (shown.value_then, shown.value_now) == ("12.0%", "11.0%")  # English notation (conftest)
    assert shown.change == "−1.0\u00a0pp" and shown.versus_country == "−0.8\u00a0pp"
    assert shown.peer_change == "−0.3\u00a0pp" and shown.versus_peers == "−0.7\u00a0pp"
    assert shown.target_state == "reached" and shown.direction_verdict == "in the intended direction"
    assert "Helsingin työllisyysalue" in shown.peer_names


def test_a_target_not_met_and_no_figures_yet(w):
    link(w, w.public, target="10.5", target_date=dt.date(2026, 5, 31))
    rows = list(DecisionMetricLink.objects.visible_to(w.secretary).select_related(
        "decision__agenda_item__meeting", "metric", "area"))
    (f,) = follow_ups(rows, as_of=JULY)
    assert f.target_reached is False and f.figures().target_state == "not reached by the target date"
    (f,) = follow_ups(rows, as_of=MARCH)  # only the month of the decision: nothing to compare yet
    assert f.latest_month is None and f.change is None and f.country.change is None
    assert f.figures().direction_verdict == "no figures since the decision yet"


def test_only_the_bodys_secretary_links_and_bad_rows_write_nothing(w):
    with pytest.raises(PermissionDenied):
        services.decision_links_save(decision=w.public, acting_user=w.member1, links=[])
    country = ReferenceArea.objects.get(code="SSS")
    bad = [services.LinkSpec(metric=w.rate, area=w.lahti, direction="down"),
           services.LinkSpec(metric=w.rate, area=country, direction="down", target_value=Decimal("150"))]
    with pytest.raises(ValidationError) as refused:
        services.decision_links_save(decision=w.public, acting_user=w.secretary, links=bad)
    messages = refused.value.messages
    assert any(m.startswith("Row 2: The whole country is the comparison") for m in messages)
    assert any(m.startswith("Row 2: 150 is above 100") for m in messages)
    before = [services.LinkSpec(metric=w.rate, area=w.lahti, direction="up", target_date=dt.date(2026, 3, 1))]
    with pytest.raises(ValidationError, match="Row 1: The target date cannot be before the decision"):
        services.decision_links_save(decision=w.public, acting_user=w.secretary, links=before)
    assert not DecisionMetricLink.objects.exists()


def test_links_are_audited_replaced_and_kept_through_a_correction(w):
    (saved,) = link(w, w.public)
    entry = LogEntry.objects.get_for_object(saved).get()
    assert entry.actor == w.secretary and entry.action == LogEntry.Action.CREATE
    # The minutes are locked: a correction of the decision keeps its links …
    wg_services.decision_correct(decision=w.public, reason="Kirjoitusvirhe", text="Korjattu päätös",
                                 acting_user=w.secretary)
    assert list(DecisionMetricLink.objects.visible_to(w.secretary).filter(decision=w.public)) == [saved]
    # … and the secretary may still annotate it: a changed target is an update in the audit trail.
    link(w, w.public, target="11.0")
    saved.refresh_from_db()
    assert saved.target_value == Decimal("11.0")
    assert LogEntry.objects.get_for_object(saved).filter(action=LogEntry.Action.UPDATE, actor=w.secretary).exists()
    services.decision_links_save(decision=w.public, acting_user=w.secretary, links=[])
    assert not DecisionMetricLink.objects.exists()
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(saved.pk)).exists()


def test_a_non_public_decision_is_followed_only_by_those_who_see_it(w, client_for, api_client_for):
    link(w, w.public)
    link(w, w.secret, area=ReferenceArea.objects.get(code="MK07"))
    secret_title = w.secret.agenda_item.title
    assert DecisionMetricLink.objects.visible_to(w.member1).count() == 2
    assert DecisionMetricLink.objects.visible_to(w.outsider).count() == 1
    assert DecisionMetricLink.objects.visible_to(w.other_member).count() == 1
    # The metric page: markers and the table.
    url = reverse("monitoring:metric", args=[w.rate.code]) + "?month=2026-06"
    member_page = client_for(w.member1).get(url).content.decode()
    assert member_page.count('class="chart-marker"') == 2 and secret_title in member_page
    official_page = client_for(w.official).get(url).content.decode()
    assert official_page.count('class="chart-marker"') == 1 and secret_title not in official_page
    assert w.public.agenda_item.title in official_page
    # The decision page: the members see both follow-ups, the official only the public one.
    meeting_url = reverse("workgroups:meeting-detail", args=[w.meeting.pk])
    assert client_for(w.member1).get(meeting_url).content.decode().count('id="linked-metrics-') == 2
    official_meeting = client_for(w.official).get(meeting_url).content.decode()
    assert official_meeting.count('id="linked-metrics-') == 1 and "−1,0\u00a0" in official_meeting
    # The dashboard's follow-up panel: the same rule.
    assert secret_title in client_for(w.member1).get("/dashboard/").content.decode()
    official_dashboard = client_for(w.official).get("/dashboard/").content.decode()
    assert w.public.agenda_item.title in official_dashboard and secret_title not in official_dashboard
    # The API: anonymous clients read the public decision with its links; the secret one is not listed.
    data = api_client_for(None).get("/api/v1/decisions/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["linked_metrics"] for r in rows] == [[{
        "metric": "unemployment-rate", "metric_name": w.rate.name, "area": "TA398",
        "area_name": "Lahden kaupungin työllisyysalue", "direction": "down", "target_value": "11.5000",
        "target_date": "2026-12-31"}]]
    member_rows = api_client_for(w.member1).get("/api/v1/decisions/").json()
    member_rows = member_rows["results"] if isinstance(member_rows, dict) else member_rows
    assert sorted(r["linked_metrics"][0]["area"] for r in member_rows) == ["MK07", "TA398"]
    # The report: a non-public decision never in a report some reader may not see; in one for members only.
    wide = report_document(month=JUNE, language="en", readers=[w.member1, w.official]).html
    assert "Follow-up of decisions" in wide and w.public.agenda_item.title in wide and secret_title not in wide
    members = report_document(month=JUNE, language="en", readers=[w.member1, w.member2]).html
    assert secret_title in members


def test_the_secretary_links_on_the_page_and_others_may_not(w, client_for):
    url = reverse("monitoring:decision-metrics", args=[w.public.pk])
    assert client_for(w.member1).get(url).status_code == 403
    assert client_for(w.outsider).get(reverse("monitoring:decision-metrics", args=[w.secret.pk])).status_code == 404
    form = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-metric": w.rate.pk,
            "form-0-area_code": "TA398", "form-0-direction": "down", "form-0-target_value": "11,5",
            "form-0-target_date": "2026-12-31", "form-1-metric": "", "form-1-area_code": "",
            "form-1-direction": ""}
    client = client_for(w.secretary)
    client.cookies["django_language"] = "en"  # the messages are asserted in English
    response = client.post(url, form)
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{w.public.agenda_item_id}")
    saved = DecisionMetricLink.objects.visible_to(w.secretary).get()
    assert (saved.area.code, saved.target_value) == ("TA398", Decimal("11.5"))
    refused = client.post(url, {**form, "form-0-target_value": "101"})
    assert refused.status_code == 400 and "Row 1: 101 is above 100" in refused.content.decode()
    missing = client.post(url, {**form, "form-0-direction": ""})
    assert missing.status_code == 400 and "Choose whether the metric should go up or down." in missing.content.decode()
    assert DecisionMetricLink.objects.visible_to(w.secretary).get().target_value == Decimal("11.5")


def test_the_report_pdf_has_the_follow_up_section(w):
    from cooperation.base.pdf import html_to_pdf

    link(w, w.public)
    document = report_document(month=JUNE, language="fi", readers=[w.member1, w.official])
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(html_to_pdf(document.html))).pages)
    flat = " ".join(text.split())
    assert "Päätösten seuranta" in flat
    assert "ei syy-yhteyttä" in flat
    assert "−1,0" in flat and "−0,8" in flat and "−0,7" in flat


def test_decision_markers_on_the_time_axis():
    from monitoring import charts

    months = [dt.date(2026, m, 1) for m in range(1, 13)]
    series = [("Lahti", [Decimal(m) for m in range(12)])]
    svg = charts.line_chart(title="Työttömyysaste", months=months, series=series, markers=[
        (dt.date(2026, 3, 1), "§ 3/2026", "/groups/meetings/1/#item-4"),
        (dt.date(2027, 1, 1), "§ 1/2027", "/groups/meetings/2/#item-9")])  # after the chart: left out
    assert svg.count('class="chart-marker"') == 1 and 'href="/groups/meetings/1/#item-4"' in svg
    assert 'role="group"' in svg  # links inside an image would be unreachable (axe nested-interactive)
    printed = charts.line_chart(title="Työttömyysaste", months=months, series=series, for_print=True,
                                markers=[(dt.date(2026, 3, 1), "§ 3/2026", "/x")])
    assert "§ 3/2026" in printed and "<a " not in printed and 'role="img"' in printed
    plain = charts.line_chart(title="Työttömyysaste", months=months, series=series)
    assert 'role="img"' in plain and "chart-marker" not in plain
