"""Dashboard panels: the latest monthly reports (two queries, whatever the number of reports) and
where the two authorities stand nationally on the unemployment rate."""

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


def standing_panel(request):
    """“Lahti 38./45, median 9,1 %” for the newest month with a national unemployment rate."""
    from .models import Metric, Observation
    from .standing import where_we_stand

    if not request.user.has_perm("monitoring.view_observation"):
        return None
    metric = Metric.objects.filter(code="unemployment-rate").first()
    month = (Observation.objects.filter(metric=metric).order_by("-month").values_list("month", flat=True).first()
             if metric else None)
    if month is None:
        return None
    standing = where_we_stand(metric, month)
    if not standing.count:
        return None
    return Panel(title=_("Where we stand"), template="monitoring/panels/standing.html",
                 context={"standing": standing, "headlines": standing.headlines()}, order=45)


def key_figures_panel(request):
    """The latest month of the key figures for the person's authority (both for the steering group)."""
    from .keyfigures import authority_figures, viewer_authorities

    if not request.user.has_perm("monitoring.view_observation"):
        return None
    found = [a for a in authority_figures(viewer_authorities(request.user)) if a.figures]
    if not found:
        return None
    return Panel(title=_("Key figures"), template="monitoring/panels/key_figures.html",
                 context={"authorities": found}, order=5)  # first: the figures lead
