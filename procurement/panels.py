"""Dashboard panel: open disruption reports (late answers first) and quota warnings the person may see."""

from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.dashboard import Panel

from .models import Appropriation, DisruptionReport, is_coordinator, is_member
from .selectors import quota_rows


def procurement_panel(request):
    user = request.user
    if not (is_member(user) or is_coordinator(user)):
        return None
    today = timezone.localdate()
    reports = list(DisruptionReport.objects.visible_to(user).open()
                   .select_related("contract__supplier").order_by("answer_due", "reported_on")[:20])
    late = [r for r in reports if r.is_late(today)]
    warnings = [row for row in quota_rows(Appropriation.objects.filter(year=today.year)) if row["warning"]]
    return Panel(_("Procurement"), "procurement/panels/procurement.html",
                 {"open_reports": reports, "late_reports": late, "quota_warnings": warnings}, order=40)
