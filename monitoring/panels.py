"""Dashboard panel: the latest monthly reports (two queries, whatever the number of reports)."""

from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import ReportRequest, can_download_reports


def reports_panel(request):
    user = request.user
    if not can_download_reports(user):
        return None
    latest = list(ReportRequest.objects.visible_to(user).select_related("authority").order_by("-created_at")[:5])
    return Panel(title=_("Monthly reports"), template="monitoring/panels/reports.html",
                 context={"reports": latest}, order=40)
