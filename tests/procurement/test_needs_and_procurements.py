"""Needs → coordination proposal → steering group; joint procurements, cost shares, stages, CPV, thresholds."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from parties import roles
from procurement import services
from procurement.models import CoordinationProposal, CostShare, ProcurementNeed
from procurement.validators import threshold_summary, validate_cpv_code
from tests.factories.parties import PartyFactory
from tests.factories.procurement import NeedFactory, ProcurementFactory


@pytest.mark.parametrize("code", ["79600000-0", "45000000-7", "85312000-9", "03000000-1"])
def test_valid_cpv_codes(code):
    validate_cpv_code(code)


@pytest.mark.parametrize("code, message", [
    ("79600000", "eight digits"), ("7960000-0", "eight digits"), ("79600000-00", "eight digits"),
    ("7960000A-0", "eight digits"), ("", "eight digits"), ("01000000-5", "not a CPV division"),
])
def test_invalid_cpv_codes_are_refused_with_a_reason(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_cpv_code(code)


@pytest.mark.parametrize("kind, value, year, level, national, eu", [
    ("services", Decimal("59999.99"), 2025, "below", Decimal("60000"), Decimal("221000")),
    ("services", Decimal("60000"), 2025, "national", Decimal("60000"), Decimal("221000")),
    ("services", Decimal("221000"), 2025, "eu", Decimal("60000"), Decimal("221000")),
    ("services", Decimal("216000"), 2026, "eu", Decimal("60000"), Decimal("216000")),
    ("works", Decimal("149999"), 2026, "below", Decimal("150000"), Decimal("5404000")),
    ("social_health", Decimal("400000"), 2026, "national", Decimal("400000"), Decimal("750000")),
    ("other_specific", Decimal("2400000"), 2026, "eu", Decimal("300000"), Decimal("750000")),
])
def test_thresholds(kind, value, year, level, national, eu):
    summary = threshold_summary(kind, value, year)
    assert (summary["level"], summary["national"], summary["eu"]) == (level, national, eu)


@pytest.mark.parametrize("shares, ok", [
    (["50", "50"], True), (["33.33", "33.33", "33.34"], True), (["100"], True),
    (["33.33", "33.33", "33.33"], False), (["60", "50"], False), (["100.01"], False), (["0", "100"], False),
    (["50.005", "49.995"], False),
])
def test_cost_shares_must_add_up_to_exactly_100(db, make_user, in_group, shares, ok):
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    procurement = ProcurementFactory()
    CostShare.objects.create(procurement=procurement, party=procurement.lead_party, percent=Decimal("100"))
    parties = {PartyFactory(): Decimal(s) for s in shares}
    if ok:
        services.cost_shares_set(procurement=procurement, shares=parties, acting_user=coordinator)
        assert procurement.cost_share_total() == Decimal("100")
        assert set(procurement.cost_shares.values_list("party", flat=True)) == {p.pk for p in parties}
    else:
        with pytest.raises(ValidationError):
            services.cost_shares_set(procurement=procurement, shares=parties, acting_user=coordinator)
        assert list(procurement.cost_shares.values_list("percent", flat=True)) == [Decimal("100")], "nothing saved"


def test_cost_share_form_names_the_total(client_for, make_user, in_group):
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    procurement = ProcurementFactory()
    a, b = PartyFactory(kind="city"), PartyFactory()
    response = client_for(coordinator).post(f"/procurement/{procurement.pk}/cost-shares/",
                                            {f"party_{a.pk}": "60", f"party_{b.pk}": "30"})
    assert response.status_code == 200
    assert "90" in response.content.decode() and "100" in response.content.decode()
    assert not procurement.cost_shares.exists()
    response = client_for(coordinator).post(f"/procurement/{procurement.pk}/cost-shares/",
                                            {f"party_{a.pk}": "60", f"party_{b.pk}": "40"})
    assert response.status_code == 302
    assert procurement.cost_shares.count() == 2


def test_need_to_proposal_to_steering_group(make_user, in_group, client_for, mailoutbox):
    from workgroups.models import Body, Proposal

    steering = Body.objects.create(kind=Body.Kind.STEERING_GROUP, name_fi="Ohjausryhmä")
    party = PartyFactory()
    official = make_user(roles.OFFICIAL, party=party)
    response = client_for(official).post("/procurement/needs/new/", {
        "title": "Työhönvalmennus", "service_type": "Valmennus", "cpv_code": "79600000-0",
        "target_groups": "Nuoret", "estimated_volume": "40 asiakasta", "estimated_value": "90000",
        "needed_from": "2026-08-01", "justification": "Tarve."})
    assert response.status_code == 302
    need = ProcurementNeed.objects.get()
    assert need.party == party and need.created_by == official
    assert LogEntry.objects.get_for_object(need).get().actor == official, "the change is audited with its actor"

    translation.activate("en")  # the page requests above activated Finnish for this thread
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    other = NeedFactory()
    proposal = services.proposal_create(title="Yhteinen valmennushankinta", summary="Esitämme yhteishankintaa.",
                                        needs=[need, other], acting_user=coordinator)
    need.refresh_from_db()
    assert need.status == ProcurementNeed.Status.IN_PROPOSAL
    assert not need.can_be_edited_by(official), "a bundled need is the group's to change"
    with pytest.raises(ValidationError, match="not open"):
        services.proposal_create(title="x", summary="y", needs=[need], acting_user=coordinator)
    with pytest.raises(PermissionDenied):
        services.proposal_create(title="x", summary="y", needs=[NeedFactory()], acting_user=official)

    services.proposal_send_to_steering(proposal=proposal, acting_user=coordinator)
    proposal.refresh_from_db()
    assert proposal.status == CoordinationProposal.Status.SENT
    wg = Proposal.objects.get()
    assert (wg.to_body, wg.source, wg.title) == (steering, "procurement", "Yhteinen valmennushankinta")
    assert need.title in wg.justification and other.party.name_fi in wg.justification
    with pytest.raises(ValidationError, match="already"):
        services.proposal_send_to_steering(proposal=proposal, acting_user=coordinator)


def test_bad_need_is_refused_naming_the_field_and_nothing_is_saved(make_user, client_for):
    official = make_user(roles.OFFICIAL, party=PartyFactory())
    response = client_for(official).post("/procurement/needs/new/", {
        "title": "X", "service_type": "Y", "cpv_code": "7960000-0", "target_groups": "Z", "estimated_volume": "1",
        "estimated_value": "-5", "needed_from": "2026-08-01", "needed_until": "2026-07-01", "justification": "J"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body and "CPV" in body
    form = response.context["form"]
    assert set(form.errors) >= {"cpv_code", "estimated_value", "needed_until"}
    assert not ProcurementNeed.objects.exists()


def test_stage_needs_hilma_number_for_notice(make_user, in_group):
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    procurement = ProcurementFactory(hilma_notice_number="")
    with pytest.raises(ValidationError, match="Hilma"):
        services.stage_record(procurement=procurement, stage="notice", date=dt.date(2026, 1, 1),
                              acting_user=coordinator)
    procurement.hilma_notice_number = "2026-000001"
    procurement.save()
    services.stage_record(procurement=procurement, stage="planning", date=dt.date(2025, 12, 1),
                          acting_user=coordinator, decision_reference="Ohjausryhmä § 3/2025")
    services.stage_record(procurement=procurement, stage="notice", date=dt.date(2026, 1, 1), acting_user=coordinator)
    assert procurement.current_stage().stage == "notice"


def test_steering_decision_is_linked_to_the_proposal(make_user, in_group, client_for):
    from tests.factories.workgroups import AgendaItemFactory, BodyFactory, MeetingFactory
    from workgroups.models import Body, Decision, Meeting

    steering = BodyFactory(kind=Body.Kind.STEERING_GROUP, name_fi="Ohjausryhmä")
    item = AgendaItemFactory(meeting=MeetingFactory(body=steering, status=Meeting.Status.PUBLISHED))
    decision = Decision.objects.create(agenda_item=item, body=steering, section_year=2026, section_number=4,
                                       resolution="approved", text="Hyväksytään yhteishankinta.")
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    proposal = services.proposal_create(title="P", summary="S", needs=[NeedFactory()], acting_user=coordinator)
    services.proposal_send_to_steering(proposal=proposal, acting_user=coordinator)
    client = client_for(coordinator)
    assert str(decision.pk) in client.get(f"/procurement/proposals/{proposal.pk}/").content.decode()
    client.post(f"/procurement/proposals/{proposal.pk}/decision/", {"decision": decision.pk})
    proposal.refresh_from_db()
    assert proposal.decision == decision and proposal.status == CoordinationProposal.Status.DECIDED
    assert proposal.steering_reference == str(decision)
    outsider = make_user(roles.OFFICIAL)
    assert client_for(outsider).post(f"/procurement/proposals/{proposal.pk}/decision/",
                                     {"decision": decision.pk}).status_code == 403


def test_a_proposal_links_only_the_needs_its_reader_may_open(make_user, in_group, client_for):
    """A steering-group member reads the proposal and its needs' titles, but another party's need page
    would answer 404: its title is shown without a link (issue 15: no link that 404s to its reader)."""
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    need = NeedFactory(title="Valmennustarve")
    proposal = services.proposal_create(title="P", summary="S", needs=[need], acting_user=coordinator)
    need_url = f"/procurement/needs/{need.pk}/"
    steering_member = client_for(make_user(roles.STEERING_MEMBER))
    page = steering_member.get(f"/procurement/proposals/{proposal.pk}/").content.decode()
    assert "Valmennustarve" in page and need_url not in page
    assert steering_member.get(need_url).status_code == 404
    page = client_for(coordinator).get(f"/procurement/proposals/{proposal.pk}/").content.decode()
    assert f'href="{need_url}"' in page
