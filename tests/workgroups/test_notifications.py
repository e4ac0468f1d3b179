"""Item 5 of issue 11: the invitation previewed, confirmed, recorded and delivered (agenda PDF and .ics, each
recipient in their language), and the e-mails of the minutes workflow at each step."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from tests.factories.workgroups import MembershipFactory
from workgroups import notifications, services
from workgroups.invitation_models import InvitationDispatch

from .conftest import R, all_present, decide_all, meeting_at


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def upcoming(world, settings):
    """A meeting next week; a member without an account or address, one without an account but with an
    address (the portal's language, Finnish), and a Swedish-speaking member."""
    w = world
    settings.LANGUAGE_CODE = "fi"
    w.member1.language = "sv"
    w.member1.save(update_fields=["language"])
    w.m_no_email = MembershipFactory(body=w.body, user=None, person_name="Osoitteeton Olli", role=R.MEMBER)
    w.m_email_only = MembershipFactory(body=w.body, user=None, person_name="Tiliton Tiina", role=R.MEMBER,
                                       email="tiina@test.example")
    day = timezone.localdate() + dt.timedelta(days=7)
    return meeting_at(w, day=day, items=2, publicity=["public", "not_public"])


def test_preview_lists_recipients_languages_attachments_and_the_not_reached(world, upcoming, client_for):
    w = world
    preview = notifications.invitation_preview(upcoming)
    assert [m.display_name for m in preview.not_reached] == ["Osoitteeton Olli"]
    reached = {m.contact_email for m in preview.reached}
    assert {"pj@test.example", "vara@test.example", "tiina@test.example", "jasen1@test.example"} <= reached
    assert {m.language for m in preview.messages} == {"fi", "sv"}
    swedish = next(m for m in preview.messages if m.language == "sv")
    assert swedish.subject.startswith("Kallelse") and "Asia 1 hankinta" in swedish.text
    assert [m.display_name for m in swedish.recipients] == [str(w.member1)]
    assert preview.attachments[0].endswith(".pdf") and preview.attachments[1].endswith(".ics")

    page = client_for(w.secretary).get(reverse("workgroups:meeting-invitation", args=[upcoming.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="invitation-not-reached"' in html and "Osoitteeton Olli" in html
    assert "tiina@test.example" in html and 'id="confirm-invitation"' in html
    # The preview changes nothing: no number, no sending.
    upcoming.refresh_from_db()
    assert upcoming.number is None and not upcoming.invitation_dispatches.exists()


def test_only_the_secretary_previews(world, upcoming, client_for):
    url = reverse("workgroups:meeting-invitation", args=[upcoming.pk])
    assert client_for(world.member1).get(url).status_code == 403
    assert client_for(world.other_member).get(url).status_code == 404  # cannot see the meeting at all


def test_confirming_records_the_sending_and_delivers_pdf_and_ics_in_each_language(
        world, upcoming, client_for, django_capture_on_commit_callbacks, eager_tasks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.secretary).post(reverse("workgroups:meeting-invite", args=[upcoming.pk]))
    assert response.status_code == 302
    dispatch = InvitationDispatch.objects.get(meeting=upcoming)
    assert dispatch.sent_by == w.secretary and dispatch.status == InvitationDispatch.Status.SENT
    assert dispatch.finished_at is not None and dispatch.attempts == 1
    not_reached = [r.name for r in dispatch.recipients.all() if not r.reached]
    assert not_reached == ["Osoitteeton Olli"]

    everyone = {m.contact_email for m in upcoming.body.memberships.on(upcoming.date) if m.contact_email}
    assert {m.to[0] for m in mail.outbox} == everyone  # every member and personal deputy with an address
    assert len(mail.outbox) == len(everyone)  # each once
    assert "vara@test.example" in everyone and "tiina@test.example" in everyone
    upcoming.refresh_from_db()
    for message in mail.outbox:
        names = [a[0] for a in message.attachments]
        assert names == [f"esityslista-{upcoming.date:%Y-%m-%d}.pdf", f"kokous-{upcoming.date:%Y-%m-%d}.ics"]
        pdf, ics = message.attachments[0][1], message.attachments[1][1]
        event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
        assert event.decoded("dtstart") == upcoming.starts_at and str(event["location"]) == "Lahti"
        text = _pdf_text(pdf)
        assert upcoming.number_label in text and "§ 1" in text and "Asia 1 hankinta" in text
    swedish = next(m for m in mail.outbox if m.to == ["jasen1@test.example"])
    finnish = next(m for m in mail.outbox if m.to == ["pj@test.example"])
    assert swedish.subject.startswith("Kallelse") and "Föredragningslista" in _pdf_text(swedish.attachments[0][1])
    assert finnish.subject.startswith("Kokouskutsu") and "Esityslista" in _pdf_text(finnish.attachments[0][1])

    # The page says when it was sent and by whom, and who was not reached.
    html = client_for(w.secretary).get(reverse("workgroups:meeting-invitation", args=[upcoming.pk])).content.decode()
    assert 'id="invitation-status"' in html and str(w.secretary) in html
    assert 'id="invitation-dispatches"' in html and "Osoitteeton Olli" in html
    detail = client_for(w.secretary).get(reverse("workgroups:meeting-detail", args=[upcoming.pk])).content.decode()
    assert 'id="invitation-sent"' in detail


def test_a_retry_sends_nobody_twice(world, upcoming):
    w = world
    dispatch = notifications.record_invitation(upcoming, w.secretary)
    first = notifications.invitation_deliver(dispatch_id=dispatch.pk)
    again = notifications.invitation_deliver(dispatch_id=dispatch.pk)
    assert first == len(mail.outbox) and first > 0 and again == 0


def _held(w):
    meeting = meeting_at(w, day=timezone.localdate() - dt.timedelta(days=1), items=1)
    all_present(w, meeting)
    decide_all(w, meeting)
    return meeting


def test_emails_at_each_step_of_checking_and_publication(world, django_capture_on_commit_callbacks):
    w = world
    w.vice.language = "sv"
    w.vice.save(update_fields=["language"])
    meeting = _held(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    # The two checkers and the chair, each in their language.
    assert {m.to[0] for m in mail.outbox} == {"jasen1@test.example", "vpj@test.example", "pj@test.example"}
    assert next(m for m in mail.outbox if m.to == ["vpj@test.example"]).subject.startswith("Protokoll")
    assert next(m for m in mail.outbox if m.to == ["pj@test.example"]).subject.startswith("Tarkastettava pöytäkirja")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(meeting=meeting, acting_user=w.member1)
        services.minutes_approve(meeting=meeting, acting_user=w.vice)
    assert mail.outbox == []  # the secretary hears only when all have approved
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(meeting=meeting, acting_user=w.chair)
    assert [m.to for m in mail.outbox] == [["sihteeri@test.example"]]

    mail.outbox.clear()
    w.body.publish_minutes = True
    w.body.save(update_fields=["publish_minutes"])
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    members = {m.contact_email for m in meeting.body.memberships.on(meeting.date) if m.contact_email}
    assert {m.to[0] for m in mail.outbox} == members and "vara@test.example" in members
    public_url = reverse("public:minutes", args=[meeting.pk])
    assert all(public_url in m.body for m in mail.outbox)
    assert next(m for m in mail.outbox if m.to == ["vpj@test.example"]).subject.startswith("Protokoll")


def test_publication_mail_has_no_public_link_when_the_body_does_not_publish(world, django_capture_on_commit_callbacks):
    w = world
    w.body.publish_minutes = False
    w.body.save(update_fields=["publish_minutes"])
    meeting = _held(w)
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    for user in (w.member1, w.vice, w.chair):
        services.minutes_approve(meeting=meeting, acting_user=user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    assert mail.outbox and not any("/public/" in m.body for m in mail.outbox)
    assert all(reverse("workgroups:meeting-detail", args=[meeting.pk]) in m.body for m in mail.outbox)


@pytest.mark.worker
def test_a_real_worker_delivers_the_confirmed_invitation(celery_worker, world):
    """The confirmed sending reaches the worker through the broker; the worker's console mail shows it."""
    from tests.worker import wait_for

    w = world
    meeting = meeting_at(w, day=timezone.localdate() + dt.timedelta(days=7), items=1)
    services.invitation_send(meeting=meeting, acting_user=w.secretary)  # transactional_db: commits, queues
    dispatch = InvitationDispatch.objects.get(meeting=meeting)
    wait_for(lambda: InvitationDispatch.objects.filter(pk=dispatch.pk, status="sent").exists(), timeout=120,
             message="the worker to send the invitation:\n" + celery_worker.log())
    assert dispatch.recipients.filter(delivered_at__isnull=False).count() == 6
    assert celery_worker.log().count("Subject:") == 6 and "vara@test.example" in celery_worker.log()
