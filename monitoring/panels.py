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


FOLLOW_UP_ROWS = 5  # the newest linked decisions on the dashboard; the rest on the metric pages


def follow_up_panel(request):
    """Päätösten seuranta: the newest decisions the person may see that name a metric they aim to move,
    with the change since the decision beside the country and the peer group (monitoring.follow_up)."""
    from .follow_up import follow_ups, readable_links, table_rows

    if not request.user.has_perm("monitoring.view_observation"):
        return None
    links = list(readable_links(request.user).order_by(
        "-decision__agenda_item__meeting__starts_at", "decision_id", "metric__number", "area__code")[:FOLLOW_UP_ROWS])
    if not links:
        return None
    return Panel(title=_("Follow-up of decisions"), template="monitoring/panels/follow_up.html",
                 context={"rows": table_rows(follow_ups(links), by_decision=True)}, order=46)


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
