"""Disruption reports: report → forward with a deadline → answer → resolution; late answers shown."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parties import roles
from procurement import services
from procurement.selectors import open_disruption_reports
from tests.factories.parties import PartyFactory
from tests.factories.procurement import ContractFactory, DisruptionFactory


def test_full_workflow_through_pages(make_user, in_group, client_for):
    party = PartyFactory()
    official = make_user(roles.OFFICIAL, party=party)
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    contract = ContractFactory()
    response = client_for(official).post("/procurement/disruptions/new/", {
        "contract": contract.pk, "title": "Valmennus peruttu", "description": "Kolme tapaamista peruttiin.",
        "occurred_on": "2020-01-01"})
    assert response.status_code == 302
    report = contract.disruptions.get()
    assert (report.reporting_party, report.reported_by, report.status) == (party, official, "reported")

    coordinator_client = client_for(coordinator)
    url = f"/procurement/disruptions/{report.pk}/"
    assert client_for(official).post(url + "forward/", {"fw-forwarded_on": "2026-01-01",
                                                        "fw-answer_due": "2026-01-10"}).status_code == 403
    day = report.reported_on
    coordinator_client.post(url + "forward/", {"fw-forwarded_on": day.isoformat(),
                                               "fw-answer_due": (day + dt.timedelta(days=14)).isoformat()})
    report.refresh_from_db()
    assert report.status == "forwarded"
    coordinator_client.post(url + "answer/", {"an-supplier_answer": "Korvaavat tapaamiset järjestetään.",
                                              "an-answered_on": (day + dt.timedelta(days=20)).isoformat()})
    report.refresh_from_db()
    assert report.status == "answered" and report.is_late(), "answered after the deadline: late"
    response = coordinator_client.post(url + "resolve/", {"re-resolution": "", "re-resolved_on": "2026-02-01"})
    report.refresh_from_db()
    assert report.status == "answered", "a resolution without text is refused"
    coordinator_client.post(url + "resolve/", {"re-resolution": "Hyvitys sovittu.",
                                               "re-resolved_on": (day + dt.timedelta(days=30)).isoformat()})
    report.refresh_from_db()
    assert report.status == "resolved"
    page = client_for(official).get(url).content.decode()
    assert "Hyvitys sovittu." in page and "Korvaavat tapaamiset" in page
    assert open_disruption_reports(readers=[official]) == []


def test_bad_dates_are_refused(make_user, in_group):
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    report = DisruptionFactory(reported_on=dt.date(2026, 5, 2))
    with pytest.raises(ValidationError) as exc:
        services.disruption_forward(report=report, forwarded_on=dt.date(2026, 5, 1), answer_due=dt.date(2026, 4, 1),
                                    acting_user=coordinator)
    assert set(exc.value.message_dict) == {"forwarded_on", "answer_due"}
    report.refresh_from_db()
    assert report.forwarded_on is None, "nothing half-written"
    with pytest.raises(ValidationError, match="Forward"):
        services.disruption_answer(report=report, answer="x", answered_on=dt.date(2026, 5, 3), acting_user=coordinator)
    with pytest.raises(PermissionDenied):
        services.disruption_forward(report=report, forwarded_on=dt.date(2026, 5, 3), answer_due=dt.date(2026, 5, 9),
                                    acting_user=make_user(roles.OFFICIAL, party=report.reporting_party))


def test_open_reports_selector_and_dashboard_show_late_answers(make_user, client_for):
    today = dt.date.today()
    party = PartyFactory()
    late = DisruptionFactory(reporting_party=party, title="Myöhässä", reported_on=today - dt.timedelta(days=20),
                             occurred_on=today - dt.timedelta(days=21), forwarded_on=today - dt.timedelta(days=19),
                             answer_due=today - dt.timedelta(days=5))
    DisruptionFactory(reporting_party=party, title="Ajallaan", reported_on=today, occurred_on=today,
                      forwarded_on=today, answer_due=today + dt.timedelta(days=10))
    DisruptionFactory(title="Toisen osapuolen")
    official = make_user(roles.OFFICIAL, party=party)
    rows = {row["title"]: row for row in open_disruption_reports(readers=[official])}
    assert "Toisen osapuolen" not in rows, "another party's report is not for this reader"
    assert rows["Myöhässä"]["late"] is True and rows["Ajallaan"]["late"] is False
    assert set(rows["Myöhässä"]) == {"title", "contract", "supplier", "reported_on", "answer_due", "late", "status"}
    assert rows["Myöhässä"]["supplier"] == late.contract.supplier.name

    page = client_for(official).get("/dashboard/").content.decode()
    assert "Myöhässä" in page and "Ajallaan" in page and "Toisen osapuolen" not in page
    assert "1 supplier answer is late" in page or "1 toimittajan vastaus" in page or "myöhässä" in page.lower()
