import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.workgroups import MembershipFactory
from workgroups import services
from workgroups.models import (
    ActionItem,
    Decision,
    DecisionCorrection,
    LockedError,
    Meeting,
    MinutesApproval,
    Proposal,
    SectionCounter,
)

from .conftest import all_present, decide_all, meeting_at, published_meeting

pytestmark = pytest.mark.django_db


def test_sections_run_per_body_per_calendar_year_and_are_never_reused(world, monkeypatch):
    """Issue 11 changed this deliberately: § numbers are given in agenda order when the agenda is
    published (or, if it never was, when the meeting opens), not in the order decisions are typed."""
    w = world
    m1 = meeting_at(w, dt.date(2026, 2, 1), items=2)
    all_present(w, m1)
    # Typed in reverse order, the decisions still read § 1, § 2 in agenda order.
    second = services.decision_record(item=m1.items.get(order=2), resolution="approved", text="Toinen",
                                      acting_user=w.secretary)
    first = services.decision_record(item=m1.items.get(order=1), resolution="approved", text="Ensimmäinen",
                                     acting_user=w.secretary)
    assert (first.section, second.section) == ("§ 1/2026", "§ 2/2026")
    assert str(first) == "Ohjausryhmä § 1/2026"
    m1.refresh_from_db()
    assert m1.number_label == "1/2026"
    # Revising before the lock keeps the number.
    again = services.decision_record(item=first.agenda_item, resolution="amended", text="Muutettu",
                                     acting_user=w.secretary)
    assert again.pk == first.pk and again.section_number == 1
    # A decision removed before locking and recorded again keeps its item's §.
    second.delete()
    m2 = meeting_at(w, dt.date(2026, 3, 1), items=1)
    all_present(w, m2)
    assert decide_all(w, m2)[0].section == "§ 3/2026"
    services.decision_record(item=m1.items.get(order=2), resolution="approved", text="Uudelleen",
                             acting_user=w.secretary)
    assert Decision.objects.get(agenda_item__meeting=m1, agenda_item__order=2).section_number == 2
    # An item added to a published agenda takes the next free number.
    late = services.agenda_item_add(meeting=m1, title="Lisäasia", acting_user=w.secretary)
    assert late.section_label == "§ 4"
    # A new calendar year starts from 1 (meetings and sections); another body has its own series.
    # The clock moves to the meeting day, as nothing is recorded before a meeting starts.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC))
    m3 = meeting_at(w, dt.date(2027, 1, 15), items=1)
    all_present(w, m3)
    assert decide_all(w, m3)[0].section == "§ 1/2027"
    m3.refresh_from_db()
    assert m3.number_label == "1/2027"
    counter = SectionCounter.objects.get(body=w.body, year=2026)
    assert (counter.last_number, counter.last_meeting_number) == (4, 2)


def test_agenda_publication_numbers_meetings_in_date_order(world):
    w = world
    later = meeting_at(w, dt.date(2026, 4, 20), items=2)
    earlier = meeting_at(w, dt.date(2026, 4, 6), items=1)
    cancelled = meeting_at(w, dt.date(2026, 4, 1), items=1)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    # The later meeting cannot take a number while the earlier one is unnumbered (a cancelled one is skipped).
    with pytest.raises(ValidationError, match=r"6\.4\.2026 is not numbered"):
        services.agenda_publish(meeting=later, acting_user=w.secretary)
    assert services.agenda_publish(meeting=earlier, acting_user=w.secretary).number_label == "1/2026"
    later = services.agenda_publish(meeting=later, acting_user=w.secretary)
    assert later.number_label == "2/2026"
    assert [i.section_label for i in later.items.order_by("order")] == ["§ 2", "§ 3"]
    # Publishing again changes nothing; a new meeting cannot be placed before a numbered one.
    assert services.agenda_publish(meeting=later, acting_user=w.secretary).number == 2
    with pytest.raises(ValidationError) as exc:
        meeting_at(w, dt.date(2026, 4, 10), items=0)
    assert "starts_at" in exc.value.message_dict
    # Only the body's secretary publishes.
    with pytest.raises(PermissionDenied):
        services.agenda_publish(meeting=earlier, acting_user=w.chair)


def test_nothing_is_recorded_before_the_meeting_starts(world, settings):
    """The server's clock in Helsinki time decides: a meeting next month cannot be held today."""
    w = world
    from django.utils import timezone

    soon = timezone.localtime() + dt.timedelta(hours=1)
    meeting = services.meeting_create(body=w.body, acting_user=w.secretary, location="Lahti", starts_at=soon)
    item = services.agenda_item_add(meeting=meeting, acting_user=w.secretary, title="Asia")
    services.invitation_send(meeting=meeting, acting_user=w.secretary)
    with pytest.raises(ValidationError, match="not started yet"):
        services.attendance_record(meeting=meeting, acting_user=w.secretary,
                                   entries=[services.AttendanceEntry(membership=w.m_chair)])
    with pytest.raises(ValidationError, match="not started yet"):
        services.decision_record(item=item, resolution="approved", text="x", acting_user=w.secretary,
                                 check_quorum=False)
    assert not meeting.attendances.exists() and not Decision.objects.exists()
    # Once the clock passes the start, the same calls go through.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    meeting.refresh_from_db()
    all_present(w, meeting)
    assert services.decision_record(item=item, resolution="approved", text="x", acting_user=w.secretary)


def test_only_the_body_secretary_records_decisions(world):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    item = meeting.items.get()
    for user in (w.chair, w.other_member, w.wg_member):
        with pytest.raises(PermissionDenied):
            services.decision_record(item=item, resolution="approved", text="x", acting_user=user)
    assert not Decision.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=item, resolution="bogus", text="x", acting_user=w.secretary)
    assert "resolution" in exc.value.message_dict


def test_quorum_more_than_half_with_chair_deputy_recusal_and_late_arrival(world):
    w = world
    meeting = meeting_at(w, items=2)
    item1, item2 = meeting.items.order_by("order")
    # 4 voting members (chair, vice, 2 members) → 3 needed.
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        services.AttendanceEntry(membership=w.m_chair),
        services.AttendanceEntry(membership=w.m_member1),
        services.AttendanceEntry(membership=w.m_vice, status="absent"),
        services.AttendanceEntry(membership=w.m_member2, status="absent"),
    ])
    q = services.quorum(meeting)
    assert (q.voting_members, q.present, q.needed, q.ok) == (4, 2, 3, False)
    with pytest.raises(ValidationError, match="quorum"):
        services.decision_record(item=item1, resolution="approved", text="x", acting_user=w.secretary)
    # The personal deputy takes member2's seat; member1 arrives only during item 2.
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        services.AttendanceEntry(membership=w.m_chair),
        services.AttendanceEntry(membership=w.m_member1, arrived_during=item2),
        services.AttendanceEntry(membership=w.m_vice),
        services.AttendanceEntry(membership=w.m_deputy, status="deputy", in_place_of=w.m_member2),
    ])
    assert services.quorum(meeting, item1).present == 3
    assert services.quorum(meeting, item2).present == 4
    services.recusal_record(item=item2, membership=w.m_vice, acting_user=w.secretary, reason="Hallintolaki 28 §")
    services.recusal_record(item=item2, membership=w.m_member1, acting_user=w.secretary)
    q2 = services.quorum(meeting, item2)
    assert (q2.present, q2.ok) == (2, False)
    # Chair absent: not quorate even with enough members, unless the body's rule says otherwise.
    services.attendance_record(meeting=meeting, acting_user=w.secretary, entries=[
        services.AttendanceEntry(membership=m) for m in (w.m_member1, w.m_member2, w.m_vice)])
    assert services.quorum(meeting).ok  # the vice chair chairs
    w.body.quorum_minimum = 4
    w.body.save()
    meeting.refresh_from_db()
    assert not services.quorum(meeting).ok


def test_attendance_snapshot_keeps_people_as_they_were(world):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    w.m_member1.end = dt.date(2026, 6, 30)
    w.m_member1.save()
    w.member1.first_name, w.member1.last_name = "Uusi", "Nimi"
    w.member1.save()
    names = set(meeting.attendances.values_list("person_name", flat=True))
    assert "Uusi Nimi" not in names and len(names) == 4
    later = meeting_at(w, dt.date(2026, 9, 1), items=1)
    with pytest.raises(ValidationError, match="not a member"):
        services.attendance_record(meeting=later, acting_user=w.secretary,
                                   entries=[services.AttendanceEntry(membership=w.m_member1)])


def test_minutes_workflow_lock_and_correction(world):
    w = world
    meeting = meeting_at(w, items=2)
    all_present(w, meeting)
    with pytest.raises(ValidationError, match="without a decision"):
        services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    decisions = decide_all(w, meeting)
    with pytest.raises(ValidationError):
        services.minutes_draft(meeting=meeting, checkers=[w.m_member1], acting_user=w.secretary)
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(meeting=meeting, acting_user=w.member2)
    services.minutes_approve(meeting=meeting, acting_user=w.member1)
    with pytest.raises(ValidationError, match="already"):
        services.minutes_approve(meeting=meeting, acting_user=w.member1)
    services.minutes_approve(meeting=meeting, acting_user=w.chair)
    meeting.refresh_from_db()
    assert not meeting.is_locked
    with pytest.raises(ValidationError, match="locked before publishing"):
        services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    services.minutes_approve(meeting=meeting, acting_user=w.vice)
    meeting.refresh_from_db()
    assert meeting.is_locked and meeting.status == Meeting.Status.MINUTES_CHECKED
    approvals = list(meeting.approvals.values_list("role", flat=True))
    assert sorted(approvals) == sorted([MinutesApproval.Role.CHECKER] * 2 + [MinutesApproval.Role.CHAIR])
    assert all(a.approved_at for a in meeting.approvals.all())

    d = Decision.objects.get(pk=decisions[0].pk)
    assert d.is_locked
    # Neither the service nor a direct save can change a locked decision.
    with pytest.raises(LockedError):
        services.decision_record(item=d.agenda_item, resolution="rejected", text="x", acting_user=w.secretary)
    d.text = "Salaa muutettu"
    with pytest.raises(LockedError):
        d.save()
    with pytest.raises(LockedError):
        Decision.objects.get(pk=d.pk).delete()
    with pytest.raises(LockedError):
        services.agenda_item_add(meeting=meeting, title="Myöhässä", acting_user=w.secretary)
    # A correction needs a reason and is recorded field by field.
    with pytest.raises(ValidationError):
        services.decision_correct(decision=d, reason=" ", text="Korjattu", acting_user=w.secretary)
    services.decision_correct(decision=d, reason="Kirjoitusvirhe", text="Korjattu teksti", acting_user=w.secretary)
    d.refresh_from_db()
    assert d.text == "Korjattu teksti"
    correction = DecisionCorrection.objects.get(decision=d)
    assert (correction.field, correction.old_value, correction.reason) == ("text", "Päätös: Asia 1 hankinta",
                                                                           "Kirjoitusvirhe")
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at


def test_invitation_goes_to_members_and_deputies(world, django_capture_on_commit_callbacks, eager_tasks):
    w = world
    meeting = meeting_at(w, items=2, publicity=["public", "not_public"])
    with django_capture_on_commit_callbacks(execute=True):
        count = services.invitation_send(meeting=meeting, acting_user=w.secretary)
    recipients = {m.to[0] for m in mail.outbox}
    assert count == 6 and recipients == {"sihteeri@test.example", "pj@test.example", "vpj@test.example",
                                         "jasen1@test.example", "jasen2@test.example", "vara@test.example"}
    assert "Asia 1 hankinta" in mail.outbox[0].body
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED and meeting.invitation_sent_at


def test_proposal_from_working_group_becomes_agenda_item_and_decision(world, django_capture_on_commit_callbacks):
    w = world
    with pytest.raises(PermissionDenied):
        services.proposal_submit(to_body=w.body, from_body=w.group, title="x", proposal_text="y",
                                 acting_user=w.other_member)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_submit(to_body=w.body, from_body=w.group, title="Yhteishankinta",
                                            proposal_text="Käynnistetään.", justification="Tarve on yhteinen.",
                                            acting_user=w.wg_member)
    assert [m.to for m in mail.outbox] == [["sihteeri@test.example"]]
    services.attachment_add(proposal=proposal, acting_user=w.wg_member, title="Liite",
                            uploaded=SimpleUploadedFile("liite.pdf", b"%PDF-1.4 test"))
    meeting = meeting_at(w, items=0)
    item = services.proposal_to_agenda(proposal=proposal, meeting=meeting, acting_user=w.secretary)
    assert item.proposal_text == "Käynnistetään." and "Hankintaryhmä" in item.background
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ON_AGENDA
    all_present(w, meeting)
    decision = services.decision_record(item=item, resolution="approved", text="Hyväksyttiin.",
                                        acting_user=w.secretary)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECIDED
    action = services.action_item_create(body=w.body, decision=decision, title="Valmistele", owner_body=w.group,
                                         due_date=dt.date(2026, 5, 1), acting_user=w.secretary)
    assert action.can_be_edited_by(w.wg_member)


def test_other_apps_can_send_a_proposal_without_a_body(world):
    proposal = services.proposal_submit(to_body=world.body, title="Yhteensovittamisesitys", source="procurement",
                                        proposal_text="Sovitetaan yhteen.", acting_user=world.other_member)
    assert proposal.from_body is None and proposal.can_be_viewed_by(world.secretary)
    assert proposal.can_be_viewed_by(world.other_member) and not proposal.can_be_viewed_by(world.wg_member)


@pytest.mark.parametrize(("name", "content", "ok"), [
    ("liite.pdf", b"%PDF-1.7 hello", True),
    ("liite.pdf", b"MZ\x90\x00 not a pdf", False),
    ("liite.exe", b"MZ\x90\x00", False),
    ("../../etc/passwd.pdf", b"%PDF-1.7", True),  # the directory part is dropped
    ("liite.pdf", b"", False),
])
def test_uploads_are_checked_by_content_and_name(world, name, content, ok):
    meeting = meeting_at(world, items=1)
    item = meeting.items.get()
    upload = SimpleUploadedFile(name, content)
    if ok:
        attachment = services.attachment_add(agenda_item=item, uploaded=upload, title="Liite",
                                             acting_user=world.secretary)
        assert "/" not in attachment.file.name.rsplit("workgroups/attachments/", 1)[-1].split("/", 2)[-1]
    else:
        with pytest.raises(ValidationError) as exc:
            services.attachment_add(agenda_item=item, uploaded=upload, title="Liite", acting_user=world.secretary)
        assert "file" in exc.value.message_dict
        assert not item.attachments.exists()


def test_upload_size_limit(world, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 10
    item = meeting_at(world, items=1).items.get()
    with pytest.raises(ValidationError, match="too large"):
        services.attachment_add(agenda_item=item, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20),
                                title="x", acting_user=world.secretary)


def test_reminders_a_week_before_and_on_the_due_date_once(world):
    w = world
    today = dt.date(2026, 4, 1)
    week = services.action_item_create(body=w.body, title="Viikko", owner=w.member1,
                                       due_date=today + dt.timedelta(days=7), acting_user=w.secretary)
    due = services.action_item_create(body=w.body, title="Tänään", owner_body=w.group, due_date=today,
                                      acting_user=w.secretary)
    services.action_item_create(body=w.body, title="Myöhemmin", owner=w.member1,
                                due_date=today + dt.timedelta(days=3), acting_user=w.secretary)
    done = services.action_item_create(body=w.body, title="Valmis", owner=w.member1, due_date=today,
                                       acting_user=w.secretary)
    services.action_item_set_status(item=done, status=ActionItem.Status.DONE, acting_user=w.member1)
    w.member1.language = "sv"  # each person gets the reminder in their own language
    w.member1.save(update_fields=["language"])
    assert services.action_item_send_reminders(today=today) == 2
    assert services.action_item_send_reminders(today=today) == 0
    subjects = {m.subject: m.to for m in mail.outbox}
    assert subjects == {"Påminnelse: åtgärden förfaller om en vecka: Viikko": ["jasen1@test.example"],
                        "Muistutus: toimenpiteen määräpäivä tänään: Tänään": ["tyoryhma@test.example"]}
    week.refresh_from_db()
    due.refresh_from_db()
    assert week.reminded_week_before == today and due.reminded_on_due == today


def test_owner_updates_status_others_cannot(world):
    w = world
    item = services.action_item_create(body=w.body, title="T", owner=w.member1, due_date=dt.date(2026, 4, 1),
                                       acting_user=w.secretary)
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(item=item, status="done", acting_user=w.other_member)
    services.action_item_set_status(item=item, status="in_progress", note="Aloitettu", acting_user=w.member1)
    item.refresh_from_db()
    assert item.status == "in_progress" and item.status_note == "Aloitettu"


def test_membership_register_drives_object_permissions(world):
    w = world
    assert w.body.is_managed_by(w.secretary) and not w.body.is_managed_by(w.chair)
    assert w.body.is_readable_in_full_by(w.deputy) and not w.body.is_readable_in_full_by(w.wg_member)
    # Ending a membership removes the rights (the nightly sync handles dates passing).
    w.m_member1.end = dt.date(2025, 6, 30)
    w.m_member1.save()
    from parties.models import User
    member1 = User.objects.get(pk=w.member1.pk)  # fresh permission cache
    assert not w.body.is_readable_in_full_by(member1)
    new_secretary = MembershipFactory(body=w.body, role="deputy_secretary", voting=False).user
    assert w.body.is_managed_by(User.objects.get(pk=new_secretary.pk))


def test_published_meeting_helper_reaches_publication(world):
    meeting = published_meeting(world)
    assert meeting.status == Meeting.Status.PUBLISHED
