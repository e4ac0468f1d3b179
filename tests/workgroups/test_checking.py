"""Deputies, minutes checkers and the checking round (issue 11, part 2): a personal deputy stands in
only for their own member; checkers come from those present, never the secretary; a checker without
an account signs by a single-use e-mailed link valid 14 days; any change after the minutes were sent
for checking returns them to draft and voids the approvals, with the reason (also through the API
and the admin: the #17 defect)."""

import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.factories.workgroups import MembershipFactory
from workgroups import services
from workgroups.models import MANAGE_BODY, Meeting, MinutesApproval, MinutesReturn

from .conftest import R, all_present, decide_all, meeting_at

pytestmark = pytest.mark.django_db


def test_a_personal_deputy_stands_in_only_for_their_own_absent_member(world, client_for):
    w = world
    meeting = meeting_at(w, items=1)
    present = [services.AttendanceEntry(membership=m) for m in (w.m_chair, w.m_vice)]
    cases = [
        # the deputy of member2 cannot stand in for member1
        ([services.AttendanceEntry(membership=w.m_member1, status="absent"),
          services.AttendanceEntry(membership=w.m_member2, status="absent"),
          services.AttendanceEntry(membership=w.m_deputy, status="deputy", in_place_of=w.m_member1)],
         "is not the personal deputy of"),
        # nor for their own member when the member is present
        ([services.AttendanceEntry(membership=w.m_member1),
          services.AttendanceEntry(membership=w.m_member2),
          services.AttendanceEntry(membership=w.m_deputy, status="deputy", in_place_of=w.m_member2)],
         "who is present"),
        # an ordinary member is nobody's deputy
        ([services.AttendanceEntry(membership=w.m_member1, status="deputy", in_place_of=w.m_member2),
          services.AttendanceEntry(membership=w.m_member2, status="absent")],
         "is not the personal deputy of"),
    ]
    for entries, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.attendance_record(meeting=meeting, entries=present + entries, acting_user=w.secretary)
        assert not meeting.attendances.exists()
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        *present, services.AttendanceEntry(membership=w.m_member1),
        services.AttendanceEntry(membership=w.m_member2, status="absent"),
        services.AttendanceEntry(membership=w.m_deputy, status="deputy", in_place_of=w.m_member2)])
    page = client_for(w.member1).get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    assert f"as deputy member for {w.m_member2.display_name}" in page
    assert "Absent:" not in page  # member2's seat was filled by the deputy


def _held(w):
    meeting = meeting_at(w, items=2)
    all_present(w, meeting)
    decide_all(w, meeting)
    return meeting


def test_checkers_are_chosen_from_those_present_never_the_secretary(world):
    w = world
    meeting = meeting_at(w, items=1)
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        services.AttendanceEntry(membership=m) for m in (w.m_chair, w.m_vice, w.m_member1, w.m_secretary)] + [
        services.AttendanceEntry(membership=w.m_member2, status="absent"),
        services.AttendanceEntry(membership=w.m_deputy, status="deputy", in_place_of=w.m_member2)])
    decide_all(w, meeting)
    for checkers, message in (([w.m_secretary, w.m_vice], "is the secretary"),
                              ([w.m_member2, w.m_vice], "was not present"),
                              ([w.m_chair, w.m_vice], "chairs the meeting")):
        with pytest.raises(ValidationError, match=message):
            services.minutes_draft(meeting=meeting, checkers=checkers, acting_user=w.secretary)
    # The deputy who stood in is among those present and can check.
    services.minutes_draft(meeting=meeting, checkers=[w.m_deputy, w.m_vice], acting_user=w.secretary)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.MINUTES_DRAFTED


def _link_from_mail(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"http://\S+/groups/check/(\S+)/", message.body).group(1)


def test_checker_without_account_signs_once_by_link_valid_14_days(world, client, monkeypatch):
    w = world
    outside = MembershipFactory(body=w.body, user=None, person_name="Kaisa Kunnanvaltuutettu",
                                email="kaisa@kunta.example", role=R.MEMBER)
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        services.AttendanceEntry(membership=m) for m in (w.m_chair, w.m_vice, w.m_member1, outside)])
    decide_all(w, meeting)
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.minutes_draft(meeting=meeting, checkers=[outside, w.m_member1], acting_user=w.secretary)
    # The checkers and the chair are told; the one without an account gets a personal link.
    assert {a for m in mail.outbox for a in m.to} == {"kaisa@kunta.example", "jasen1@test.example",
                                                       "pj@test.example"}
    token = _link_from_mail("kaisa@kunta.example")
    url = reverse("workgroups:minutes-check-link", args=[token])
    page = client.get(url).content.decode()
    assert "Päätös: Asia 1 hankinta" in page and "approve-by-link" in page
    client.post(url, {"comment": "Tarkastettu"})
    approval = MinutesApproval.objects.get(meeting=meeting, membership=outside)
    assert approval.user is None and approval.by_link and approval.comment == "Tarkastettu"
    # Single use: the same link again records nothing.
    client.post(url)
    assert MinutesApproval.objects.filter(meeting=meeting, membership=outside).count() == 1
    # A forged token or one signed 15 days ago is refused.
    assert client.get(reverse("workgroups:minutes-check-link", args=[token + "x"])).status_code == 404
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 15 * 24 * 3600)
    assert client.get(url).status_code == 404
    monkeypatch.undo()
    for user in (w.member1, w.chair):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.minutes_approve(meeting=meeting, acting_user=user)
    assert Meeting.objects.get(pk=meeting.pk).is_locked
    # The secretary hears that all have approved (in her own language, Finnish by default).
    told = [m for m in mail.outbox if "sihteeri@test.example" in m.to]
    assert len(told) == 1 and "Pöytäkirja hyväksytty" in told[0].subject and "1/2026" in told[0].subject


def _sent_for_checking(w):
    meeting = _held(w)
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    services.minutes_approve(meeting=meeting, acting_user=w.member1)
    return meeting


def _assert_returned(meeting, reason_part: str):
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    approval = MinutesApproval.objects.get(meeting=meeting)
    assert approval.voided_at is not None and reason_part in approval.void_reason
    assert reason_part in MinutesReturn.objects.get(meeting=meeting).reason


def test_a_change_through_the_pages_returns_the_minutes_to_draft_and_voids_approvals(world, client_for):
    w = world
    meeting = _sent_for_checking(w)
    item = meeting.items.get(order=2)
    client_for(w.secretary).post(reverse("workgroups:decision-edit", args=[item.pk]),
                                 {"resolution": "amended", "text": "Muutettu tarkastuksen jälkeen", "dissent": ""})
    _assert_returned(meeting, "§ 2")  # reasons are recorded in the portal's language (Finnish)
    # The voided approval does not count: the member approves again in the new round.
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    for user in (w.member1, w.vice, w.chair):
        services.minutes_approve(meeting=meeting, acting_user=user)
    meeting.refresh_from_db()
    assert meeting.is_locked and len(meeting.valid_approvals) == 3
    page = client_for(w.secretary).get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Returned to draft" in page


def test_a_change_through_the_api_voids_the_approvals(world, api_client_for):
    """The #17 defect: an approval survived a later change of a decision through the API."""
    w = world
    meeting = _sent_for_checking(w)
    decision = meeting.items.get(order=1).decision
    response = api_client_for(w.secretary).patch(f"/api/v1/decisions/{decision.pk}/", {"text": "API-muutos"},
                                                 format="json")
    assert response.status_code == 200
    _assert_returned(meeting, "§ 1")


def test_a_change_in_the_admin_voids_the_approvals(world, client_for, make_user):
    w = world
    meeting = _sent_for_checking(w)
    # Decisions are edited in the admin only by the body's own secretary (docs/permissions.md, #17).
    staff_secretary = make_user("portal_admin")
    assign_perm(f"workgroups.{MANAGE_BODY}", staff_secretary, w.body)
    admin = client_for(staff_secretary)
    decision = meeting.items.get(order=1).decision
    response = admin.post(f"/admin/workgroups/decision/{decision.pk}/change/",
                          {"resolution": "amended", "text": "Admin-muutos", "dissent": ""})
    assert response.status_code == 302
    _assert_returned(meeting, "§ 1")


def test_moving_the_meeting_while_checked_voids_the_approvals(world):
    w = world
    meeting = _sent_for_checking(w)
    meeting.refresh_from_db()
    meeting.location = "Hollolan kunnantalo"
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert MinutesApproval.objects.get(meeting=meeting).voided_at is not None
