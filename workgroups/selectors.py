"""Plain-data reads for other apps (the monitoring report reads these; no request needed).

A document rendered once and read by many people is given its `readers` (its audience): what
leaves here is what every one of them may see by the models' own rules (`visible_to_every`, the
intersection of `visible_to`). Decisions are further limited to the public parts of published
minutes; action items to what each reader would see on the action-item pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from .models import ActionItem, Decision


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def decisions_in_month(*, year: int, month: int, readers: Iterable) -> list[dict]:
    """Decisions of published minutes whose meeting date is in the month; public items only, and
    only those every one of `readers` may see.

    Keys: body, meeting_date (date), section ("§ 3/2026"), title, resolution (display text), text.
    """
    start, end = _month_bounds(year, month)
    in_month = Q(agenda_item__meeting__starts_at__gte=start, agenda_item__meeting__starts_at__lt=end)
    decisions = (
        Decision.objects.filter(in_month).open_data().visible_to_every(readers)
        .select_related("body", "agenda_item__meeting")
        .order_by("agenda_item__meeting__starts_at", "body__name_fi", "section_number")
    )
    tz = ZoneInfo(settings.TIME_ZONE)
    return [
        {
            "body": d.body.name_fi,
            "meeting_date": d.agenda_item.meeting.starts_at.astimezone(tz).date(),
            "section": d.section,
            "title": d.agenda_item.title,
            "resolution": str(d.get_resolution_display()),
            "text": d.text,
        }
        for d in decisions
    ]


def open_action_items(*, on: dt.date, readers: Iterable) -> list[dict]:
    """Open (open or in progress) action items on a day that every one of `readers` may see, due
    date first. For readers of several bodies and parties these are the follow-ups of published
    public decisions (ActionItemQuerySet.visible_to); a follow-up of a non-public decision is
    shown only to its body.

    Keys: title, body, owner, party, due_date, status (display text), overdue (bool).
    """
    items = (
        ActionItem.objects.open().filter(created_at__date__lte=on).visible_to_every(readers)
        .select_related("body", "owner", "owner_body", "party")
        .order_by("due_date", "pk")
    )
    return [
        {
            "title": item.title,
            "body": item.body.name_fi,
            "owner": item.owner_display,
            "party": item.party.name_fi if item.party_id else "",
            "due_date": item.due_date,
            "status": str(item.get_status_display()),
            "overdue": item.due_date < on,
        }
        for item in items
    ]
