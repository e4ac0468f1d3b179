"""Item 5 of issue 11: the dashboard's "Waiting for you" panel, per role, through the visibility rules."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from workgroups import services
from workgroups.models import Proposal
from workgroups.worklist import work_for

from .conftest import all_present, decide_all, meeting_at


def _kinds(user) -> dict:
    return {kind.key: kind for kind in work_for(user)}


def _urls(kind) -> list[str]:
    return [url for _label, url, _note in kind.rows]


def _drafted(w):
    meeting = meeting_at(w, day=timezone.localdate() - dt.timedelta(days=2), items=1)
    all_present(w, meeting)
    decide_all(w, meeting)
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    return meeting


def test_minutes_wait_for_the_checkers_and_the_chair_until_each_approves(world):
    w = world
    meeting = _drafted(w)
    url = reverse("workgroups:meeting-detail", args=[meeting.pk])
    for person in (w.member1, w.vice, w.chair):
        assert _urls(_kinds(person)["minutes"]) == [url]
    for person in (w.member2, w.secretary, w.other_member):
        assert _kinds(person)["minutes"].count == 0
    services.minutes_approve(meeting=meeting, acting_user=w.member1)
    assert _kinds(w.member1)["minutes"].count == 0
    assert _kinds(w.chair)["minutes"].count == 1


def test_secretary_sees_agendas_to_prepare_and_proposals_waiting(world):
    w = world
    upcoming = meeting_at(w, day=timezone.localdate() + dt.timedelta(days=10), items=1)
    proposal = services.proposal_submit(to_body=w.body, from_body=w.group, title="Yhteishankinta",
                                        proposal_text="Ehdotetaan", acting_user=w.wg_member)
    kinds = _kinds(w.secretary)
    assert _urls(kinds["agendas"]) == [reverse("workgroups:meeting-detail", args=[upcoming.pk])]
    assert _urls(kinds["proposals"]) == [reverse("workgroups:proposal-detail", args=[proposal.pk])]
    # Members, the proposer and outsiders have no agenda to prepare.
    for person in (w.member1, w.wg_member, w.other_member):
        assert _kinds(person)["agendas"].count == 0 and _kinds(person)["proposals"].count == 0
    services.agenda_publish(meeting=upcoming, acting_user=w.secretary)
    services.proposal_to_agenda(proposal=proposal, meeting=upcoming, acting_user=w.secretary)
    assert Proposal.objects.get(pk=proposal.pk).status != Proposal.Status.SUBMITTED
    kinds = _kinds(w.secretary)
    assert kinds["agendas"].count == 0 and kinds["proposals"].count == 0


def test_action_items_due_within_two_weeks_or_overdue_for_their_owner(world):
    w = world
    today = timezone.localdate()
    soon = services.action_item_create(body=w.body, title="Pian", owner=w.member1, acting_user=w.secretary,
                                       due_date=today + dt.timedelta(days=14))
    late = services.action_item_create(body=w.body, title="Myöhässä", owner=w.member1, acting_user=w.secretary,
                                       due_date=today - dt.timedelta(days=1))
    services.action_item_create(body=w.body, title="Myöhemmin", owner=w.member1, acting_user=w.secretary,
                                due_date=today + dt.timedelta(days=15))
    kind = _kinds(w.member1)["actions"]
    assert kind.count == 2
    assert _urls(kind) == [reverse("workgroups:action-detail", args=[pk]) for pk in (late.pk, soon.pk)]
    assert _kinds(w.member2)["actions"].count == 0


def test_panel_on_the_dashboard_and_an_outsider_sees_nothing_of_the_body(world, client_for, settings):
    w = world
    settings.DASHBOARD_PANEL_CACHE_SECONDS = 0
    meeting = _drafted(w)
    html = client_for(w.member1).get(reverse("dashboard")).content.decode()
    assert "Waiting for you" in html and 'id="waiting-minutes"' in html
    assert reverse("workgroups:meeting-detail", args=[meeting.pk]) in html
    outsider = client_for(w.other_member).get(reverse("dashboard")).content.decode()
    assert "Waiting for you" in outsider and "Nothing is waiting for you." in outsider
    assert reverse("workgroups:meeting-detail", args=[meeting.pk]) not in outsider
    assert w.body.name not in outsider


def test_panel_queries_do_not_grow_with_the_work(world):
    w = world

    def count() -> int:
        cache.clear()
        chair = type(w.chair).objects.get(pk=w.chair.pk)  # no permissions cached on the object
        with CaptureQueriesContext(connection) as queries:
            work_for(chair)
        return len(queries)

    def drafted_on(days_ago: int) -> None:
        m = meeting_at(w, day=timezone.localdate() - dt.timedelta(days=days_ago), items=1)
        all_present(w, m)
        decide_all(w, m)
        services.minutes_draft(meeting=m, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
        services.action_item_create(body=w.body, title=f"Tehtävä {days_ago}", owner=w.chair,
                                    acting_user=w.secretary, due_date=timezone.localdate() + dt.timedelta(days=1))

    for days_ago in range(30, 24, -1):  # meetings in date order: numbers run by meeting date
        drafted_on(days_ago)
    six = count()
    for days_ago in (24, 23, 22, 21):
        drafted_on(days_ago)
    assert _kinds(w.chair)["minutes"].count == 10 and _kinds(w.chair)["actions"].count == 10
    assert count() == six <= 10
