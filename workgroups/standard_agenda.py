"""A body's standard agenda: the opening items every new meeting starts with (read here; changed by the
body's secretary through workgroups.agenda.standard_items_save)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.utils import translation

from .deliberation_models import DEFAULT_STANDARD_ITEMS
from .models import AgendaItem, Body, Meeting


@dataclass(frozen=True)
class StandardItem:
    title: str
    proposal_text: str = ""


def default_standard_items() -> list[StandardItem]:
    """The four opening items, in the portal's language (the language of the minutes)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [StandardItem(str(title), str(proposal)) for title, proposal in DEFAULT_STANDARD_ITEMS]


def standard_items(body: Body) -> list[StandardItem]:
    """The body's standard agenda: its own list once its secretary has saved one, else the four defaults."""
    rows = list(body.standard_items.order_by("order"))
    if not rows:
        return default_standard_items()
    return [StandardItem(r.title, r.proposal_text) for r in rows]


def add_standard_items(meeting: Meeting) -> list[AgendaItem]:
    """Put the body's standard items at the head of a new meeting's agenda (inside meeting_create)."""
    start = meeting.items.aggregate(m=Max("order"))["m"] or 0
    rows = [AgendaItem(meeting=meeting, order=start + n, title=i.title, proposal_text=i.proposal_text,
                       from_standard_agenda=True)
            for n, i in enumerate(standard_items(meeting.body), start=1)]
    for row in rows:
        row.full_clean(exclude=["meeting"], validate_constraints=False)
        row.save()
    return rows
