"""The parties' date rule on quotas and cost shares (Party.ensure_can_act_on), with the clock moved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties import roles
from parties.models import Party, PartySuccession
from procurement import services as procurement_services
from procurement.models import CostShare
from tests.factories.parties import PartyFactory
from tests.factories.procurement import AppropriationFactory, ProcurementFactory


@pytest.fixture
def clock(monkeypatch):
    def move(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return move


def _ended_with_successor():
    ended = PartyFactory(kind=Party.Kind.STATE_AGENCY, municipality_code="", name_fi="Old agency",
                         valid_until=dt.date(2025, 12, 31))
    successor = PartyFactory(kind=Party.Kind.STATE_AGENCY, municipality_code="", name_fi="New centre",
                             valid_from=dt.date(2026, 1, 1))
    PartySuccession.objects.create(predecessor=ended, successor=successor, effective_date=dt.date(2026, 1, 1))
    return ended, successor


def test_ended_party_gets_no_new_quota_or_cost_share(db, clock, make_user, in_group, admin_user):
    ended, _successor = _ended_with_successor()
    live = PartyFactory()
    clock(dt.date(2026, 3, 1))
    appropriation = AppropriationFactory(amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as refused:
        procurement_services.quota_split_run(appropriation=appropriation, customer_counts={ended: 1, live: 1},
                                             counts_on=dt.date(2026, 2, 28), acting_user=admin_user)
    assert "New centre" in refused.value.message_dict["customer_counts"][0]
    assert not appropriation.splits.exists()
    coordinator = in_group(make_user(roles.WORKGROUP_MEMBER), "procurement_group")
    procurement = ProcurementFactory()
    with pytest.raises(ValidationError) as refused:
        procurement_services.cost_shares_set(procurement=procurement, acting_user=coordinator,
                                             shares={ended: Decimal("50"), live: Decimal("50")})
    assert "New centre" in refused.value.message_dict["cost_shares"][0]
    with pytest.raises(ValidationError):
        CostShare(procurement=procurement, party=ended, percent=Decimal("10")).full_clean()
    # Before the end (clock moved back) the same share is accepted.
    clock(dt.date(2025, 12, 1))
    procurement_services.cost_shares_set(procurement=procurement, acting_user=coordinator,
                                         shares={ended: Decimal("50"), live: Decimal("50")})
    assert procurement.cost_shares.count() == 2
