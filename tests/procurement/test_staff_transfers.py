"""Staff transfers: the pilot plan as given, mismatches shown, names only for HR/admins of involved parties."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parties import roles
from parties.models import Party
from procurement.models import StaffTransfer
from procurement.seed import seed_pilot_transfer_plan
from tests.factories.parties import PartyFactory
from tests.factories.procurement import StaffTransferFactory, TransferPlanFactory


@pytest.fixture
def pilot_plan(seeded_parties):
    return seed_pilot_transfer_plan()


def test_pilot_plan_is_seeded_exactly_and_its_own_inconsistency_is_shown(pilot_plan):
    assert pilot_plan.total_person_years == Decimal("50.6")
    assert pilot_plan.base_person_years == Decimal("44.3")
    assert pilot_plan.temporary_person_years == Decimal("6.4")
    assert pilot_plan.temporary_until == dt.date(2021, 12, 31)
    allocations = {a.municipality.name_fi: a.person_years for a in pilot_plan.allocations.all()}
    assert allocations == {"Lahden kaupunki": Decimal("41.2"), "Hollolan kunta": Decimal("4"),
                           "Kärkölän kunta": Decimal("1.1"), "Orimattilan kaupunki": Decimal("3.1"),
                           "Asikkalan kunta": Decimal("1.2")}
    assert sum(allocations.values()) == Decimal("50.6")
    assert pilot_plan.mismatches() == ["Base 44.3 + temporary 6.4 = 50.7 person-years, but the plan's total is 50.6."]
    seed_pilot_transfer_plan()
    assert pilot_plan.allocations.count() == 5, "seeding twice changes nothing"


def test_every_mismatch_against_individual_transfers_is_listed(pilot_plan):
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    heinola = Party.objects.get(name_fi="Heinolan kaupunki")
    StaffTransferFactory(plan=pilot_plan, to_municipality=lahti, person_years=Decimal("1"))
    StaffTransferFactory(plan=pilot_plan, to_municipality=heinola, person_years=Decimal("0.5"),
                         resource="temporary", ends_on=dt.date(2022, 6, 30))
    problems = pilot_plan.mismatches()
    assert "Lahden kaupunki: individual transfers add up to 1 person-years, the plan gives 41.2." in problems
    assert "Hollolan kunta: individual transfers add up to 0 person-years, the plan gives 4." in problems
    assert "Heinolan kaupunki receives 0.5 person-years but has no allocation in the plan." in problems
    assert "Individual transfers give 0.5 person-years of temporary resource, the plan 6.4." in problems
    assert "1 temporary transfers end after the temporary resource ends (31.12.2021)." in problems


def test_consistent_plan_has_no_mismatch(db):
    party = PartyFactory()
    plan = TransferPlanFactory(total_person_years=Decimal("2"), base_person_years=Decimal("2"))
    plan.allocations.create(municipality=party, person_years=Decimal("2"))
    StaffTransferFactory(plan=plan, to_municipality=party, person_years=Decimal("1"))
    StaffTransferFactory(plan=plan, to_municipality=party, person_years=Decimal("1"))
    assert plan.mismatches() == []


@pytest.mark.parametrize("changes, field", [
    ({"resource": "temporary", "ends_on": None}, "ends_on"),
    ({"ends_on": dt.date(2021, 1, 1)}, "ends_on"),
    ({"consent_date": dt.date(2021, 4, 1)}, "consent_date"),
])
def test_bad_transfers_are_refused_naming_the_field(db, changes, field):
    transfer = StaffTransferFactory.build(plan=TransferPlanFactory(), to_municipality=PartyFactory(), **changes)
    with pytest.raises(ValidationError) as exc:
        transfer.full_clean()
    assert field in exc.value.message_dict


def test_temporary_plan_needs_an_end_date(db):
    plan = TransferPlanFactory.build(sending_party=PartyFactory(), temporary_person_years=Decimal("1"))
    with pytest.raises(ValidationError, match="end date"):
        plan.full_clean()


def test_names_only_for_hr_and_admins_of_involved_parties(make_user, in_group):
    receiving, sending, unrelated = PartyFactory(), PartyFactory(), PartyFactory()
    transfer = StaffTransferFactory(plan=TransferPlanFactory(sending_party=sending), to_municipality=receiving)
    hr_receiving = in_group(make_user(roles.OFFICIAL, party=receiving), "hr_officer")
    hr_sending = in_group(make_user(party=sending), "hr_officer")
    hr_unrelated = in_group(make_user(roles.OFFICIAL, party=unrelated), "hr_officer")
    admin_receiving = make_user(roles.PORTAL_ADMIN, party=receiving)
    admin_unrelated = make_user(roles.PORTAL_ADMIN, party=unrelated)
    official_receiving = make_user(roles.OFFICIAL, party=receiving)
    outsider = make_user(party=receiving)
    expected = {hr_receiving: True, hr_sending: True, admin_receiving: True, hr_unrelated: False,
                admin_unrelated: False, official_receiving: False, outsider: False}
    assert {user: transfer.name_visible_to(user) for user in expected} == expected
    # Rows (without names) are visible to the involved parties' people only.
    assert list(StaffTransfer.objects.visible_to(official_receiving)) == [transfer]
    assert list(StaffTransfer.objects.visible_to(hr_unrelated)) == []
    assert list(StaffTransfer.objects.visible_to(outsider)) == []
