"""The audit trail of one body: every change to its meetings, items, decisions, memberships and
minutes approvals (django-auditlog LogEntry rows, shown in words by cooperation.base.history)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DecisionCorrection,
    Meeting,
    Membership,
    MinutesApproval,
    Recusal,
)


def body_log_entries(body: Body, user):
    """The log of the body's rows the person may see (the view admits the secretary and full readers)."""
    sources = [
        (Body, Body.objects.filter(pk=body.pk)),
        (Membership, Membership.objects.visible_to(user).filter(body=body)),
        (Meeting, Meeting.objects.visible_to(user).filter(body=body)),
        (AgendaItem, AgendaItem.objects.visible_to(user).filter(meeting__body=body)),
        (Attendance, Attendance.objects.filter(meeting__body=body)),
        (Recusal, Recusal.objects.filter(agenda_item__meeting__body=body)),
        (Decision, Decision.objects.visible_to(user).filter(body=body)),
        (DecisionCorrection, DecisionCorrection.objects.filter(decision__body=body)),
        (MinutesApproval, MinutesApproval.objects.filter(meeting__body=body)),
        (ActionItem, ActionItem.objects.visible_to(user).filter(body=body)),
    ]
    types = ContentType.objects.get_for_models(*[model for model, _qs in sources])
    condition = Q()
    for model, queryset in sources:
        condition |= Q(content_type=types[model], object_id__in=queryset.values("pk"))
    return LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp")

