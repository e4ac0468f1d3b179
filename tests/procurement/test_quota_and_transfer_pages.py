"""Running a quota split and recording a staff transfer through the pages."""

from decimal import Decimal

from parties import roles
from procurement.models import QuotaSplit, StaffTransfer
from tests.factories.parties import PartyFactory, StateAgencyFactory
from tests.factories.procurement import AppropriationFactory, TransferPlanFactory


def test_admin_splits_and_reruns_from_the_page(make_user, client_for):
    admin = make_user(roles.PORTAL_ADMIN)
    a, b = PartyFactory(), PartyFactory()
    appropriation = AppropriationFactory(amount=Decimal("100.00"))
    client = client_for(admin)
    data = {"appropriation": appropriation.pk, "counts_on": "2026-01-31", "basis": "tyonv 12r5",
            f"count_{a.pk}": "1", f"count_{b.pk}": "2"}
    assert client.post("/procurement/quotas/splits/new/", data).status_code == 302
    data[f"count_{a.pk}"] = "3"
    assert client.post("/procurement/quotas/splits/new/", data).status_code == 302
    versions = {s.version: {q.party_id: q.amount for q in s.quotas.all()}
                for s in QuotaSplit.objects.filter(appropriation=appropriation)}
    assert versions == {1: {a.pk: Decimal("33.33"), b.pk: Decimal("66.67")},
                        2: {a.pk: Decimal("60.00"), b.pk: Decimal("40.00")}}
    page = client.get("/procurement/quotas/?year=2026").content.decode()
    assert "60.00" in page or "60,00" in page
    response = client.post("/procurement/quotas/splits/new/", {"appropriation": appropriation.pk,
                                                                "counts_on": "2026-01-31"})
    assert response.status_code == 200 and QuotaSplit.objects.count() == 2
    official = make_user(roles.OFFICIAL, party=a)
    assert client_for(official).get("/procurement/quotas/splits/new/").status_code == 403


def test_hr_records_a_transfer_of_own_party_only(make_user, in_group, client_for):
    receiving, other = PartyFactory(), PartyFactory()
    plan = TransferPlanFactory(sending_party=StateAgencyFactory())
    hr = in_group(make_user(roles.OFFICIAL, party=receiving), "hr_officer")
    client = client_for(hr)
    data = {"official_name": "Uusi Virkamies", "consent_date": "2021-02-01", "from_office": "Lahti",
            "to_municipality": receiving.pk, "resource": "temporary", "person_years": "1.00",
            "starts_on": "2021-03-01", "ends_on": ""}
    response = client.post(f"/procurement/staff-transfers/{plan.pk}/transfers/new/", data)
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    data["ends_on"] = "2021-12-31"
    assert client.post(f"/procurement/staff-transfers/{plan.pk}/transfers/new/", data).status_code == 302
    assert StaffTransfer.objects.get().official_name == "Uusi Virkamies"
    data["to_municipality"] = other.pk
    response = client.post(f"/procurement/staff-transfers/{plan.pk}/transfers/new/", data)
    assert response.status_code == 200 and StaffTransfer.objects.count() == 1
    official = make_user(roles.OFFICIAL, party=receiving)
    assert client_for(official).get(f"/procurement/staff-transfers/{plan.pk}/transfers/new/").status_code == 403
