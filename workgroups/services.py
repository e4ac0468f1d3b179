"""Multi-step writes of the workgroups app.

Every function is keyword-only, takes the acting user, checks the model's rule (Body.is_managed_by,
Meeting.can_be_edited_by / can_be_approved_by / can_be_published_by, Decision.can_be_corrected_by,
Proposal.can_be_edited_by, ActionItem.can_be_edited_by), runs in one transaction with the acting user
as the audit actor (`acting_as`, also for API, task and command callers) and leaves e-mail to
`transaction.on_commit`. Refusals are ValidationError (with the field named where there is one),
LockedError or PermissionDenied; nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, NoReturn, TypeVar

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.base.audit import acting_as
from cooperation.base.publicity import Publicity
from cooperation.base.uploads import check_upload

from . import notifications
from .appeals import default_route
from .models import (
    MANAGE_BODY,
    VIEW_BODY_DOCUMENTS,
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyUserObjectPermission,
    Decision,
    DecisionCorrection,
    LockedError,
    Matter,
    Meeting,
    Membership,
    MinutesApproval,
    MinutesCheckLink,
    MinutesReturn,
    Proposal,
    Recusal,
    SectionCounter,
)

if TYPE_CHECKING:
    from parties.models import User

log = logging.getLogger(__name__)

# --- permissions from the membership register ---------------------------------------------------


def sync_body_permissions(*, body_id: int, on: dt.date | None = None) -> None:
    """Grant `manage_body` to the body's current secretaries and `view_body_documents` to all its
    current members (incl. deputies, experts, observers); revoke both from everyone else.

    The membership register is the source of truth for these two per-person grants: one given by hand
    in the admin is removed at the next sync (add a membership instead, e.g. as deputy secretary).
    Group object permissions (BodyGroupObjectPermission) are left alone, so an administrator can
    still grant a whole group access to a body.
    """
    on = on or timezone.localdate()
    # visibility: the register itself is the input of the permission sync; nothing is shown
    active = Membership.objects.filter(body_id=body_id, user__isnull=False).on(on)
    wanted: set[tuple[int, str]] = set()
    for user_id, role in active.values_list("user_id", "role"):
        wanted.add((user_id, VIEW_BODY_DOCUMENTS))
        if role in Membership.SECRETARY_ROLES:
            wanted.add((user_id, MANAGE_BODY))
    perms = {p.codename: p for p in Permission.objects.filter(
        content_type__app_label="workgroups", codename__in=[MANAGE_BODY, VIEW_BODY_DOCUMENTS])}
    existing = {
        (row.user_id, row.permission.codename): row
        for row in BodyUserObjectPermission.objects.filter(
            content_object_id=body_id, permission__in=perms.values()).select_related("permission")
    }
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    BodyUserObjectPermission.objects.bulk_create(
        [BodyUserObjectPermission(user_id=user_id, permission=perms[codename], content_object_id=body_id)
         for user_id, codename in wanted - existing.keys()],
        ignore_conflicts=True,
    )


def sync_all_body_permissions(*, on: dt.date | None = None) -> int:
    """Nightly: memberships start and end by date, so the grants follow the calendar."""
    ids = list(Body.objects.values_list("pk", flat=True))
    for body_id in ids:
        with transaction.atomic():
            sync_body_permissions(body_id=body_id, on=on)
    return len(ids)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message or None)


def _require_manager(body: Body, user: User) -> None:
    _require(body.is_managed_by(user), _("Only the body's secretary can do this."))


def _require_meeting_edit(meeting: Meeting, user: User) -> None:
    """Meeting.can_be_edited_by, refused with its reason: the lock for the secretary, 403 for others."""
    if meeting.can_be_edited_by(user):
        return
    _require_manager(meeting.body, user)
    raise LockedError(_("The minutes are locked: the meeting can no longer be changed."))


M = TypeVar("M", bound=models.Model)


def _locked(model: type[M], pk: int, *related: str) -> M:
    """Re-read a row and lock it until the transaction ends, for a write whose rule the caller checked."""
    # visibility: write path — the row is locked for a write whose object rule has already been checked
    return model._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


# --- the register of bodies and memberships (administrators) --------------------------------------


def register_save(*, obj: Body | Membership, acting_user: User) -> Body | Membership:
    """Add or change a body or a membership (the model permissions add_/change_). A membership's save
    also syncs the body's object permissions (signals.membership_changed) in the same transaction."""
    action = "change" if obj.pk else "add"
    _require(acting_user.has_perm(f"workgroups.{action}_{obj._meta.model_name}"), "")
    with transaction.atomic(), acting_as(acting_user):
        obj.save()
    return obj


def register_delete(*, obj: Body | Membership, acting_user: User) -> None:
    _require(acting_user.has_perm(f"workgroups.delete_{obj._meta.model_name}"), "")
    with transaction.atomic(), acting_as(acting_user):
        obj.delete()


# --- matters, meetings, agenda ----------------------------------------------------------------


def matter_create(*, body: Body, title: str, acting_user: User, register_number: str = "", description: str = "",
                  publicity: str = Publicity.PUBLIC, secrecy_ground: str = "") -> Matter:
    _require_manager(body, acting_user)
    year = timezone.localdate().year
    for _attempt in range(5):
        number = register_number or _next_register_number(year)
        matter = Matter(body=body, title=title, description=description, register_number=number,
                        publicity=publicity, secrecy_ground=secrecy_ground)
        matter.full_clean()
        try:
            with transaction.atomic(), acting_as(acting_user):
                matter.save()
            return matter
        except IntegrityError:
            if register_number:
                raise ValidationError({"register_number": _("This register number is already in use.")}) from None
    raise ValidationError({"register_number": _("Could not assign a register number; try again.")})


def _next_register_number(year: int) -> str:
    # visibility: counts the register numbers taken in the year (all bodies share one series); shows nothing
    taken = Matter.objects.filter(register_number__endswith=f"/{year}").count()
    return f"TYO/{taken + 1}/{year}"


def meeting_create(*, body: Body, starts_at: dt.datetime, acting_user: User, title: str = "", location: str = "",
                   remote_link: str = "", ends_at: dt.datetime | None = None, standard_agenda: bool = True
                   ) -> Meeting:
    """A new meeting; its agenda starts with the body's standard opening items (workgroups.standard_agenda)
    unless `standard_agenda` is false."""
    from .standard_agenda import add_standard_items

    _require_manager(body, acting_user)
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, title=title, location=location,
                      remote_link=remote_link, created_by=acting_user)
    chair = body.memberships.on(meeting.date).filter(role=Membership.Role.CHAIR).first()
    meeting.chair = chair
    meeting.full_clean()
    with transaction.atomic(), acting_as(acting_user):
        meeting.save()
        if standard_agenda:
            add_standard_items(meeting)
    return meeting


AGENDA_OPEN = (Meeting.Status.PLANNED, Meeting.Status.INVITED, Meeting.Status.HELD)

# One message whether the number does not exist or names a matter the person may not see, so the
# form does not tell which register numbers exist.
NO_SUCH_MATTER = gettext_lazy("No matter has this register number.")


def _require_linkable_matter(matter: Matter | None, acting_user: User, *, source_proposal=None) -> None:
    """An item may be linked only to a matter its secretary may see (Matter.objects.visible_to), or to
    the matter of the proposal it puts on the agenda (the proposal's own rule was asked)."""
    if matter is None or (source_proposal is not None and source_proposal.matter_id == matter.pk):
        return
    if not Matter.objects.visible_to(acting_user).filter(pk=matter.pk).exists():
        raise ValidationError({"register_number": NO_SUCH_MATTER})


def agenda_item_add(*, meeting: Meeting, title: str, acting_user: User, background: str = "",
                    proposal_text: str = "", preparer=None, preparer_name: str = "", matter: Matter | None = None,
                    publicity: str = Publicity.PUBLIC, secrecy_ground: str = "",
                    source_proposal: Proposal | None = None, title_is_public: bool = False) -> AgendaItem:
    _require_manager(meeting.body, acting_user)
    _require_linkable_matter(matter, acting_user, source_proposal=source_proposal)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body")
        _require_meeting_edit(meeting, acting_user)
        if meeting.status not in AGENDA_OPEN:
            raise ValidationError(_("Items can no longer be added: the minutes are being drafted."))
        order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = AgendaItem(meeting=meeting, order=order, title=title, background=background,
                          proposal_text=proposal_text, preparer=preparer, preparer_name=preparer_name,
                          matter=matter, publicity=publicity, secrecy_ground=secrecy_ground,
                          source_proposal=source_proposal, title_is_public=title_is_public)
        item.full_clean()
        if meeting.agenda_is_published:
            # An item added to a published agenda takes the next free § of the body's year.
            item.section_number = _take_section_number(meeting.body_id, meeting.number_year)
        item.save()
        if source_proposal is not None:
            source_proposal.status = Proposal.Status.ON_AGENDA
            source_proposal.save(update_fields=["status"])
    return item


def agenda_item_create(*, meeting: Meeting, title: str, acting_user: User, register_number: str = "",
                       background: str = "", proposal_text: str = "", preparer_name: str = "",
                       publicity: str = Publicity.PUBLIC, secrecy_ground: str = "",
                       title_is_public: bool = False) -> AgendaItem:
    """A new agenda item on the matter with the register number, or on a new matter opened for it."""
    _require_meeting_edit(meeting, acting_user)
    number = register_number.strip()
    with transaction.atomic(), acting_as(acting_user):
        matter = Matter.objects.visible_to(acting_user).filter(register_number=number).first() if number else None
        if number and matter is None:
            raise ValidationError({"register_number": NO_SUCH_MATTER})
        if matter is None:
            matter = matter_create(body=meeting.body, title=title, acting_user=acting_user, publicity=publicity,
                                   secrecy_ground=secrecy_ground)
        return agenda_item_add(meeting=meeting, title=title, acting_user=acting_user, background=background,
                               proposal_text=proposal_text, preparer_name=preparer_name, matter=matter,
                               publicity=publicity, secrecy_ground=secrecy_ground, title_is_public=title_is_public)


AGENDA_ITEM_FIELDS = frozenset({"title", "background", "proposal_text", "preparer", "preparer_name", "matter",
                                "publicity", "secrecy_ground", "title_is_public"})


def agenda_item_update(*, item: AgendaItem, acting_user: User, **fields) -> AgendaItem:
    _require_manager(item.meeting.body, acting_user)
    if "matter" in fields and fields["matter"] != item.matter:
        _require_linkable_matter(fields["matter"], acting_user, source_proposal=item.source_proposal)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, item.meeting_id, "body")
        _require_meeting_edit(meeting, acting_user)
        for name, value in fields.items():
            if name not in AGENDA_ITEM_FIELDS:
                raise ValueError(name)
            setattr(item, name, value)
        item.full_clean()
        item.save()
    return item


def attachment_add(*, uploaded: UploadedFile, title: str, acting_user: User, agenda_item: AgendaItem | None = None,
                   proposal: Proposal | None = None, publicity: str = Publicity.PUBLIC,
                   secrecy_ground: str = "") -> Attachment:
    if agenda_item is not None:
        _require_meeting_edit(agenda_item.meeting, acting_user)
    elif proposal is not None:
        _require(proposal.can_be_edited_by(acting_user), _("Only the proposal's sender can add attachments."))
    content_type = check_upload(uploaded)
    attachment = Attachment(agenda_item=agenda_item, proposal=proposal, title=title or uploaded.name,
                            publicity=publicity, secrecy_ground=secrecy_ground, content_type=content_type,
                            size=uploaded.size, uploaded_by=acting_user)
    attachment.full_clean(exclude=["file"])
    with transaction.atomic(), acting_as(acting_user):
        attachment.file.save(PurePath(uploaded.name).name, uploaded, save=False)
        attachment.save()
    return attachment


def active_recipients(meeting: Meeting) -> list[Membership]:
    """Members and deputies (everyone in the body on the meeting date) who have an e-mail address."""
    return list(meeting.body.memberships.on(meeting.date).filter(user__isnull=False)
                .exclude(user__email="").select_related("user"))


def agenda_publish(*, meeting: Meeting, acting_user: User) -> Meeting:
    """Publish the agenda: the meeting takes the body's next running number of its calendar year and
    the items their § numbers in agenda order. Refused while an earlier meeting of the same body and
    year is unnumbered (numbers run by meeting date). Publishing again changes nothing."""
    _require_manager(meeting.body, acting_user)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body")
        _require_meeting_edit(meeting, acting_user)
        _number_meeting(meeting)
    return meeting


def _number_meeting(meeting: Meeting) -> None:
    """Give the (locked) meeting and its items their numbers, unless they have them already."""
    if meeting.agenda_is_published:
        return
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one agenda item before publishing the agenda."))
    year = meeting.date.year
    # The body's yearly counter row is locked first: numbering meetings of one body and year is one
    # step at a time, so the "earlier meeting unnumbered" check below cannot race another numbering.
    counter = _locked_counter(meeting.body_id, year)
    start_of_year = timezone.make_aware(dt.datetime(year, 1, 1))
    # visibility: write path — the body's earlier meetings are checked for numbers; nothing is shown
    earlier = (Meeting.objects.filter(body_id=meeting.body_id, starts_at__gte=start_of_year,
                                      starts_at__lt=meeting.starts_at, number__isnull=True)
               .exclude(status=Meeting.Status.CANCELLED).exclude(pk=meeting.pk).order_by("starts_at").first())
    if earlier is not None:
        raise ValidationError(_("The meeting of %(date)s is not numbered yet: publish its agenda (or cancel it) "
                                "first, as meetings are numbered in date order.")
                              % {"date": f"{timezone.localtime(earlier.starts_at):%-d.%-m.%Y}"})
    # visibility: write path — the same check the other way (Meeting.clean); nothing is shown
    if Meeting.objects.filter(body_id=meeting.body_id, number_year=year, starts_at__gt=meeting.starts_at,
                              number__isnull=False).exists():
        raise ValidationError(_("A later meeting of the body this year already has its number."))
    counter.last_meeting_number += 1
    counter.save(update_fields=["last_meeting_number"])
    meeting.number, meeting.number_year = counter.last_meeting_number, year
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["number", "number_year", "agenda_published_at"])
    for item in meeting.items.order_by("order"):
        item.section_number = _take_section_number(meeting.body_id, year)
        item.save(update_fields=["section_number"])


def _require_started(meeting: Meeting) -> None:
    """Attendance, decisions and minutes wait for the meeting to start (the server's clock, Helsinki time)."""
    if not meeting.has_started():
        raise ValidationError(_("The meeting has not started yet (it starts %(at)s): attendance, decisions and "
                                "minutes are recorded once it has started.")
                              % {"at": f"{timezone.localtime(meeting.starts_at):%-d.%-m.%Y %H.%M}"})


def invitation_send(*, meeting: Meeting, acting_user: User) -> int:
    """Publish the agenda (numbers) and send the invitation to every member and deputy: the sending is
    recorded (notifications.record_invitation: who, when, to whom, who was not reached) and the worker
    delivers it after commit with the agenda PDF and an .ics. Returns the number of people reached."""
    _require_manager(meeting.body, acting_user)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body")
        _require_meeting_edit(meeting, acting_user)
        if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.INVITED):
            raise ValidationError(_("The meeting has already been held."))
        if not meeting.items.exists():
            raise ValidationError(_("Add at least one agenda item before sending the invitation."))
        _number_meeting(meeting)
        meeting.status = Meeting.Status.INVITED
        meeting.invitation_sent_at = timezone.now()
        meeting.save(update_fields=["status", "invitation_sent_at"])
        # --- notifications (workgroups/notifications.py) ---
        dispatch = notifications.record_invitation(meeting, acting_user)
        dispatch_id = dispatch.pk
        transaction.on_commit(lambda: notifications.enqueue_invitation(dispatch_id))
    return dispatch.recipients.exclude(email="").count()


# --- recording the meeting ---------------------------------------------------------------------


@dataclass
class AttendanceEntry:
    membership: Membership
    status: str = Attendance.Status.PRESENT
    in_place_of: Membership | None = None
    arrived_at: dt.time | None = None
    left_at: dt.time | None = None
    arrived_during: AgendaItem | None = None
    left_during: AgendaItem | None = None


def attendance_record(*, meeting: Meeting, entries: Iterable[AttendanceEntry], acting_user: User
                      ) -> list[Attendance]:
    """Replace the meeting's attendance list; snapshots name, role and party as on the meeting date."""
    _require_manager(meeting.body, acting_user)
    entries = list(entries)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body")
        _require_meeting_edit(meeting, acting_user)
        _require_started(meeting)
        errors = [error for entry in entries for error in _attendance_errors(meeting, entry)]
        errors += _deputy_seat_errors(entries)
        if errors:
            raise ValidationError(errors)
        # The meeting has opened: an agenda not published through the portal is fixed (numbered) now.
        _number_meeting(meeting)
        meeting.attendances.all().delete()
        rows = [_attendance_row(meeting, entry) for entry in entries]
        Attendance.objects.bulk_create(rows)
        if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.INVITED):
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
    return rows


def _attendance_errors(meeting: Meeting, entry: AttendanceEntry) -> list[str]:
    m = entry.membership
    name = {"name": m.display_name}
    errors = []
    if m.body_id != meeting.body_id or not m.is_active_on(meeting.date):
        errors.append(_("%(name)s is not a member of the body on the meeting date.") % name)
    if entry.status == Attendance.Status.DEPUTY:
        if entry.in_place_of is None:
            errors.append(_("%(name)s: choose the member the deputy replaces.") % name)
        elif entry.in_place_of.body_id != meeting.body_id:
            errors.append(_("%(name)s: the replaced member is not in this body.") % name)
        elif m.role != Membership.Role.DEPUTY or m.deputy_for_id != entry.in_place_of.pk:
            # Personal deputies (henkilökohtainen varajäsen): each stands in only for their own member.
            errors.append(_("%(name)s is not the personal deputy of %(member)s.")
                          % {**name, "member": entry.in_place_of.display_name})
    for item in (entry.arrived_during, entry.left_during):
        if item is not None and item.meeting_id != meeting.pk:
            errors.append(_("%(name)s: the item is not on this meeting's agenda.") % name)
    return errors


def _deputy_seat_errors(entries: list[AttendanceEntry]) -> list[str]:
    """A deputy stands in only for a member who is not there, and only one deputy per seat."""
    errors = []
    present = {e.membership.pk for e in entries if e.status != Attendance.Status.ABSENT}
    seats: set[int] = set()
    for e in entries:
        if e.status != Attendance.Status.DEPUTY or e.in_place_of is None:
            continue
        if e.in_place_of.pk in present:
            errors.append(_("%(name)s cannot stand in for %(member)s, who is present.")
                          % {"name": e.membership.display_name, "member": e.in_place_of.display_name})
        if e.in_place_of.pk in seats:
            errors.append(_("%(member)s has more than one deputy standing in.")
                          % {"member": e.in_place_of.display_name})
        seats.add(e.in_place_of.pk)
    return errors


def _attendance_row(meeting: Meeting, e: AttendanceEntry) -> Attendance:
    return Attendance(
        meeting=meeting, membership=e.membership, status=e.status, in_place_of=e.in_place_of,
        arrived_at=e.arrived_at, left_at=e.left_at, arrived_during=e.arrived_during,
        left_during=e.left_during, person_name=e.membership.display_name,
        role_label=str(e.membership.get_role_display()),
        party_name=e.membership.party.name_fi if e.membership.party_id else "",
    )


VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)
CHAIR_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)


@dataclass
class Quorum:
    voting_members: int
    present: int
    needed: int
    chair_present: bool
    requires_chair: bool

    @property
    def ok(self) -> bool:
        return self.present >= self.needed and (self.chair_present or not self.requires_chair)


def quorum(meeting: Meeting, item: AgendaItem | None = None, *, attendances=None, recused_ids=None) -> Quorum:
    """Quorum by the body's rule; for an item, those who arrived later, left or are recused don't count."""
    body = meeting.body
    voting = [m for m in body.memberships.on(meeting.date) if m.voting and m.role in VOTING_ROLES]
    voting_ids = {m.pk for m in voting}
    if attendances is None:
        attendances = list(meeting.attendances.select_related("membership", "in_place_of", "arrived_during",
                                                              "left_during"))
    if recused_ids is None:
        recused_ids = set(item.recusals.values_list("membership_id", flat=True)) if item else set()
    seats = {seat.pk: seat for a in attendances if (seat := _counted_seat(a, item, recused_ids, voting_ids))}
    chair_present = any(seat.role in CHAIR_ROLES for seat in seats.values())
    return Quorum(voting_members=len(voting), present=len(seats), needed=body.quorum_needed(len(voting)),
                  chair_present=chair_present, requires_chair=body.quorum_requires_chair)


def _counted_seat(a: Attendance, item: AgendaItem | None, recused_ids: set[int],
                  voting_ids: set[int]) -> Membership | None:
    """The voting seat an attendance fills for the item (a deputy fills the member's), or None."""
    if a.status == Attendance.Status.ABSENT or (item is not None and not a.present_for(item)):
        return None
    if a.membership_id in recused_ids:
        return None
    seat = a.in_place_of if a.status == Attendance.Status.DEPUTY else a.membership
    if seat is None or seat.pk in recused_ids or seat.pk not in voting_ids:
        return None
    return seat


def recusal_record(*, item: AgendaItem, membership: Membership, acting_user: User, reason: str = "") -> Recusal:
    _require_meeting_edit(item.meeting, acting_user)
    _require_member(item.meeting, membership)
    with transaction.atomic(), acting_as(acting_user):
        recusal, _created = Recusal.objects.update_or_create(agenda_item=item, membership=membership,
                                                             defaults={"reason": reason})
    return recusal


def _require_member(meeting: Meeting, membership: Membership) -> None:
    if membership.body_id != meeting.body_id:
        raise ValidationError({"membership": _("The person is not a member of this body.")})


def _replace_recusals(item: AgendaItem, meeting: Meeting, memberships: Iterable[Membership]) -> None:
    """The item's recusals become exactly these (a recusal kept keeps its recorded ground)."""
    memberships = list(memberships)
    for membership in memberships:
        _require_member(meeting, membership)
    item.recusals.exclude(membership__in=memberships).delete()
    for membership in memberships:
        Recusal.objects.get_or_create(agenda_item=item, membership=membership)


def _locked_counter(body_id: int, year: int) -> SectionCounter:
    SectionCounter.objects.get_or_create(body_id=body_id, year=year)
    return SectionCounter.objects.select_for_update().get(body_id=body_id, year=year)


def _take_section_number(body_id: int, year: int) -> int:
    """The next § of the body in the year. The counter row is locked until the transaction ends, so two
    secretaries numbering at once get different numbers; a number once taken is never given again."""
    counter = _locked_counter(body_id, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


RECORDING = (Meeting.Status.INVITED, Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED)
# Resolutions after which the item's proposal is no longer waiting for a decision.
UNDECIDED = (Decision.Resolution.TABLED, Decision.Resolution.RETURNED)


def decision_record(*, item: AgendaItem, resolution: str, text: str, acting_user: User, dissent: str = "",
                    recusals: Iterable[Membership] | None = None, check_quorum: bool = True,
                    appeal_route: str = "", appeal_law: str = "", appeal_authority: str = "") -> Decision:
    """Record (or, before the minutes lock, revise) the decision on an item; a new decision takes its §.

    `recusals`, when given, become the item's recusals first, so the quorum is counted without them.
    """
    _require_meeting_edit(item.meeting, acting_user)
    if resolution not in Decision.Resolution.values:
        raise ValidationError({"resolution": _("Choose a resolution type.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, item.meeting_id, "body")
        _require_meeting_edit(meeting, acting_user)
        if meeting.status not in RECORDING:
            raise ValidationError(_("Decisions are recorded once the invitation has been sent."))
        _require_started(meeting)
        _number_meeting(meeting)
        item = _locked(AgendaItem, item.pk)
        if recusals is not None:
            _replace_recusals(item, meeting, recusals)
        if check_quorum:
            _require_quorum(meeting, item)
        decision = _decision_of(item, meeting)
        decision.resolution = resolution
        decision.text = text
        decision.dissent = dissent
        if appeal_route or decision.pk is None:
            # A working group only prepares: its decisions default to no appeal (kuntalaki 136 §).
            decision.appeal_route = appeal_route or default_route(meeting.body)
            decision.appeal_law, decision.appeal_authority = appeal_law, appeal_authority
        decision.full_clean(exclude=["agenda_item", "body", "recorded_by"], validate_unique=False,
                            validate_constraints=False)
        decision.recorded_by = acting_user
        decision.decided_at = timezone.now()
        decision.save()
        if item.source_proposal_id and resolution not in UNDECIDED:
            proposal = item.source_proposal
            proposal.status = Proposal.Status.DECIDED
            proposal.save(update_fields=["status"])
    return decision


def _require_quorum(meeting: Meeting, item: AgendaItem) -> None:
    q = quorum(meeting, item)
    if not q.ok:
        raise ValidationError(
            _("No quorum for this item: %(present)s of %(members)s voting members present, "
              "%(needed)s needed%(chair)s.") % {
                "present": q.present, "members": q.voting_members, "needed": q.needed,
                "chair": "" if q.chair_present or not q.requires_chair else _(", and the chair is absent")}
        )


def _decision_of(item: AgendaItem, meeting: Meeting) -> Decision:
    """The item's decision, or a new one under the item's § (given when the agenda was published)."""
    try:
        return item.decision
    except Decision.DoesNotExist:
        return Decision(agenda_item=item, body=meeting.body, section_year=meeting.number_year,
                        section_number=item.section_number)


def decision_correct(*, decision: Decision, reason: str, acting_user: User, text: str | None = None,
                     resolution: str | None = None, dissent: str | None = None) -> list[DecisionCorrection]:
    """Correct a locked decision: each changed field is recorded with its old and new value and the reason."""
    _require(decision.can_be_corrected_by(acting_user), _("Only the body's secretary can do this."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if resolution is not None and resolution not in Decision.Resolution.values:
        raise ValidationError({"resolution": _("Choose a resolution type.")})
    corrections = []
    with transaction.atomic(), acting_as(acting_user):
        decision = _locked(Decision, decision.pk)
        for field, value in (("text", text), ("resolution", resolution), ("dissent", dissent)):
            if value is None or value == getattr(decision, field):
                continue
            corrections.append(DecisionCorrection(decision=decision, field=field, old_value=getattr(decision, field),
                                                  new_value=value, reason=reason, corrected_by=acting_user))
            setattr(decision, field, value)
        if not corrections:
            raise ValidationError(_("Nothing was changed."))
        decision.save(allow_locked=True)
        DecisionCorrection.objects.bulk_create(corrections)
    return corrections


# --- minutes workflow ----------------------------------------------------------------------------


def minutes_draft(*, meeting: Meeting, checkers: list[Membership], acting_user: User) -> Meeting:
    """Send the minutes for checking: every item decided, two minutes checkers named. The checkers and
    the chair are e-mailed after commit; those without a portal account get a single-use signing link."""
    _require_manager(meeting.body, acting_user)
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body", "chair__user")
        _require_meeting_edit(meeting, acting_user)
        if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED):
            raise ValidationError(_("Record the attendance before drafting the minutes."))
        _require_started(meeting)
        undecided = meeting.items.filter(decision__isnull=True).values_list("section_number", flat=True)
        if undecided:
            raise ValidationError(_("Items without a decision: %(items)s.")
                                  % {"items": ", ".join(f"§ {n}" for n in undecided)})
        checkers = list(checkers)
        _check_minutes_checkers(meeting, checkers)
        if meeting.status == Meeting.Status.MINUTES_DRAFTED:
            # A new round of checking needs new approvals (the earlier ones are kept, voided).
            _void_checking(meeting, _("The minutes were sent for checking again."), by=acting_user)
        meeting.minutes_checkers.set(checkers)
        meeting.status = Meeting.Status.MINUTES_DRAFTED
        meeting.save(update_fields=["status"])
        links = _check_links_for(meeting, checkers)
        meeting_id = meeting.pk
        transaction.on_commit(lambda: _send_for_checking(meeting_id, links))
    return meeting


def _check_minutes_checkers(meeting: Meeting, checkers: list[Membership]) -> None:
    """Checkers are two of those present (a deputy who stood in counts), never the secretary or the
    chair (who signs anyway); one without a portal account needs an e-mail address for the link."""
    if len({c.pk for c in checkers}) != 2:
        raise ValidationError({"checkers": _("Choose exactly two minutes checkers.")})
    present = set(meeting.attendances.exclude(status=Attendance.Status.ABSENT).values_list("membership_id",
                                                                                           flat=True))
    for c in checkers:
        name = {"name": c.display_name}
        if c.body_id != meeting.body_id or c.pk not in present:
            raise ValidationError({"checkers": _("%(name)s was not present at the meeting and cannot check "
                                                 "the minutes.") % name})
        if c.role in Membership.SECRETARY_ROLES:
            raise ValidationError({"checkers": _("%(name)s is the secretary and cannot check the minutes.") % name})
        if meeting.chair_id and c.pk == meeting.chair_id:
            raise ValidationError({"checkers": _("%(name)s chairs the meeting and signs the minutes; choose "
                                                 "other checkers.") % name})
        if not c.contact_email and not c.user_id:
            raise ValidationError({"checkers": _("%(name)s has no portal account and no e-mail address for the "
                                                 "checking link.") % name})
    if meeting.chair is None:
        raise ValidationError({"chair": _("Name the chair of the meeting first.")})
    if meeting.chair.user_id is None and not meeting.chair.contact_email:
        raise ValidationError({"chair": _("The chair has no portal account and no e-mail address for the "
                                          "approval link.")})


def _check_links_for(meeting: Meeting, checkers: list[Membership]) -> list[int]:
    """A single-use link for each approver without a portal account (checkers, the chair)."""
    wanted = [(c, MinutesApproval.Role.CHECKER) for c in checkers]
    wanted.append((meeting.chair, MinutesApproval.Role.CHAIR))
    links = []
    for membership, role in wanted:
        if membership.user_id is None:
            link = MinutesCheckLink.objects.create(meeting=meeting, membership=membership, role=role,
                                                   nonce=secrets.token_urlsafe(32))
            links.append(link.pk)
    return links


CHECK_LINK_SALT = "workgroups.minutes-check-link"


def minutes_check_token(link: MinutesCheckLink) -> str:
    """The e-mailed token: the link's nonce, signed and timestamped (valid MinutesCheckLink.VALID_DAYS)."""
    return signing.TimestampSigner(salt=CHECK_LINK_SALT).sign(link.nonce)


def minutes_check_link_for(token: str) -> MinutesCheckLink | None:
    """The link a token names, if the signature holds and it is not older than the validity."""
    try:
        nonce = signing.TimestampSigner(salt=CHECK_LINK_SALT).unsign(
            token, max_age=dt.timedelta(days=MinutesCheckLink.VALID_DAYS))
    except signing.BadSignature:  # also SignatureExpired
        return None
    return MinutesCheckLink.objects.select_related("meeting__body", "membership").filter(nonce=nonce).first()


def minutes_approve_by_link(*, token: str, comment: str = "") -> MinutesApproval:
    """An approval by a checker (or chair) without a portal account, through the e-mailed link: valid
    14 days, once, and only while the minutes wait for approval in the round it was sent for."""
    link = minutes_check_link_for(token)
    if link is None:
        raise PermissionDenied(_("The link is not valid or has expired."))
    with transaction.atomic(), acting_as(None):
        link = _locked(MinutesCheckLink, link.pk)
        meeting = _locked(Meeting, link.meeting_id, "body", "chair")
        if not link.is_usable:
            raise ValidationError(_("The link has already been used, has expired or the minutes have changed "
                                    "since it was sent."))
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        approval = MinutesApproval.objects.create(meeting=meeting, membership=link.membership, role=link.role,
                                                  comment=comment, by_link=True)
        _lock_if_complete(meeting)
    return approval


def minutes_approve(*, meeting: Meeting, acting_user: User, comment: str = "") -> MinutesApproval:
    """A checker's or the chair's approval; after both checkers and the chair the minutes lock."""
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body", "chair")
        if not meeting.can_be_approved_by(acting_user):
            _refuse_approval(meeting, acting_user)
        role = meeting.pending_approval_role(acting_user)
        membership = (meeting.chair if role == MinutesApproval.Role.CHAIR
                      else meeting.minutes_checkers.filter(user=acting_user).first())
        approval = MinutesApproval.objects.create(meeting=meeting, user=acting_user, membership=membership,
                                                  role=role, comment=comment)
        _lock_if_complete(meeting)
    return approval


def _lock_if_complete(meeting: Meeting) -> None:
    valid = meeting.approvals.filter(voided_at__isnull=True)
    checkers_done = valid.filter(role=MinutesApproval.Role.CHECKER).values("membership_id").distinct().count()
    if checkers_done >= 2 and valid.filter(role=MinutesApproval.Role.CHAIR).exists():
        _lock(meeting)
        meeting_id = meeting.pk
        transaction.on_commit(lambda: _notify_secretaries_approved(meeting_id))


def _refuse_approval(meeting: Meeting, user: User) -> NoReturn:
    """Why Meeting.can_be_approved_by said no."""
    if meeting.status != Meeting.Status.MINUTES_DRAFTED:
        raise ValidationError(_("The minutes are not waiting for approval."))
    if meeting.approver_roles(user):
        raise ValidationError(_("You have already approved these minutes."))
    raise PermissionDenied(_("Only the minutes checkers and the chair approve the minutes."))


def _lock(meeting: Meeting) -> None:
    now = timezone.now()
    meeting.locked_at = now
    meeting.status = Meeting.Status.MINUTES_CHECKED
    meeting.save(update_fields=["locked_at", "status"])
    # visibility: write path — locks every decision of the minutes the approvers have just completed
    for decision in Decision.objects.filter(agenda_item__meeting=meeting):
        decision.locked_at = now
        decision.save(update_fields=["locked_at"])  # one by one, so the audit trail records each


def _void_checking(meeting: Meeting, reason: str, by: User | None = None) -> None:
    """Void the current round's approvals and unused links, recording why (who changed what is in the
    audit trail of the changed row)."""
    now = timezone.now()
    reason = reason[:300]
    meeting.approvals.filter(voided_at__isnull=True).update(voided_at=now, void_reason=reason)
    meeting.check_links.filter(used_at__isnull=True, voided_at__isnull=True).update(voided_at=now)
    MinutesReturn.objects.create(meeting=meeting, reason=reason, returned_by=by)


def minutes_return_to_draft(*, meeting_id: int, reason: str) -> bool:
    """Any change to minutes sent for checking returns them to draft (status held) and voids the
    approvals so far, with the reason. Called from the model signals (signals.minutes_changed), so
    pages, API and admin all pass here. Returns whether the minutes were waiting for approval."""
    # visibility: write path — a change the caller was allowed to make; nothing is shown
    returned = Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.MINUTES_DRAFTED).update(
        status=Meeting.Status.HELD)
    if returned:
        # visibility: write path — the meeting just returned to draft
        _void_checking(Meeting.objects.get(pk=meeting_id), reason)
    return bool(returned)


def _send_for_checking(meeting_id: int, link_ids: list[int]) -> None:
    """E-mail the checkers and the chair, each in their language; those without an account get the link."""
    # visibility: the checkers and the chair are members of the body and read the whole draft
    meeting = Meeting.objects.select_related("body", "chair__user").get(pk=meeting_id)
    links = {link.membership_id: link for link in MinutesCheckLink.objects.filter(pk__in=link_ids)}
    people = [*meeting.minutes_checkers.select_related("user"), meeting.chair]
    page = settings.PORTAL_BASE_URL + reverse("workgroups:meeting-detail", args=[meeting.pk])
    for membership in people:
        email = membership.contact_email
        if not email:
            continue
        link = links.get(membership.pk)
        url = (settings.PORTAL_BASE_URL + reverse("workgroups:minutes-check-link",
                                                  args=[minutes_check_token(link)])) if link else page
        with translation.override(membership.contact_language):
            subject = _("Minutes to check: %(body)s %(number)s") % {"body": meeting.body.name,
                                                                     "number": meeting.number_label}
            text = render_to_string("emails/workgroups/minutes_check.txt", {
                "meeting": meeting, "url": url, "by_link": link is not None,
                "valid_days": MinutesCheckLink.VALID_DAYS, "membership": membership})
        EmailMultiAlternatives(subject, text, to=[email]).send()


def _notify_secretaries_approved(meeting_id: int) -> None:
    # visibility: e-mail to the body's secretaries, who manage the meeting
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    url = settings.PORTAL_BASE_URL + reverse("workgroups:meeting-detail", args=[meeting.pk])
    secretaries = meeting.body.memberships.on(timezone.localdate()).filter(
        role__in=Membership.SECRETARY_ROLES, user__isnull=False).exclude(user__email="").select_related("user")
    for m in secretaries:
        with translation.override(m.contact_language):
            subject = _("Minutes approved: %(body)s %(number)s") % {"body": meeting.body.name,
                                                                    "number": meeting.number_label}
            text = render_to_string("emails/workgroups/minutes_approved.txt", {"meeting": meeting, "url": url})
        EmailMultiAlternatives(subject, text, to=[m.user.email]).send()


def minutes_publish(*, meeting: Meeting, acting_user: User) -> Meeting:
    """Public parts become visible to all logged-in people and on the open API."""
    _require(meeting.can_be_published_by(acting_user), _("Only the body's secretary can do this."))
    with transaction.atomic(), acting_as(acting_user):
        meeting = _locked(Meeting, meeting.pk, "body")
        if not meeting.is_locked:
            raise ValidationError(_("The minutes must be checked and locked before publishing."))
        if meeting.status == Meeting.Status.PUBLISHED:
            raise ValidationError(_("The minutes are already published."))
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["status", "published_at"])
        # --- notifications (workgroups/notifications.py): members and deputies hear of the publication ---
        meeting_id = meeting.pk
        transaction.on_commit(lambda: notifications.notify_minutes_published(meeting_id))
    return meeting


# --- proposals ---------------------------------------------------------------------------------


def proposal_submit(*, to_body: Body, title: str, proposal_text: str, acting_user: User, justification: str = "",
                    from_body: Body | None = None, source: str = "", matter: Matter | None = None,
                    publicity: str = Publicity.PUBLIC, secrecy_ground: str = "",
                    attachment: UploadedFile | None = None) -> Proposal:
    """Send a proposal to a body (a working group to its parent, or another app, e.g. source="procurement").

    From a body, the sender must be a member of it; other apps check their own rules before calling.
    An `attachment` is saved with the proposal (both or neither). The receiving body's secretaries are
    e-mailed after commit.
    """
    _require(acting_user.is_authenticated, _("Log in to send a proposal."))
    if from_body is not None:
        _require(from_body.is_readable_in_full_by(acting_user), _("Only members of the group can send its proposals."))
    if from_body is not None and from_body.parent_id and from_body.parent_id != to_body.pk:
        raise ValidationError({"to_body": _("A working group sends its proposals to the body it reports to.")})
    proposal = Proposal(to_body=to_body, from_body=from_body, source=source, title=title,
                        proposal_text=proposal_text, justification=justification, submitted_by=acting_user,
                        matter=matter, publicity=publicity, secrecy_ground=secrecy_ground,
                        status=Proposal.Status.SUBMITTED)
    proposal.full_clean()
    with transaction.atomic(), acting_as(acting_user):
        proposal.save()
        if attachment is not None:
            attachment_add(proposal=proposal, uploaded=attachment, title=attachment.name, publicity=publicity,
                           secrecy_ground=secrecy_ground, acting_user=acting_user)
        proposal_id = proposal.pk
        transaction.on_commit(lambda: _notify_secretaries(proposal_id))
    return proposal


def _notify_secretaries(proposal_id: int) -> None:
    # visibility: e-mail to the receiving body's secretaries, who may read every proposal sent to it
    proposal = Proposal.objects.select_related("to_body", "from_body").get(pk=proposal_id)
    url = settings.PORTAL_BASE_URL + reverse("workgroups:proposal-detail", args=[proposal.pk])
    secretaries = proposal.to_body.memberships.on(timezone.localdate()).filter(
        role__in=Membership.SECRETARY_ROLES, user__isnull=False).exclude(user__email="").select_related("user")
    for m in secretaries:
        with translation.override(m.user.language or settings.LANGUAGE_CODE):
            subject = _("New proposal to %(body)s: %(title)s") % {"body": proposal.to_body.name,
                                                                  "title": proposal.title}
            text = render_to_string("emails/workgroups/proposal.txt", {"proposal": proposal, "url": url})
        EmailMultiAlternatives(subject, text, to=[m.user.email]).send()


def proposal_to_agenda(*, proposal: Proposal, meeting: Meeting, acting_user: User, preparer=None) -> AgendaItem:
    """The receiving body's secretary turns a proposal into an agenda item."""
    if meeting.body_id != proposal.to_body_id:
        raise ValidationError({"meeting": _("The meeting must be a meeting of the body the proposal was sent to.")})
    if proposal.status not in (Proposal.Status.SUBMITTED,):
        raise ValidationError(_("The proposal is already on an agenda or closed."))
    background = proposal.justification
    if proposal.from_body_id:
        background = _("Proposal of %(body)s.") % {"body": proposal.from_body.name} + "\n\n" + background
    return agenda_item_add(meeting=meeting, title=proposal.title, acting_user=acting_user, background=background,
                           proposal_text=proposal.proposal_text, preparer=preparer or proposal.submitted_by,
                           matter=proposal.matter, publicity=proposal.publicity,
                           secrecy_ground=proposal.secrecy_ground, source_proposal=proposal)


# --- action items ------------------------------------------------------------------------------


def action_item_create(*, body: Body, title: str, due_date: dt.date, acting_user: User,
                       decision: Decision | None = None, owner: User | None = None, owner_body: Body | None = None,
                       party=None, description: str = "") -> ActionItem:
    _require_manager(body, acting_user)
    if decision is not None and decision.body_id != body.pk:
        raise ValidationError({"decision": _("The decision is not this body's.")})
    item = ActionItem(body=body, decision=decision, title=title, description=description, owner=owner,
                      owner_body=owner_body, party=party or (owner.party if owner is not None else None),
                      due_date=due_date)
    item.full_clean()
    with transaction.atomic(), acting_as(acting_user):
        item.save()
    return item


def action_item_set_status(*, item: ActionItem, status: str, acting_user: User, note: str = "") -> ActionItem:
    _require(item.can_be_edited_by(acting_user), _("Only the owner or the body's secretary can update this action."))
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    item.status = status
    if note:
        item.status_note = note
    item.completed_at = timezone.now() if status == ActionItem.Status.DONE else None
    with transaction.atomic(), acting_as(acting_user):
        item.save(update_fields=["status", "status_note", "completed_at"])
    return item


def _action_recipients(item: ActionItem) -> dict[str, list[str]]:
    """The reminder's addresses by the person's preferred language (each gets it in their own)."""
    if item.owner_id:
        people = [item.owner]
    else:
        memberships = item.owner_body.memberships.on(timezone.localdate()).filter(user__isnull=False)
        people = [m.user for m in memberships.select_related("user")]
    by_language: dict[str, set[str]] = {}
    for person in people:
        if person.email:
            by_language.setdefault(person.language or settings.LANGUAGE_CODE, set()).add(person.email)
    return {language: sorted(emails) for language, emails in sorted(by_language.items())}


REMINDERS = (("reminded_week_before", 7), ("reminded_on_due", 0))  # (claimed in field, days before due)


def action_item_send_reminders(*, today: dt.date | None = None) -> int:
    """Reminders a week before and on the due date. Each is claimed with an optimistic update first,
    so two beat runs (or two workers) never send the same reminder twice. One message per
    language among the recipients; returns the number of action items reminded."""
    today = today or timezone.localdate()
    sent = 0
    for field, days_before in REMINDERS:
        due = today + dt.timedelta(days=days_before)
        # visibility: the reminder task reads the due items to remind their owners; shows nothing itself
        candidates = ActionItem.objects.open().filter(due_date=due, **{f"{field}__isnull": True})
        for item in candidates.select_related("owner", "owner_body", "body"):
            if _claim_reminder(item, field, today) and _send_reminder(item, field):
                sent += 1
    return sent


def _claim_reminder(item: ActionItem, field: str, today: dt.date) -> bool:
    # visibility: the reminder task claims the reminder with an optimistic update; shows nothing
    return bool(ActionItem.objects.filter(pk=item.pk, **{f"{field}__isnull": True}).update(**{field: today}))


def _send_reminder(item: ActionItem, field: str) -> bool:
    recipients = _action_recipients(item)
    if not recipients:
        return False
    url = settings.PORTAL_BASE_URL + reverse("workgroups:action-detail", args=[item.pk])
    for language, emails in recipients.items():
        with translation.override(language):
            subject = (_("Reminder: action due in a week: %(title)s") if field == "reminded_week_before"
                       else _("Reminder: action due today: %(title)s")) % {"title": item.title}
            text = render_to_string("emails/workgroups/action_reminder.txt", {"item": item, "url": url})
        EmailMultiAlternatives(subject, text, to=emails).send()
    return True
