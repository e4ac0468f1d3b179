"""Dashboard panel: agreements in force, upcoming end dates and deadlines, programme progress.

A constant number of queries however many agreements there are (prefetch, one aggregate)."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import Agreement, AgreementState, Dispute, Measure

UPCOMING_DAYS = 180


def programme_progress() -> dict:
    counts = dict(Measure.objects.values_list("status").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    done = counts.get(Measure.Status.DONE, 0)
    return {
        "total": total,
        "done": done,
        "in_progress": counts.get(Measure.Status.IN_PROGRESS, 0),
        "delayed": counts.get(Measure.Status.DELAYED, 0),
        "percent": round(100 * done / total) if total else 0,
    }


def agreements_panel(request):
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    in_force, upcoming = [], []
    for agreement in Agreement.objects.visible_to(request.user).with_parties():
        state = agreement.state_on(today)
        if state == AgreementState.IN_FORCE:
            in_force.append(agreement)
            end = agreement.effective_end()
            if end and end <= horizon:
                upcoming.append({"agreement": agreement, "day": end, "kind": _("ends")})
    for dispute in Dispute.objects.visible_to(request.user).open().select_related("agreement"):
        deadline = dispute.negotiation_deadline
        if deadline <= horizon:
            upcoming.append({"agreement": dispute.agreement, "day": deadline,
                             "kind": _("negotiation deadline of a dispute"), "overdue": deadline < today})
    upcoming.sort(key=lambda row: row["day"])
    return Panel(
        _("Agreements and programme"), "cooperation/agreements/panel.html",
        {"in_force": in_force, "upcoming": upcoming, "progress": programme_progress(), "today": today},
        order=20,
    )
