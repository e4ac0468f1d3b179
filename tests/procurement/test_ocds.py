"""The OCDS publication validates against the official OCDS 1.1.5 schemas (procurement/ocds/schema/).

Offline, as the tests must be: the release, release-package and record-package schemas and the
techniques extension are vendored, the extension is applied as OCDS does (JSON Merge Patch), and a
strict copy of the schema (no additional properties anywhere) counts the fields the schema does not
declare, as libcove's "additional fields" check does: 0 errors and 0 undeclared fields.
"""

import copy
import datetime as dt
from decimal import Decimal

import jsonschema
import pytest
from referencing import Registry, Resource

from parties import roles
from procurement.models import CostShare, DPSAdmission, DPSCategory, JointProcurement, OcdsRelease, PaymentMilestone
from procurement.ocds import CORE_SCHEMA_URL, EXTENSIONS, package_schema, publish, release_for, release_schema
from tests.factories.parties import PartyFactory, StateAgencyFactory
from tests.factories.procurement import ContractFactory, ProcurementFactory, SupplierFactory


def _strict(schema):
    """The schema with additionalProperties false on every object that lists its properties."""
    if isinstance(schema, dict):
        schema = {k: _strict(v) for k, v in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


def _validator(schema, *, strict=False):
    release = _strict(release_schema()) if strict else release_schema()
    schema = _strict(schema) if strict else schema
    registry = Registry().with_resource(f"{CORE_SCHEMA_URL}release-schema.json",
                                        Resource.from_contents(release))
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    return jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)


def _problems(data, schema):
    errors = [f"{list(e.path)}: {e.message}" for e in _validator(schema).iter_errors(data)]
    undeclared = [f"{list(e.path)}: {e.message}" for e in _validator(schema, strict=True).iter_errors(data)
                  if e.validator == "additionalProperties" or "oneOf" in e.validator]
    return errors, undeclared


def validate(data, schema=None):
    errors, undeclared = _problems(data, schema or release_schema())
    assert not errors, "\n".join(errors)
    assert not undeclared, "undeclared fields: " + "\n".join(undeclared)


def test_vendored_schemas_are_valid_draft4_schemas():
    for schema in (release_schema(), package_schema("release"), package_schema("record")):
        jsonschema.Draft4Validator.check_schema(schema)
    assert release_schema()["id"] == f"{CORE_SCHEMA_URL}release-schema.json"
    assert "techniques" in release_schema()["definitions"]["Tender"]["properties"]  # the extension applied


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
    assert (milestone["type"], milestone["title"]) == ("payment", "Työllistynyt 6 kuukaudeksi")
    assert "1\u00a0500,00\u00a0€" in milestone["description"]
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
    client = client_for(make_user(roles.OFFICIAL))
    response = client.get(f"/procurement/{procurement.pk}/ocds.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{procurement.ocid}-release-package.json"'
    validate(response.json(), package_schema("release"))
    record = client.get(f"/procurement/{procurement.pk}/ocds-record.json")
    assert record.status_code == 200
    validate(record.json(), package_schema("record"))



def test_undeclared_fields_are_counted(dps):
    release = copy.deepcopy(release_for(dps))
    release["tender"]["hankintalaji"] = "palvelu"
    release["parties"][0]["identifier"]["ytunnus"] = "0149669-3"
    errors, undeclared = _problems(release, release_schema())
    assert not errors and len(undeclared) == 2


def test_release_package_carries_the_publication_metadata(dps, settings):
    from procurement.ocds import release_package

    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    package = release_package([dps], uri="https://portal.example/procurement/1/ocds.json")
    validate(package, package_schema("release"))
    assert package["version"] == "1.1"
    assert package["publisher"] == {"name": "Lahden kaupunki", "scheme": "FI-PRO", "uid": "0149669-3"}
    assert package["extensions"] == list(EXTENSIONS)
    assert package["releases"][0]["ocid"] == f"ocds-abc123-{dps.pk}"
    assert package["publishedDate"] == package["releases"][0]["date"]


def test_default_ocid_prefix_has_the_registered_form(dps):
    import re

    assert re.fullmatch(r"ocds-[a-z0-9]{6}-\d+", dps.ocid)


def test_release_id_and_date_change_only_when_the_data_changes(dps):
    first = release_for(dps, now=dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC))
    again = release_for(JointProcurement.objects.get(pk=dps.pk), now=dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC))
    assert (again["id"], again["date"]) == (first["id"], "2026-03-03T08:00:00Z")
    assert OcdsRelease.objects.filter(procurement=dps).count() == 1

    dps.stages.create(stage="monitoring", date=dt.date(2026, 4, 1))
    changed = release_for(JointProcurement.objects.get(pk=dps.pk), now=dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC))
    assert changed["id"] != first["id"] and changed["date"] == "2026-04-01T09:00:00Z"
    assert changed["tag"] == ["tender", "award", "contract", "implementation"]
    assert [r["id"] for r in publish(dps)] == [first["id"], changed["id"]]


def test_record_package_holds_the_release_history_and_the_compiled_release(dps):
    from procurement.ocds import record_package

    release_for(dps, now=dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC))
    dps.title = "Työhönvalmennuksen DPS"
    dps.save()
    release_for(dps, now=dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC))
    package = record_package(dps, uri="https://portal.example/r.json", release_uri="https://portal.example/p.json")
    validate(package, package_schema("record"))
    record = package["records"][0]
    assert [r["date"] for r in record["releases"]] == ["2026-03-03T08:00:00Z", "2026-03-05T08:00:00Z"]
    assert record["compiledRelease"]["tag"] == ["compiled"]
    assert record["compiledRelease"]["tender"]["title"] == "Työhönvalmennuksen DPS"
    assert package["publishedDate"] == "2026-03-05T08:00:00Z" and package["packages"] == ["https://portal.example/p.json"]


def test_api_gives_the_release_and_record_packages(dps, api_client_for, make_user):
    client = api_client_for(make_user(roles.OFFICIAL))
    package = client.get(f"/api/v1/procurements/{dps.pk}/ocds/")
    assert package.status_code == 200
    validate(package.json(), package_schema("release"))
    record = client.get(f"/api/v1/procurements/{dps.pk}/ocds-record/")
    assert record.status_code == 200
    validate(record.json(), package_schema("record"))
