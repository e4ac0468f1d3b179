"""One rule in one place: the visibility rule, the write rules on the models, the services as the only writer."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from parties import roles
from procurement import services
from procurement.models import DisruptionReport, ProcurementNeed, StaffTransfer
from tests.factories.parties import PartyFactory, StateAgencyFactory
from tests.factories.procurement import DisruptionFactory, NeedFactory, StaffTransferFactory, TransferPlanFactory


@pytest.fixture
def two_parties(make_user, in_group):
    a, b = PartyFactory(), PartyFactory()
    return {
        "a": a, "b": b,
        "official_a": make_user(roles.OFFICIAL, party=a),
        "official_b": make_user(roles.OFFICIAL, party=b),
        "hr_a": in_group(make_user(roles.OFFICIAL, party=a), "hr_officer"),
    }


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def test_another_partys_disruption_report_is_invisible_everywhere(two_parties, client_for, api_client_for):
    report = DisruptionFactory(reporting_party=two_parties["a"], title="Häiriö-A")
    official_b = two_parties["official_b"]
    # The one rule and the object check derived from it agree.
    assert not DisruptionReport.objects.visible_to(official_b).filter(pk=report.pk).exists()
    assert not report.can_be_viewed_by(official_b)
    assert report.can_be_viewed_by(two_parties["official_a"])

    client = client_for(official_b)
    assert client.get(f"/procurement/disruptions/{report.pk}/").status_code == 404
    assert "Häiriö-A" not in client.get("/procurement/disruptions/").content.decode()
    assert "Häiriö-A" not in client.get("/dashboard/").content.decode()
    api = api_client_for(official_b)
    assert report.pk not in {row["id"] for row in _rows(api.get("/api/v1/disruption-reports/"))}
    assert api.get(f"/api/v1/disruption-reports/{report.pk}/").status_code == 404
    assert api.patch(f"/api/v1/disruption-reports/{report.pk}/", {"title": "Kaapattu"},
                     format="json").status_code == 404
    report.refresh_from_db()
    assert report.title == "Häiriö-A"
    # The reporting party's own official sees it on the same paths.
    own = api_client_for(two_parties["official_a"])
    assert own.get(f"/api/v1/disruption-reports/{report.pk}/").status_code == 200


def test_official_cannot_record_a_transfer_of_another_party_through_the_api(two_parties, api_client_for):
    plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    body = {"plan": plan.pk, "official_name": "Uusi Virkamies", "consent_date": "2021-02-01",
            "from_office": "Lahti", "to_municipality": two_parties["b"].pk, "resource": "base",
            "person_years": "1.00", "starts_on": "2021-03-01"}
    api = api_client_for(two_parties["hr_a"])
    response = api.post("/api/v1/staff-transfers/", body, format="json")
    assert response.status_code == 403, response.content
    assert not StaffTransfer.objects.exists()
    body["to_municipality"] = two_parties["a"].pk
    assert api.post("/api/v1/staff-transfers/", body, format="json").status_code == 201


def test_the_rule_is_on_the_model_and_the_service_refuses(two_parties):
    plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    foreign = StaffTransferFactory.build(plan=plan, to_municipality=two_parties["b"])
    assert not foreign.can_be_created_by(two_parties["hr_a"])
    with pytest.raises(PermissionDenied):
        services.staff_transfer_save(transfer=foreign, acting_user=two_parties["hr_a"])
    assert not StaffTransfer.objects.exists()

    need = NeedFactory(party=two_parties["a"], title="Tarve-A")
    assert not need.can_be_edited_by(two_parties["official_b"])
    need.title = "Kaapattu"
    with pytest.raises(PermissionDenied):
        services.need_save(need=need, acting_user=two_parties["official_b"])
    need.refresh_from_db()
    assert need.title == "Tarve-A"


def test_api_writes_carry_the_api_caller_as_the_audit_actor(two_parties, api_client_for):
    official = two_parties["official_a"]
    body = {"title": "N", "service_type": "S", "cpv_code": "79600000-0", "target_groups": "T",
            "estimated_volume": "1", "estimated_value": "10", "needed_from": "2026-01-01", "justification": "J",
            "party": two_parties["b"].pk}
    response = api_client_for(official).post("/api/v1/procurement-needs/", body, format="json")
    assert response.status_code == 201, response.content
    need = ProcurementNeed.objects.get(pk=response.json()["id"])
    assert need.party == two_parties["a"], "a need is always recorded for the caller's own party"
    assert [e.actor for e in LogEntry.objects.get_for_object(need)] == [official]

    response = api_client_for(official).patch(f"/api/v1/procurement-needs/{need.pk}/", {"title": "Uusi"},
                                              format="json")
    assert response.status_code == 200
    entries = LogEntry.objects.get_for_object(need)
    assert entries.count() == 2 and {e.actor for e in entries} == {official}

    plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    response = api_client_for(two_parties["hr_a"]).post("/api/v1/staff-transfers/", {
        "plan": plan.pk, "official_name": "Uusi Virkamies", "consent_date": "2021-02-01", "from_office": "Lahti",
        "to_municipality": two_parties["a"].pk, "resource": "base", "person_years": "1.00",
        "starts_on": "2021-03-01"}, format="json")
    assert response.status_code == 201, response.content
    transfer = StaffTransfer.objects.get(pk=response.json()["id"])
    assert [e.actor for e in LogEntry.objects.get_for_object(transfer)] == [two_parties["hr_a"]]


def test_an_hr_officer_cannot_move_a_transfer_to_an_uninvolved_party(two_parties, api_client_for, client_for):
    """Issue 17: the changed transfer must still involve the officer's organisation (the model rule
    StaffTransfer.can_be_saved_by, asked by the service that the page and the API both call)."""
    hr_a = two_parties["hr_a"]
    plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    transfer = StaffTransferFactory(plan=plan, to_municipality=two_parties["a"])
    assert transfer.can_be_edited_by(hr_a)

    moved = StaffTransfer.objects.get(pk=transfer.pk)
    moved.to_municipality = two_parties["b"]
    assert not moved.can_be_saved_by(hr_a, stored=transfer)
    with pytest.raises(PermissionDenied):
        services.staff_transfer_save(transfer=moved, acting_user=hr_a)

    response = api_client_for(hr_a).patch(f"/api/v1/staff-transfers/{transfer.pk}/",
                                          {"to_municipality": two_parties["b"].pk}, format="json")
    assert response.status_code == 403, response.content
    transfer.refresh_from_db()
    assert transfer.to_municipality == two_parties["a"]

    # A change that keeps the officer's organisation involved is still allowed.
    response = api_client_for(hr_a).patch(f"/api/v1/staff-transfers/{transfer.pk}/", {"from_office": "Heinola"},
                                          format="json")
    assert response.status_code == 200, response.content
