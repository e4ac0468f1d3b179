"""Appropriation quotas: exact largest-remainder splits, versioned re-runs, usage warnings."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement import services
from procurement.allocation import AllocationError, largest_remainder, split_amount
from procurement.models import QuotaSplit
from procurement.selectors import quota_usage
from tests.factories.parties import PartyFactory
from tests.factories.procurement import AppropriationFactory

cents = st.integers(min_value=0, max_value=10**13)
weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12).filter(lambda w: sum(w) > 0)


@given(total=cents, counts=weights)
@settings(max_examples=500)
def test_split_sums_exactly_and_stays_within_a_cent_of_the_fair_share(total, counts):
    shares = largest_remainder(total, dict(enumerate(counts)))
    assert sum(shares.values()) == total
    weight_sum = sum(counts)
    for key, count in enumerate(counts):
        fair = Fraction(total * count, weight_sum)
        assert shares[key] - fair < 1, "never more than one cent above the fair share"
        assert fair - shares[key] < 1, "never a cent or more below it either"
        assert shares[key] >= 0


@given(total=st.decimals(min_value=0, max_value=10**9, places=2), counts=weights)
def test_decimal_split_sums_to_the_appropriation(total, counts):
    shares = split_amount(total, dict(enumerate(counts)))
    assert sum(shares.values()) == total
    assert all(share.as_tuple().exponent == -2 for share in shares.values())


def test_split_is_deterministic_and_ties_go_in_the_order_given():
    assert largest_remainder(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert largest_remainder(100, {"c": 1, "b": 1, "a": 1}) == {"c": 34, "b": 33, "a": 33}


@pytest.mark.parametrize("bad", [{"a": 0, "b": 0}, {"a": -1, "b": 2}])
def test_impossible_weights_are_refused(bad):
    with pytest.raises(AllocationError):
        largest_remainder(100, bad)


def test_fractions_of_a_cent_are_refused():
    with pytest.raises(AllocationError):
        split_amount(Decimal("10.005"), {"a": 1})


@pytest.mark.django_db
def test_rerun_keeps_earlier_split_and_records_usage_warnings(admin_user, official):
    lahti, area = PartyFactory(), PartyFactory()
    appropriation = AppropriationFactory(amount=Decimal("1000000.00"))
    first = services.quota_split_run(appropriation=appropriation, customer_counts={lahti: 2, area: 1},
                                     counts_on=dt.date(2026, 1, 31), acting_user=admin_user)
    assert {q.party: q.amount for q in first.quotas.all()} == {lahti: Decimal("666666.67"),
                                                                area: Decimal("333333.33")}
    second = services.quota_split_run(appropriation=appropriation, customer_counts={lahti: 3, area: 1},
                                      counts_on=dt.date(2026, 6, 30), acting_user=admin_user)
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert second.version == 2 and QuotaSplit.objects.filter(appropriation=appropriation).count() == 2
    assert first.quotas.get(party=lahti).amount == Decimal("666666.67"), "the earlier split is kept as it was"
    assert appropriation.current_split() == second

    official.party = lahti
    official.save()
    _entry, warning = services.quota_entry_record(
        appropriation=appropriation, party=lahti, kind="commitment", amount=Decimal("600000.00"),
        date=dt.date(2026, 7, 1), description="Palkkatukipäätökset", acting_user=official)
    assert warning == Decimal("80")  # 600 000 / 750 000 = 80 %
    _entry, warning = services.quota_entry_record(
        appropriation=appropriation, party=lahti, kind="commitment", amount=Decimal("1.00"),
        date=dt.date(2026, 7, 2), description="Lisäpäätös", acting_user=official)
    assert warning is None, "the 80 % level was already passed"
    _entry, warning = services.quota_entry_record(
        appropriation=appropriation, party=lahti, kind="commitment", amount=Decimal("150000.00"),
        date=dt.date(2026, 8, 1), description="Ylitys", acting_user=official)
    assert warning == Decimal("100")
    services.quota_entry_record(appropriation=appropriation, party=lahti, kind="spending",
                                amount=Decimal("12345.67"), date=dt.date(2026, 8, 1), description="Maksut",
                                acting_user=official)
    rows = {row["authority"]: row for row in quota_usage(year=2026)}
    assert rows[lahti.name] == {
        "appropriation": "32.30.51", "authority": lahti.name, "amount": Decimal("750000.00"),
        "committed": Decimal("750001.00"), "spent": Decimal("12345.67"), "usage_percent": Decimal("100.0"),
        "warning": Decimal("100")}
    assert rows[area.name]["warning"] is None


@pytest.mark.django_db
def test_entries_need_a_quota_and_an_own_party(admin_user, official):
    party, other = PartyFactory(), PartyFactory()
    appropriation = AppropriationFactory()
    services.quota_split_run(appropriation=appropriation, customer_counts={party: 1},
                             counts_on=dt.date(2026, 1, 1), acting_user=admin_user)
    official.party = party
    official.save()
    with pytest.raises(PermissionDenied):
        services.quota_entry_record(appropriation=appropriation, party=other, kind="commitment",
                                    amount=Decimal("1"), date=dt.date(2026, 1, 2), description="x",
                                    acting_user=official)
    with pytest.raises(ValidationError, match="no quota"):
        services.quota_entry_record(appropriation=appropriation, party=other, kind="commitment",
                                    amount=Decimal("1"), date=dt.date(2026, 1, 2), description="x",
                                    acting_user=admin_user)
    with pytest.raises(PermissionDenied):
        services.quota_split_run(appropriation=appropriation, customer_counts={party: 1},
                                 counts_on=dt.date(2026, 1, 1), acting_user=official)
    with pytest.raises(ValidationError):
        services.quota_split_run(appropriation=appropriation, customer_counts={party: 0},
                                 counts_on=dt.date(2026, 1, 1), acting_user=admin_user)
    assert appropriation.splits.count() == 1, "a refused re-run writes nothing"
