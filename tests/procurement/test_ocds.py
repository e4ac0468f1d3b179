"""The OCDS export validates against the official OCDS 1.1 release schema (procurement/ocds/)."""

import copy
import datetime as dt
from decimal import Decimal

import jsonschema
import pytest

from parties import roles
from procurement.models import CostShare, DPSAdmission, DPSCategory, JointProcurement, PaymentMilestone
from procurement.ocds import release_for, release_schema
from tests.factories.parties import PartyFactory, StateAgencyFactory
from tests.factories.procurement import ContractFactory, ProcurementFactory, SupplierFactory


def validate(release):
    validator = jsonschema.Draft4Validator(release_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_vendored_schema_is_a_valid_draft4_schema():
    jsonschema.Draft4Validator.check_schema(release_schema())
    assert release_schema()["id"].endswith("/1__1__5/release-schema.json")


@pytest.fixture
def dps(db):
    lead = PartyFactory(name_fi="Lahden kaupunki", business_id="0149669-3", street_address="Harjukatu 31",
                        postal_code="15101", post_office="Lahti")
    partner = PartyFactory(name_fi="Hollolan kunta", business_id="0146248-5")
    procurement = ProcurementFactory(lead_party=lead, procedure=JointProcurement.Procedure.DPS,
                                     hilma_notice_number="2026-012345", estimated_value=Decimal("2400000"))
    CostShare.objects.create(procurement=procurement, party=lead, percent=Decimal("62.5"))
    CostShare.objects.create(procurement=procurement, party=partner, percent=Decimal("37.5"))
    PaymentMilestone.objects.create(procurement=procurement, title="Työllistynyt 6 kuukaudeksi",
                                    amount=Decimal("1500"))
    contract = ContractFactory(procurement=procurement, value=Decimal("300000"), signed_on=dt.date(2026, 3, 2))
    category = DPSCategory.objects.create(procurement=procurement, name="Työhönvalmennus")
    DPSAdmission.objects.create(category=category, supplier=contract.supplier, admitted_on=dt.date(2026, 2, 1))
    DPSAdmission.objects.create(category=category, supplier=SupplierFactory(), admitted_on=dt.date(2026, 2, 1))
    procurement.stages.create(stage="contract", date=dt.date(2026, 3, 2))
    return procurement


def test_dps_release_validates_and_carries_what_the_issue_asks(dps):
    release = release_for(dps)
    validate(release)
    by_id = {p["id"]: p for p in release["parties"]}
    lead = by_id["FI-PRO-0149669-3"]
    assert set(lead["roles"]) == {"buyer", "procuringEntity"}
    assert lead["identifier"] == {"scheme": "FI-PRO", "id": "0149669-3", "legalName": "Lahden kaupunki"}
    assert by_id["FI-PRO-0146248-5"]["roles"] == ["buyer"]
    suppliers = [p for p in release["parties"] if "supplier" in p["roles"]]
    assert len(suppliers) == 2 and all(p["id"].startswith("FI-PRO-") for p in suppliers)
    tender = release["tender"]
    assert tender["items"][0]["classification"] == {"scheme": "CPV", "id": "79600000-0"}
    assert tender["techniques"]["hasDynamicPurchasingSystem"] is True
    assert tender["procuringEntity"]["id"] == "FI-PRO-0149669-3"
    assert release["awards"][0]["suppliers"][0]["id"] in by_id
    milestone = release["contracts"][0]["milestones"][0]
    assert (milestone["type"], milestone["title"], milestone["value"]) == (
        "payment", "Työllistynyt 6 kuukaudeksi", {"amount": 1500.0, "currency": "EUR"})
    assert release["tag"] == ["tender", "award", "contract"]


def test_parties_sharing_a_business_id_get_distinct_ids(db):
    te, ely = StateAgencyFactory(business_id="2296962-1"), StateAgencyFactory(business_id="2296962-1")
    procurement = ProcurementFactory(lead_party=te, procedure="open")
    CostShare.objects.create(procurement=procurement, party=te, percent=Decimal("50"))
    CostShare.objects.create(procurement=procurement, party=ely, percent=Decimal("50"))
    release = release_for(procurement)
    validate(release)
    ids = [p["id"] for p in release["parties"]]
    assert len(ids) == len(set(ids)) == 2
    assert release["tender"]["techniques"]["hasDynamicPurchasingSystem"] is False


@pytest.mark.parametrize("breakage", [
    lambda r: r.update(tag=["notATag"]),
    lambda r: r["tender"].update(status="ongoing"),
    lambda r: r["contracts"][0]["value"].update(currency="EURO"),
    lambda r: r.pop("ocid"),
    lambda r: r["awards"][0].pop("id"),
])
def test_schema_catches_broken_releases(dps, breakage):
    release = copy.deepcopy(release_for(dps))
    breakage(release)
    with pytest.raises(AssertionError):
        validate(release)


def test_demo_procurement_release_validates(seeded_parties, client_for, make_user):
    from parties import demo as parties_demo
    from procurement import demo

    parties_demo.seed()
    demo.seed()
    demo.seed()  # idempotent
    assert JointProcurement.objects.count() == 1
    procurement = JointProcurement.objects.get(title=demo.DPS_TITLE)
    response = client_for(make_user(roles.OFFICIAL)).get(f"/procurement/{procurement.pk}/ocds.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    validate(response.json())
