import datetime as dt

import pytest
from django.utils import timezone

from workgroups import services
from workgroups.models import ActionItem
from workgroups.selectors import decisions_in_month, open_action_items

from .conftest import all_present, decide_all, meeting_at, published_meeting

pytestmark = pytest.mark.django_db


def test_decisions_in_month_gives_public_parts_of_published_minutes_only(world):
    w = world
    # Meetings are numbered in date order (issue 11), so the earlier, unpublished one comes first: § 1.
    unpublished = meeting_at(w, dt.date(2026, 3, 15), items=1)
    all_present(w, unpublished)
    decide_all(w, unpublished)
    published_meeting(w, day=dt.date(2026, 3, 31), items=2, publicity=["public", "not_public"])
    published_meeting(w, day=dt.date(2026, 4, 1), items=1)
    rows = decisions_in_month(year=2026, month=3, readers=[w.member1, w.other_member])
    assert rows == [{
        "body": "Ohjausryhmä", "meeting_date": dt.date(2026, 3, 31), "section": "§ 2/2026",
        "title": "Asia 1 hankinta", "resolution": "Approved as proposed", "text": "Päätös: Asia 1 hankinta",
    }]
    april = decisions_in_month(year=2026, month=4, readers=[w.member1])
    assert [r["meeting_date"] for r in april] == [dt.date(2026, 4, 1)]
    assert decisions_in_month(year=2026, month=12, readers=[w.member1]) == []


def test_open_action_items_with_overdue_flag(world):
    w = world
    on = dt.date(2026, 5, 10)
    late = services.action_item_create(body=w.body, title="Myöhässä", owner=w.member1, acting_user=w.secretary,
                                       due_date=dt.date(2026, 5, 1))
    services.action_item_create(body=w.body, title="Ajallaan", owner_body=w.group, acting_user=w.secretary,
                                due_date=dt.date(2026, 6, 1))
    done = services.action_item_create(body=w.body, title="Valmis", owner=w.member1, acting_user=w.secretary,
                                       due_date=dt.date(2026, 5, 1))
    services.action_item_set_status(item=done, status="done", acting_user=w.member1)
    later = services.action_item_create(body=w.body, title="Myöhemmin luotu", owner=w.member1,
                                        acting_user=w.secretary, due_date=dt.date(2026, 5, 5))
    # Items that did not exist yet on the day are not listed.
    ActionItem.objects.exclude(pk=later.pk).update(created_at=timezone.make_aware(dt.datetime(2026, 4, 1)))
    rows = open_action_items(on=on, readers=[w.secretary, w.member1])
    assert [(r["title"], r["overdue"]) for r in rows] == [("Myöhässä", True), ("Ajallaan", False)]
    assert rows[0]["owner"] == str(w.member1) and rows[0]["party"] == late.party.name_fi
    assert rows[1]["owner"] == "Hankintaryhmä" and rows[0]["body"] == "Ohjausryhmä"
    assert set(rows[0]) == {"title", "body", "owner", "party", "due_date", "status", "overdue"}


def test_the_readers_see_what_every_one_of_them_may_see(world):
    """An action item without a public decision is for its body (and owner); a report read by
    others too does not list it. No readers: nothing."""
    w = world
    services.action_item_create(body=w.body, title="Sisäinen", owner=w.member1, acting_user=w.secretary,
                                due_date=dt.date(2026, 5, 1))
    on = timezone.localdate()
    assert [r["title"] for r in open_action_items(on=on, readers=[w.member1])] == ["Sisäinen"]
    assert open_action_items(on=on, readers=[w.member1, w.other_member]) == []
    assert open_action_items(on=on, readers=[]) == []
