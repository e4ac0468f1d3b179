"""E-mail of the meeting workflow that is not part of checking: the invitation (kokouskutsu) with the agenda
PDF and an .ics event, and the notice to members that the minutes are published.

The invitation is previewed (`invitation_preview`), then confirmed through `services.invitation_send`,
which records an InvitationDispatch (who sent, when, to whom; those without an e-mail address as not
reached) and, after commit, queues `workgroups.tasks.send_invitation_task`. The task delivers with
`invitation_deliver`: each recipient once (a retry skips those already delivered), each in their own
language. Minutes checking mail (checkers, chair, secretaries) stays in services.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.pdf import html_to_pdf, render_html

from .ical import invitation_calendar
from .invitation_models import InvitationDispatch, InvitationRecipient
from .models import AgendaItem, Attachment, Meeting, Membership, Recusal

log = logging.getLogger(__name__)


def invitation_recipients(meeting: Meeting) -> list[Membership]:
    """Everyone in the body on the meeting date (members, personal deputies, chair, secretaries, experts),
    with or without an e-mail address; in role order, then by name."""
    memberships = meeting.body.memberships.on(meeting.date).select_related("user", "deputy_for__user")
    return sorted(memberships, key=lambda m: (m.role != Membership.Role.CHAIR, m.display_name))


def _agenda_items(meeting: Meeting) -> list[AgendaItem]:
    # visibility: the invitation goes to the body's members and deputies, who read the whole agenda
    attachments = Attachment.objects.filter(agenda_item__meeting=meeting).order_by("uploaded_at")
    return list(meeting.items.select_related("matter", "preparer").prefetch_related(
        Prefetch("attachments", queryset=attachments, to_attr="visible_attachments"),
        Prefetch("recusals", queryset=Recusal.objects.none())).order_by("order"))


def agenda_pdf_context(meeting: Meeting) -> dict:
    """The context of pdf/workgroups/agenda.html for the body's members (the whole agenda)."""
    return {"meeting": meeting, "body": meeting.body, "items": _agenda_items(meeting), "full": True}


def agenda_filename(meeting: Meeting) -> str:
    return f"esityslista-{meeting.date:%Y-%m-%d}.pdf"


def invitation_filename(meeting: Meeting) -> str:
    return f"kokous-{meeting.date:%Y-%m-%d}.ics"


@dataclass
class InvitationMessage:
    language: str
    subject: str
    text: str
    recipients: list[Membership] = field(default_factory=list)


def invitation_message(meeting: Meeting, items: list[AgendaItem], language: str) -> InvitationMessage:
    url = settings.PORTAL_BASE_URL + reverse("workgroups:meeting-detail", args=[meeting.pk])
    with translation.override(language):
        subject = _("Invitation: %(body)s %(date)s") % {
            "body": meeting.body.name, "date": f"{timezone.localtime(meeting.starts_at):%-d.%-m.%Y}"}
        text = render_to_string("emails/workgroups/invitation.txt", {
            "meeting": meeting, "items": items, "url": url, "attachment_names": [agenda_filename(meeting),
                                                                                 invitation_filename(meeting)]})
    return InvitationMessage(language=language, subject=subject, text=text)


@dataclass
class InvitationPreview:
    messages: list[InvitationMessage]  # one per language among the reached recipients
    reached: list[Membership]
    not_reached: list[Membership]
    attachments: list[str]
    last_dispatch: InvitationDispatch | None


def invitation_preview(meeting: Meeting) -> InvitationPreview:
    """What confirming will send: to whom (and who cannot be reached), the text in each language, the files."""
    recipients = invitation_recipients(meeting)
    reached = [m for m in recipients if m.contact_email]
    items = _agenda_items(meeting)
    by_language: dict[str, InvitationMessage] = {}
    for membership in reached:
        language = membership.contact_language
        if language not in by_language:
            by_language[language] = invitation_message(meeting, items, language)
        by_language[language].recipients.append(membership)
    return InvitationPreview(
        messages=[by_language[lang] for lang in sorted(by_language, key=lambda lang: (lang != "fi", lang))],
        reached=reached, not_reached=[m for m in recipients if not m.contact_email],
        attachments=[agenda_filename(meeting), invitation_filename(meeting)],
        last_dispatch=last_dispatch(meeting))


def last_dispatch(meeting: Meeting) -> InvitationDispatch | None:
    return meeting.invitation_dispatches.select_related("sent_by").prefetch_related("recipients").first()


def record_invitation(meeting: Meeting, acting_user) -> InvitationDispatch:
    """The sending as a row first (inside the caller's transaction): who sent, when, to whom."""
    dispatch = InvitationDispatch.objects.create(meeting=meeting, sent_by=acting_user)
    InvitationRecipient.objects.bulk_create([
        InvitationRecipient(dispatch=dispatch, membership=m, name=m.display_name[:200],
                            role_label=str(m.get_role_display()), email=m.contact_email,
                            language=m.contact_language)
        for m in invitation_recipients(meeting)])
    return dispatch


def enqueue_invitation(dispatch_id: int) -> None:
    """Hand the sending to the worker (after commit). A broker that is down leaves the row queued and logged."""
    try:
        send_invitation_task.apply_async(
            args=[dispatch_id], retry=True, retry_policy={"max_retries": 3, "interval_start": 0.5, "interval_step": 1})
    except Exception:  # the broker: the dispatch row stays queued; the page shows "being sent"
        log.warning("workgroups: could not queue invitation %s", dispatch_id, exc_info=True)


def invitation_deliver(*, dispatch_id: int) -> int:
    """Send the invitation to every reachable recipient not yet delivered (so a retry sends nobody twice),
    each in their language with the agenda PDF and the .ics. Returns the number sent now."""
    dispatch = InvitationDispatch.objects.select_related("meeting__body").filter(pk=dispatch_id).first()
    if dispatch is None:  # the confirming transaction was rolled back after all (or the meeting deleted)
        log.warning("workgroups: invitation %s no longer exists; nothing sent", dispatch_id)
        return 0
    meeting = dispatch.meeting
    InvitationDispatch.objects.filter(pk=dispatch.pk).update(attempts=dispatch.attempts + 1)
    pending = list(dispatch.recipients.filter(delivered_at__isnull=True).exclude(email=""))
    items = _agenda_items(meeting)
    calendar = invitation_calendar(meeting)
    pdfs: dict[str, bytes] = {}
    sent = 0
    for recipient in pending:
        language = recipient.language or settings.LANGUAGE_CODE
        if language not in pdfs:
            html = render_html("pdf/workgroups/agenda.html", agenda_pdf_context(meeting), language=language)
            pdfs[language] = html_to_pdf(html)
        message = invitation_message(meeting, items, language)
        email = EmailMultiAlternatives(message.subject, message.text, to=[recipient.email])
        email.attach(agenda_filename(meeting), pdfs[language], "application/pdf")
        email.attach(invitation_filename(meeting), calendar, "text/calendar")
        email.send()
        InvitationRecipient.objects.filter(pk=recipient.pk).update(delivered_at=timezone.now())
        sent += 1
    InvitationDispatch.objects.filter(pk=dispatch.pk).update(status=InvitationDispatch.Status.SENT,
                                                             finished_at=timezone.now(), error="")
    return sent


def invitation_failed(*, dispatch_id: int, error: str) -> None:
    """After the last retry: the page says the sending failed (and to whom it did reach)."""
    InvitationDispatch.objects.filter(pk=dispatch_id).update(status=InvitationDispatch.Status.FAILED,
                                                             error=error[:300])


@shared_task(name="workgroups.tasks.send_invitation_task", bind=True, max_retries=4, acks_late=True)
def send_invitation_task(self, dispatch_id: int) -> int:
    """Thin: deliver a confirmed invitation. SMTP or rendering trouble is retried 4 times (after 1, 2, 4 and
    8 minutes), then the sending is marked failed for the page; recipients already reached are not sent
    again."""
    try:
        return invitation_deliver(dispatch_id=dispatch_id)
    except Exception as exc:  # SMTP, network, WeasyPrint: all worth a bounded retry
        if self.request.retries >= self.max_retries:
            invitation_failed(dispatch_id=dispatch_id, error=str(exc))
            raise
        raise self.retry(exc=exc, countdown=60 * 2 ** self.request.retries) from exc


# --- minutes published ---------------------------------------------------------------------------


def notify_minutes_published(meeting_id: int) -> int:
    """E-mail the body's members and deputies (on the meeting date) that the minutes are published, each in
    their language, with the public link when the body publishes its minutes on the web (kuntalaki 140 §)."""
    # visibility: e-mail to the body's members, who read the whole minutes; the text carries no item
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    portal_url = settings.PORTAL_BASE_URL + reverse("workgroups:meeting-detail", args=[meeting.pk])
    public_url = (settings.PORTAL_BASE_URL + reverse("public:minutes", args=[meeting.pk])
                  if meeting.body.publish_minutes else "")
    sent = 0
    for membership in invitation_recipients(meeting):
        email = membership.contact_email
        if not email:
            continue
        with translation.override(membership.contact_language):
            subject = _("Minutes published: %(body)s %(number)s") % {"body": meeting.body.name,
                                                                     "number": meeting.number_label}
            text = render_to_string("emails/workgroups/minutes_published.txt", {
                "meeting": meeting, "url": portal_url, "public_url": public_url})
        EmailMultiAlternatives(subject, text, to=[email]).send()
        sent += 1
    return sent
