"""Dashboard panel: the agreement that governs the cooperation now, those being prepared,
upcoming end dates and deadlines, programme progress.

A constant number of queries however many agreements there are (prefetch, one aggregate)."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import Agreement, AgreementState, Dispute, Measure

UPCOMING_DAYS = 180
PREPARING = (AgreementState.DRAFT, AgreementState.CIRCULATED, AgreementState.APPROVED,
             AgreementState.SIGNED_BY_SOME, AgreementState.SIGNED)
KIND_ORDER = {Agreement.Kind.COOPERATION: 0, Agreement.Kind.LETTER_OF_INTENT: 1,
              Agreement.Kind.MUNICIPAL_COOPERATION: 2, Agreement.Kind.SUB_AGREEMENT: 3}


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
    in_force, preparing, ended, upcoming = [], [], [], []
    for agreement in Agreement.objects.visible_to(request.user).with_parties():
        state = agreement.state_on(today)
        if state == AgreementState.IN_FORCE:
            end = agreement.effective_end()
            in_force.append({"agreement": agreement, "start": agreement.effective_start(), "end": end})
            if end and end <= horizon:
                upcoming.append({"agreement": agreement, "day": end, "kind": _("ends")})
        elif state in PREPARING:
            preparing.append({"agreement": agreement, "state": AgreementState(state).label})
        else:
            ended.append({"agreement": agreement, "end": agreement.effective_end()})
    # The agreement that governs the cooperation: the broadest in force first (a letter of intent
    # or a cooperation agreement before the sub-agreements), then the newest.
    in_force.sort(key=lambda row: (KIND_ORDER.get(row["agreement"].kind, 9),
                                   -(row["start"] or dt.date.min).toordinal()))
    latest_ended = max(ended, key=lambda row: row["end"] or dt.date.min, default=None)
    for dispute in Dispute.objects.visible_to(request.user).open().select_related("agreement"):
        deadline = dispute.negotiation_deadline
        if deadline <= horizon:
            upcoming.append({"agreement": dispute.agreement, "day": deadline,
                             "kind": _("negotiation deadline of a dispute"), "overdue": deadline < today})
    upcoming.sort(key=lambda row: row["day"])
    return Panel(
        _("Agreements and programme"), "cooperation/agreements/panel.html",
        {"in_force": in_force, "preparing": preparing, "latest_ended": None if in_force else latest_ended,
         "upcoming": upcoming, "progress": programme_progress(), "today": today},
        order=20,
    )
