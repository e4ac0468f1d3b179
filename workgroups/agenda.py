"""A body's standard agenda and the arranging of a meeting's agenda before it is published.

A new meeting starts with the body's standard opening items (kokouksen avaus; laillisuus ja
päätösvaltaisuus; pöytäkirjantarkastajien valinta; työjärjestyksen hyväksyminen unless the body's
secretary has changed the list). Until the agenda is published the items can be moved and removed;
after publication the § numbers are given and the order is fixed (an item added later takes the next
free number, services.agenda_item_add). Keyword-only services taking the acting user, as in
workgroups.services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as

from . import services
from .models import AgendaItem, Body, Decision, Meeting, Proposal, StandardAgendaItem
from .standard_agenda import StandardItem

if TYPE_CHECKING:
    from parties.models import User


def standard_items_save(*, body: Body, items: list[StandardItem], acting_user: User) -> list[StandardAgendaItem]:
    """Replace the body's standard agenda (the body's secretary). An empty list returns to the defaults."""
    services._require_manager(body, acting_user)
    rows = [StandardAgendaItem(body=body, order=n, title=i.title.strip(), proposal_text=i.proposal_text.strip())
            for n, i in enumerate(items, start=1)]
    for n, row in enumerate(rows, start=1):
        try:
            row.full_clean(exclude=["body"])
        except ValidationError as exc:
            raise ValidationError(_("Item %(n)s: %(error)s") % {"n": n, "error": " ".join(exc.messages)}) from None
    with transaction.atomic(), acting_as(acting_user):
        body.standard_items.all().delete()
        StandardAgendaItem.objects.bulk_create(rows)
    return rows


def _require_arrangeable(item: AgendaItem, user: User) -> Meeting:
    """The (locked) meeting of an item whose agenda may still be arranged."""
    services._require_manager(item.meeting.body, user)
    meeting = services._locked(Meeting, item.meeting_id, "body")
    services._require_meeting_edit(meeting, user)
    if meeting.agenda_is_published:
        raise ValidationError(_("The agenda has been published and its § numbers given: items can no longer be "
                                "moved or removed. Record a change in the minutes instead."))
    return meeting


def agenda_item_move(*, item: AgendaItem, up: bool, acting_user: User) -> AgendaItem:
    """Swap the item with the one before (up) or after it, until the agenda is published."""
    with transaction.atomic(), acting_as(acting_user):
        meeting = _require_arrangeable(item, acting_user)
        item = services._locked(AgendaItem, item.pk)
        neighbours = meeting.items.filter(order__lt=item.order).order_by("-order") if up else \
            meeting.items.filter(order__gt=item.order).order_by("order")
        other = neighbours.select_for_update().first()
        if other is None:
            raise ValidationError(_("The item is already first.") if up else _("The item is already last."))
        # Through 0, which no item holds, as (meeting, order) is unique.
        mine, theirs = item.order, other.order
        item.order = 0
        item.save(update_fields=["order"])
        other.order = mine
        other.save(update_fields=["order"])
        item.order = theirs
        item.save(update_fields=["order"])
    return item


def agenda_item_remove(*, item: AgendaItem, acting_user: User) -> None:
    """Take an item off an unpublished agenda; the items after it move up. A proposal it brought goes back
    to waiting for an agenda."""
    with transaction.atomic(), acting_as(acting_user):
        meeting = _require_arrangeable(item, acting_user)
        item = services._locked(AgendaItem, item.pk, "source_proposal")
        # visibility: write path — whether the item being removed has a decision; nothing is shown
        if Decision.objects.filter(agenda_item=item).exists():
            raise ValidationError(_("The item has a decision and cannot be removed."))
        proposal, order = item.source_proposal, item.order
        item.delete()
        for later in meeting.items.filter(order__gt=order).order_by("order"):
            later.order -= 1
            later.save(update_fields=["order"])
        if proposal is not None and proposal.status == Proposal.Status.ON_AGENDA:
            proposal.status = Proposal.Status.SUBMITTED
            proposal.save(update_fields=["status"])


def opening_items_decide(*, meeting: Meeting, acting_user: User) -> list[Decision]:
    """Record the undecided standard opening items as proposed, in one step (the usual case: the meeting
    was opened, found lawful and quorate, the checkers elected and the agenda adopted). An item with a
    counter-proposal is decided on its own page."""
    services._require_manager(meeting.body, acting_user)
    items = (meeting.items.filter(from_standard_agenda=True, decision__isnull=True, counter_proposals__isnull=True)
             .exclude(proposal_text="").order_by("order"))
    with transaction.atomic(), acting_as(acting_user):
        return [services.decision_record(item=item, resolution=Decision.Resolution.APPROVED, text=item.proposal_text,
                                         acting_user=acting_user) for item in items]
