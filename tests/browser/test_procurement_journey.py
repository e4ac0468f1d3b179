"""An official records a need, the procurement group bundles it into a proposal, and a disruption
report goes from report to resolution: every page passes axe (WCAG 2.1 A/AA)."""

import pytest
from django.contrib.auth.models import Group

from parties import roles
from procurement.apps import sync_groups
from procurement.models import CoordinationProposal, DisruptionReport, ProcurementNeed
from tests.browser.conftest import assert_accessible, login
from tests.factories.parties import PartyFactory
from tests.factories.procurement import ContractFactory

pytestmark = pytest.mark.browser


def _switch_user(page, user):
    page.context.clear_cookies()
    login(page, user)


def test_need_to_proposal_and_disruption_to_resolution(page, make_user):
    sync_groups()
    party = PartyFactory(name_fi="Testikaupunki")
    official = make_user(roles.OFFICIAL, party=party)
    coordinator = make_user(roles.WORKGROUP_MEMBER, party=PartyFactory())
    coordinator.groups.add(Group.objects.get(name="procurement_group"))
    contract = ContractFactory(title="Valmennussopimus")

    # 1. The official records a need.
    login(page, official)
    page.goto("/procurement/needs/")
    assert_accessible(page, "needs list")
    page.goto("/procurement/needs/new/")
    page.fill("#id_title", "Nuorten työhönvalmennus")
    page.fill("#id_service_type", "Työhönvalmennus")
    page.fill("#id_cpv_code", "7960000-0")  # wrong on purpose: the error summary names the field
    page.fill("#id_target_groups", "Alle 25-vuotiaat")
    page.fill("#id_estimated_volume", "60 asiakasta")
    page.fill("#id_estimated_value", "120000")
    page.fill("#id_needed_from", "2026-08-01")
    page.fill("#id_justification", "Nuorisotyöttömyys on kasvanut.")
    page.click("main form.stacked-form button[type=submit]")
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page, "need form with errors")
    page.fill("#id_cpv_code", "79600000-0")
    page.click("main form.stacked-form button[type=submit]")
    page.wait_for_url("**/procurement/needs/*/")
    need = ProcurementNeed.objects.get(title="Nuorten työhönvalmennus")
    assert need.party == party
    assert page.get_by_role("heading", level=1).inner_text() == "Nuorten työhönvalmennus"
    assert_accessible(page, "need detail")

    # 2. The procurement group bundles it into a coordination proposal.
    _switch_user(page, coordinator)
    page.goto("/procurement/proposals/new/")
    page.fill("#id_title", "Yhteinen nuorten valmennushankinta")
    page.fill("#id_summary", "Hankintaryhmä esittää yhteishankintaa.")
    page.get_by_label("Testikaupunki: Nuorten työhönvalmennus (79600000-0)").check()
    assert_accessible(page, "proposal form")
    page.click("main form.stacked-form button[type=submit]")
    page.wait_for_url("**/procurement/proposals/*/")
    proposal = CoordinationProposal.objects.get()
    assert list(proposal.needs.all()) == [need]
    assert page.locator("main table").get_by_text("Nuorten työhönvalmennus").is_visible()
    assert_accessible(page, "proposal detail")

    # 3. The official reports a disruption in a purchased service.
    _switch_user(page, official)
    page.goto("/procurement/disruptions/new/")
    page.select_option("#id_contract", str(contract.pk))
    page.fill("#id_title", "Tapaamisia peruttu")
    page.fill("#id_description", "Kolme valmennustapaamista peruttiin ilman ilmoitusta.")
    page.fill("#id_occurred_on", "2026-01-05")
    assert_accessible(page, "disruption form")
    page.click("main form.stacked-form button[type=submit]")
    page.wait_for_url("**/procurement/disruptions/*/")
    report = DisruptionReport.objects.get()
    assert report.status == "reported"

    # 4. The procurement unit forwards it, records the answer and the resolution.
    _switch_user(page, coordinator)
    page.goto(f"/procurement/disruptions/{report.pk}/")
    assert_accessible(page, "disruption to forward")
    today = report.reported_on.isoformat()
    page.fill("#id_fw-forwarded_on", today)
    page.fill("#id_fw-answer_due", today)
    page.click("form[action$='/forward/'] button")
    page.fill("#id_an-supplier_answer", "Korvaavat tapaamiset on järjestetty.")
    page.fill("#id_an-answered_on", today)
    page.click("form[action$='/answer/'] button")
    page.fill("#id_re-resolution", "Toimittaja hyvitti perutut tapaamiset.")
    page.fill("#id_re-resolved_on", today)
    page.click("form[action$='/resolve/'] button")
    page.wait_for_selector("text=Toimittaja hyvitti perutut tapaamiset.")
    report.refresh_from_db()
    assert report.status == "resolved" and not report.is_late()
    assert_accessible(page, "resolved disruption")
    page.goto("/procurement/disruptions/")
    assert_accessible(page, "disruption list")
    page.goto("/dashboard/")
    assert_accessible(page, "dashboard with the procurement panel")


def test_procurement_quota_and_transfer_pages_are_accessible(page, make_user, seeded_parties):
    from parties import demo as parties_demo
    from parties.models import Party
    from procurement import demo
    from procurement.models import JointProcurement, TransferPlan

    parties_demo.seed()
    demo.seed()
    hr = make_user(roles.OFFICIAL, party=Party.objects.get(name_fi="Lahden kaupunki"))
    hr.groups.add(Group.objects.get(name="hr_officer"))
    login(page, hr)
    procurement = JointProcurement.objects.get()
    for url in ("/procurement/", f"/procurement/{procurement.pk}/", "/procurement/quotas/?year=2026",
                "/procurement/proposals/", "/procurement/staff-transfers/",
                f"/procurement/staff-transfers/{TransferPlan.objects.get().pk}/"):
        page.goto(url)
        assert_accessible(page, url)
    mismatches = page.locator(".mismatches li").all_inner_texts()
    assert any("50,7" in text and "50,6" in text for text in mismatches), mismatches
    assert page.get_by_text("Anna Esimerkki").is_visible(), "HR of Lahti sees the names of Lahti's transfers"
    assert page.get_by_text("Matti Testaaja").count() == 0, "but not Hollola's"
