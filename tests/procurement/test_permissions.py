"""Role × object × action through pages, API and the OCDS download. The outsider sees nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parties import roles
from procurement import services
from tests.factories.parties import PartyFactory, StateAgencyFactory
from tests.factories.procurement import (
    AppropriationFactory,
    DisruptionFactory,
    NeedFactory,
    ProcurementFactory,
    StaffTransferFactory,
    TransferPlanFactory,
)


@pytest.fixture
def world(make_user, in_group):
    a, b, state = PartyFactory(), PartyFactory(), StateAgencyFactory()
    people = {
        "official_a": make_user(roles.OFFICIAL, party=a),
        "official_b": make_user(roles.OFFICIAL, party=b),
        "hr_a": in_group(make_user(roles.OFFICIAL, party=a), "hr_officer"),
        "coordinator": in_group(make_user(roles.WORKGROUP_MEMBER, party=b), "procurement_group"),
        "admin": make_user(roles.PORTAL_ADMIN, party=None),
        "outsider": make_user(party=a),
    }
    need = NeedFactory(party=a, title="Tarve-A")
    report = DisruptionFactory(reporting_party=a, title="Häiriö-A")
    procurement = ProcurementFactory(title="Hankinta-X")
    transfer = StaffTransferFactory(plan=TransferPlanFactory(sending_party=state), to_municipality=a,
                                    official_name="Salainen Nimi")
    appropriation = AppropriationFactory()
    services.quota_split_run(appropriation=appropriation, customer_counts={a: 1, b: 1},
                             counts_on=dt.date(2026, 1, 1), acting_user=people["admin"])
    return {"people": people, "need": need, "report": report, "procurement": procurement, "transfer": transfer}


# who → (sees need-A, sees report-A, sees procurement, sees the transfer row, sees the name)
EXPECTED = {
    "official_a": (True, True, True, True, False),
    "official_b": (False, False, True, False, False),
    "hr_a": (True, True, True, True, True),
    "coordinator": (True, True, True, False, False),
    "admin": (True, True, True, True, False),  # admin without a party: rows yes, names only of own party
    "outsider": (False, False, False, False, False),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_pages(world, client_for, who):
    need_ok, report_ok, procurement_ok, _row_ok, name_ok = EXPECTED[who]
    client = client_for(world["people"][who])
    for url, marker, ok in (
        (f"/procurement/needs/{world['need'].pk}/", "Tarve-A", need_ok),
        (f"/procurement/disruptions/{world['report'].pk}/", "Häiriö-A", report_ok),
        (f"/procurement/{world['procurement'].pk}/", "Hankinta-X", procurement_ok),
        (f"/procurement/{world['procurement'].pk}/ocds.json", "Hankinta-X", procurement_ok),
    ):
        response = client.get(url)
        assert (response.status_code == 200) == ok, (who, url, response.status_code)
        assert (marker in response.content.decode()) == ok
    lists = "".join(client.get(u).content.decode() for u in ("/procurement/needs/", "/procurement/disruptions/"))
    assert ("Tarve-A" in lists) == need_ok and ("Häiriö-A" in lists) == report_ok
    plan_page = client.get(f"/procurement/staff-transfers/{world['transfer'].plan_id}/")
    assert ("Salainen Nimi" in plan_page.content.decode()) == name_ok
    if who == "outsider":
        assert plan_page.status_code == 403
        assert client.get("/procurement/quotas/").status_code == 403
        assert "Hankinta" not in client.get("/dashboard/").content.decode()


@pytest.mark.parametrize("who", EXPECTED)
def test_api(world, api_client_for, who):
    need_ok, report_ok, procurement_ok, row_ok, name_ok = EXPECTED[who]
    api = api_client_for(world["people"][who])
    member = who != "outsider"

    def ids(url):
        response = api.get(url)
        if not member:
            assert response.status_code == 403, url
            return set()
        data = response.json()
        return {row["id"] for row in (data["results"] if isinstance(data, dict) else data)}

    assert (world["need"].pk in ids("/api/v1/procurement-needs/")) == need_ok
    assert (world["report"].pk in ids("/api/v1/disruption-reports/")) == report_ok
    assert (world["procurement"].pk in ids("/api/v1/procurements/")) == procurement_ok
    transfers = api.get("/api/v1/staff-transfers/").json()
    rows = transfers["results"] if isinstance(transfers, dict) else transfers
    assert bool(rows) == row_ok
    assert any(r["official_name"] == "Salainen Nimi" for r in rows) == name_ok
    quotas = api.get("/api/v1/quotas/?year=2026")
    assert quotas.status_code == (200 if member else 403)
    if member:
        assert sum(Decimal(r["amount"]) for r in quotas.json()["results"]) == Decimal("1000000.00")


def test_anonymous_gets_nothing(world, api_client_for, client):
    for url in ("/api/v1/procurements/", "/api/v1/quotas/", "/api/v1/staff-transfers/",
                "/api/v1/procurement-needs/", "/api/v1/disruption-reports/"):
        assert api_client_for(None).get(url).status_code in (401, 403)
    assert client.get("/procurement/").status_code == 302


def test_api_writes_follow_the_rules(world, api_client_for):
    p = world["people"]
    a = p["official_a"].party
    body = {"title": "API-hankinta", "lead_party": a.pk, "cpv_code": "79600000-0", "contract_type": "services",
            "procedure": "dps", "estimated_value": "100000.00",
            "cost_shares": [{"party": a.pk, "percent": "70"}, {"party": p["official_b"].party_id, "percent": "20"}]}
    assert api_client_for(p["official_a"]).post("/api/v1/procurements/", body, format="json").status_code == 403
    response = api_client_for(p["coordinator"]).post("/api/v1/procurements/", body, format="json")
    assert response.status_code == 400 and "100" in str(response.json()["cost_shares"])
    body["cost_shares"][1]["percent"] = "30"
    body["cpv_code"] = "79600000"
    response = api_client_for(p["coordinator"]).post("/api/v1/procurements/", body, format="json")
    assert response.status_code == 400 and "cpv_code" in response.json()
    body["cpv_code"] = "79600000-0"
    response = api_client_for(p["coordinator"]).post("/api/v1/procurements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert sum(Decimal(s["percent"]) for s in response.json()["cost_shares"]) == Decimal("100")
    ocds = api_client_for(p["official_b"]).get(f"/api/v1/procurements/{response.json()['id']}/ocds/")
    assert ocds.json()["releases"][0]["tender"]["techniques"]["hasDynamicPurchasingSystem"] is True

    need = {"title": "N", "service_type": "S", "cpv_code": "79600000-0", "target_groups": "T",
            "estimated_volume": "1", "estimated_value": "10", "needed_from": "2026-01-01", "justification": "J"}
    created = api_client_for(p["official_b"]).post("/api/v1/procurement-needs/", need, format="json")
    assert created.status_code == 201 and created.json()["party"] == p["official_b"].party_id
    assert api_client_for(p["official_b"]).patch(f"/api/v1/procurement-needs/{world['need'].pk}/",
                                                 {"title": "Kaapattu"}, format="json").status_code == 404
    assert api_client_for(p["outsider"]).post("/api/v1/procurement-needs/", need, format="json").status_code == 403
    transfer = world["transfer"]
    assert api_client_for(p["official_a"]).patch(f"/api/v1/staff-transfers/{transfer.pk}/", {"from_office": "X"},
                                                 format="json").status_code == 403
    assert api_client_for(p["hr_a"]).patch(f"/api/v1/staff-transfers/{transfer.pk}/", {"from_office": "X"},
                                           format="json").status_code == 200


@pytest.mark.parametrize("url", ["/procurement/needs/", "/procurement/disruptions/", "/procurement/"])
def test_list_pages_keep_their_query_count(make_user, in_group, client_for, url):
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER, party=PartyFactory()), "procurement_group")
    client = client_for(coordinator)

    def make(n):
        for _ in range(n):
            {"/procurement/needs/": NeedFactory, "/procurement/disruptions/": DisruptionFactory,
             "/procurement/": ProcurementFactory}[url]()

    make(10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    _bulk(url, 990)
    with CaptureQueriesContext(connection) as thousand:
        response = client.get(url)
        assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1000
    assert len(ten) == len(thousand)


def _bulk(url, n):
    """Copies of the last row, inserted in one statement (factories for 990 rows are slow)."""
    from procurement.models import DisruptionReport, JointProcurement, ProcurementNeed

    model = {"/procurement/needs/": ProcurementNeed, "/procurement/disruptions/": DisruptionReport,
             "/procurement/": JointProcurement}[url]
    template = model.objects.order_by("-pk").first()
    rows = []
    for _ in range(n):
        row = model.objects.get(pk=template.pk)
        row.pk = None
        rows.append(row)
    model.objects.bulk_create(rows)
