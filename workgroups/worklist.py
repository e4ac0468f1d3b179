"""The dashboard's "Waiting for you" panel (Odottaa sinua): the person's open tasks in the meeting work,
each with a direct link and a count, in a constant number of queries (two per kind: the first rows and
the count). Every read goes through the models' visibility rules; the person's role (checker, chair,
secretary, owner) only narrows them.

- minutes to approve: minutes sent for checking where the person is a checker or the chair and has not
  approved in the current round;
- agendas to prepare: upcoming meetings of bodies the person is the secretary of, agenda not published;
- proposals waiting for an agenda: proposals sent to those bodies and not yet on an agenda;
- action items due: the person's own open action items due within 14 days or overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import ActionItem, Meeting, Membership, MinutesApproval, Proposal

SHOWN = 5  # rows per kind; the count tells how many there are in all
ACTION_ITEM_HORIZON_DAYS = 14


@dataclass
class WorkKind:
    key: str
    title: str
    rows: list  # (label, url, note)
    count: int


def _secretary_of(user, today: dt.date, path: str):
    """Exists: the person is a current secretary (or deputy secretary) of the row's body."""
    return Exists(Membership.objects.visible_to(user).on(today).filter(
        body=OuterRef(path), user=user, role__in=Membership.SECRETARY_ROLES))


def minutes_to_approve(user):
    approved = MinutesApproval.objects.filter(meeting=OuterRef("pk"), user=user, voided_at__isnull=True)
    checker = Exists(Meeting.minutes_checkers.through.objects.filter(meeting=OuterRef("pk"),
                                                                     membership__user=user))
    return (Meeting.objects.visible_to(user).filter(status=Meeting.Status.MINUTES_DRAFTED)
            .filter(checker | Q(chair__user=user)).exclude(Exists(approved)))


def agendas_to_prepare(user, now: dt.datetime):
    return (Meeting.objects.visible_to(user).filter(starts_at__gte=now, agenda_published_at__isnull=True)
            .exclude(status=Meeting.Status.CANCELLED)
            .filter(_secretary_of(user, timezone.localdate(now), "body")))


def proposals_waiting(user, today: dt.date):
    return (Proposal.objects.visible_to(user).filter(status=Proposal.Status.SUBMITTED)
            .filter(_secretary_of(user, today, "to_body")))


def action_items_due(user, today: dt.date):
    return ActionItem.objects.visible_to(user).open().filter(
        owner=user, due_date__lte=today + dt.timedelta(days=ACTION_ITEM_HORIZON_DAYS))


def _date(value) -> str:
    return f"{timezone.localtime(value):%-d.%-m.%Y}" if isinstance(value, dt.datetime) else f"{value:%-d.%-m.%Y}"


def work_for(user, now: dt.datetime | None = None) -> list[WorkKind]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    kinds = []

    qs = minutes_to_approve(user)
    rows = [(f"{m.body.name} {m.number_label}".strip(), reverse("workgroups:meeting-detail", args=[m.pk]),
             _date(m.starts_at)) for m in qs.select_related("body").order_by("starts_at")[:SHOWN]]
    kinds.append(WorkKind("minutes", _("Minutes to approve"), rows, qs.count() if len(rows) == SHOWN else len(rows)))

    qs = agendas_to_prepare(user, now)
    rows = [(m.body.name, reverse("workgroups:meeting-detail", args=[m.pk]), _date(m.starts_at))
            for m in qs.select_related("body").order_by("starts_at")[:SHOWN]]
    kinds.append(WorkKind("agendas", _("Agendas to prepare"), rows, qs.count() if len(rows) == SHOWN else len(rows)))

    qs = proposals_waiting(user, today)
    rows = [(p.title, reverse("workgroups:proposal-detail", args=[p.pk]), p.to_body.name)
            for p in qs.select_related("to_body").order_by("submitted_at")[:SHOWN]]
    kinds.append(WorkKind("proposals", _("Proposals waiting for an agenda"), rows,
                          qs.count() if len(rows) == SHOWN else len(rows)))

    qs = action_items_due(user, today)
    rows = [(a.title, reverse("workgroups:action-detail", args=[a.pk]),
             _date(a.due_date) + (" – " + _("overdue") if a.due_date < today else ""))
            for a in qs.order_by("due_date")[:SHOWN]]
    kinds.append(WorkKind("actions", _("Action items due"), rows, qs.count() if len(rows) == SHOWN else len(rows)))
    return kinds


def waiting_for_you_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    now = timezone.now()
    kinds = work_for(user, now)
    # An agenda to prepare stops waiting when its meeting starts: the cached panel ends then.
    starts = agendas_to_prepare(user, now).order_by("starts_at").values_list("starts_at", flat=True).first()
    return Panel(_("Waiting for you"), "workgroups/panels/waiting.html",
                 {"kinds": kinds, "total": sum(k.count for k in kinds)}, order=5, valid_until=starts)
