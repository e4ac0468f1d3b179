"""The invitation's preview-and-confirm page (workgroups/notifications.py does the work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import notifications
from .models import Meeting
from .views import _manage, _meeting_for


@login_required
def meeting_invitation(request, pk):
    """Who gets the invitation (and who cannot be reached), its text in each recipient's language and the
    files; the confirm button posts to `meeting-invite`. Also the record of earlier sendings."""
    meeting = _meeting_for(request, pk)
    _manage(request, meeting)
    preview = notifications.invitation_preview(meeting)
    can_send = meeting.status in (Meeting.Status.PLANNED, Meeting.Status.INVITED) and not meeting.is_locked
    dispatches = list(meeting.invitation_dispatches.select_related("sent_by").prefetch_related("recipients")[:10])
    return render(request, "workgroups/invitation_preview.html", {
        "meeting": meeting, "body": meeting.body, "preview": preview, "can_send": can_send,
        "dispatches": dispatches})
