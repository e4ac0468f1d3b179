"""Dashboard panels of the cooperation core."""

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

from .dashboard import Panel
from .models import WorkerHeartbeat


def administration_panel(request):
    """For administrators: the latest changes anywhere (audit log) and the worker's heartbeat."""
    if not request.user.has_perm("auditlog.view_logentry"):
        return None
    entries = list(LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")[:8])
    heartbeat = WorkerHeartbeat.objects.order_by("-created").first()
    return Panel(_("Administration"), "cooperation/panels/administration.html",
                 {"entries": entries, "heartbeat": heartbeat}, order=90)
