"""A small world: a steering group with chair, vice chair, two members, a personal deputy and a secretary,
and a working group under it; helpers that take a meeting through the whole workflow via the services."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from parties import roles
from tests.factories.workgroups import BodyFactory, MembershipFactory, WorkingGroupFactory
from workgroups import services
from workgroups.models import Membership

R = Membership.Role


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The world has a dozen people; PBKDF2 for each would dominate these tests on a shared CPU."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read the English msgids; Finnish and Swedish rendering is tested separately."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(make_user):
    return build_world(make_user)


def build_world(make_user):
    body = BodyFactory(name_fi="Ohjausryhmä", short_name="Ohjausryhmä")
    w = SimpleNamespace(body=body)
    w.secretary = make_user(roles.SECRETARY, email="sihteeri@test.example")
    w.chair = make_user(roles.STEERING_MEMBER, email="pj@test.example")
    w.vice = make_user(roles.STEERING_MEMBER, email="vpj@test.example")
    w.member1 = make_user(roles.STEERING_MEMBER, email="jasen1@test.example")
    w.member2 = make_user(roles.STEERING_MEMBER, email="jasen2@test.example")
    w.deputy = make_user(roles.STEERING_MEMBER, email="vara@test.example")
    w.m_secretary = MembershipFactory(body=body, user=w.secretary, role=R.SECRETARY, voting=False)
    w.m_chair = MembershipFactory(body=body, user=w.chair, role=R.CHAIR)
    w.m_vice = MembershipFactory(body=body, user=w.vice, role=R.VICE_CHAIR)
    w.m_member1 = MembershipFactory(body=body, user=w.member1, role=R.MEMBER)
    w.m_member2 = MembershipFactory(body=body, user=w.member2, role=R.MEMBER)
    w.m_deputy = MembershipFactory(body=body, user=w.deputy, role=R.DEPUTY, deputy_for=w.m_member2)
    w.group = WorkingGroupFactory(parent=body, name_fi="Hankintaryhmä")
    w.wg_member = make_user(roles.WORKGROUP_MEMBER, email="tyoryhma@test.example")
    w.m_wg_member = MembershipFactory(body=w.group, user=w.wg_member, role=R.MEMBER)
    w.other_body = BodyFactory(name_fi="Toinen ryhmä")
    w.other_member = make_user(roles.STEERING_MEMBER, email="toinen@test.example")
    MembershipFactory(body=w.other_body, user=w.other_member, role=R.MEMBER)
    return w


def meeting_at(w, day=dt.date(2026, 3, 10), *, items=3, body=None, publicity=None, standard_agenda=False):
    """A meeting with `items` items (without the standard opening items unless asked: tests count items)."""
    body = body or w.body
    meeting = services.meeting_create(
        body=body, acting_user=w.secretary, location="Lahti",
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(13, 0))), standard_agenda=standard_agenda,
    )
    for n in range(items):
        kwargs = {}
        if publicity and publicity[n] == "not_public":
            kwargs = {"publicity": "not_public", "secrecy_ground": "JulkL 24 § 1 mom. 20 k"}
        services.agenda_item_add(meeting=meeting, acting_user=w.secretary, title=f"Asia {n + 1} hankinta",
                                 proposal_text=f"Ehdotus {n + 1}", **kwargs)
    return meeting


def all_present(w, meeting, *, absent=()):
    voting = [w.m_chair, w.m_vice, w.m_member1, w.m_member2]
    entries = [services.AttendanceEntry(membership=m, status="absent" if m in absent else "present")
               for m in voting]
    services.attendance_record(meeting=meeting, entries=entries, acting_user=w.secretary)


def decide_all(w, meeting, resolution="approved"):
    return [services.decision_record(item=item, resolution=resolution, text=f"Päätös: {item.title}",
                                     acting_user=w.secretary)
            for item in meeting.items.order_by("order")]


def lock(w, meeting):
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    for user in (w.member1, w.vice, w.chair):
        services.minutes_approve(meeting=meeting, acting_user=user)
    meeting.refresh_from_db()
    return meeting


def published_meeting(w, **kwargs):
    meeting = meeting_at(w, **kwargs)
    all_present(w, meeting)
    decide_all(w, meeting)
    lock(w, meeting)
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the test's process when queued (the invitation's sending; tests/workgroups/
    test_worker.py runs them in a real worker)."""
    from cooperation.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
