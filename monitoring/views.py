"""Monitoring pages: overview, metric charts, imports with preview, hand entry, reports."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.base.filenames import content_disposition
from cooperation.base.history import describe
from cooperation.base.numbers import format_count

from . import services
from .areas import AreaRegistry, authority_area_codes, user_area_codes
from .breakdowns import breakdown_charts
from .follow_up import decision_href, decision_month, follow_ups, readable_links, table_rows
from .forms import CommentaryForm, MonthSelectForm, ObservationForm, ReportRequestForm, UploadForm
from .imports import ImportRefused
from .keyfigures import viewer_area_codes
from .models import Commentary, ImportBatch, Metric, Observation, ReportRequest, ReportSubscription, StatFinFetch
from .reports import DataSet, add_months, format_change, metric_series, summary_rows, targets_for
from .standing import where_we_stand

PERMISSION = {"raise_exception": True}
PREVIEW_ROWS = 200  # rows of the import preview's tables; the rest are counted


def _latest_month() -> dt.date:
    latest = Observation.objects.order_by("-month").values_list("month", flat=True).first()
    return latest or add_months(timezone.localdate().replace(day=1), -1)


def _selected_month(request) -> tuple[MonthSelectForm, dt.date]:
    form = MonthSelectForm(request.GET or None)
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or _latest_month()
    if not form.is_bound:
        form.initial["month"] = f"{month:%Y-%m}"  # the box shows the month the page shows, not an empty box
    return form, month


@login_required
@permission_required("monitoring.view_observation", **PERMISSION)
def index(request):
    form, month = _selected_month(request)
    registry = AreaRegistry()
    metrics = list(Metric.objects.filter(is_active=True, number__isnull=False))
    data = DataSet(month=month, area_codes=["MK07"], metrics=metrics, months=13, registry=registry)
    can_fetch = StatFinFetch.can_be_requested_by(request.user)
    return render(request, "monitoring/index.html", {
        "month_form": form, "month": month, "summary": summary_rows(data, "MK07", targets_for(metrics, month)),
        "region": registry.get("MK07"),
        "commentary": Commentary.objects.filter(month=month).first(),
        "can_fetch": can_fetch,
        "fetches": StatFinFetch.objects.select_related("requested_by")[:5] if can_fetch else [],
    })


@require_POST
@permission_required("monitoring.add_importbatch", **PERMISSION)
def statfin_fetch(request):
    """Fetch the StatFin tables now (the same as the monthly schedule); the status shows on the page."""
    for table in sorted(services.statfin_tables()):
        services.statfin_fetch_request(table=table, acting_user=request.user)
    messages.info(request, _("The figures are being fetched from Statistics Finland; the status is below."))
    return redirect(f"{reverse('monitoring:index')}#statfin-heading")


@login_required
@permission_required("monitoring.view_observation", **PERMISSION)
def metric_detail(request, code: str):
    metric = get_object_or_404(Metric, code=code)
    form, month = _selected_month(request)
    registry = AreaRegistry()
    codes = [c for c in authority_area_codes(None, month) if c in registry.by_code]
    data = DataSet(month=month, area_codes=codes, metrics=[metric], registry=registry)
    # The viewer's authority is highlighted, the other areas are context, the country dashed.
    highlight = viewer_area_codes(request.user)
    corrections = _corrections(metric, registry)
    targets = [{"target": t, "area": registry.by_code[t.area_code].name if t.area_code in registry.by_code
                else t.area_code or _("Every area")} for t in metric.targets.order_by("area_code", "period_start")]
    standing = where_we_stand(metric, month, registry=registry)
    # Decisions that aim to move this metric (those the person may see): markers on the chart, a table below.
    links = list(readable_links(request.user).filter(metric=metric).order_by(
        "decision__agenda_item__meeting__starts_at", "decision_id", "area__code"))
    markers = list({link.decision_id: (decision_month(link), link.decision.section, decision_href(link.decision))
                    for link in links}.values())
    return render(request, "monitoring/metric_detail.html", {
        "standing": standing if standing.count else None,
        "follow_up": table_rows(follow_ups(links, as_of=month, registry=registry), by_decision=True),
        "metric": metric, "month_form": form, "month": month,
        "chart": metric_series(data, metric, registry, codes, highlight=highlight, markers=markers),
        "breakdowns": breakdown_charts(metric=metric, month=month, area_codes=[c for c in codes if c != "SSS"],
                                       registry=registry),
        "targets": targets, "corrections": corrections,
    })


def _corrections(metric: Metric, registry: AreaRegistry) -> list:
    """Corrections keep the old value: the audit log's update entries for this metric's observations,
    each named by its area and month as the page shows them (the log's own text has the codes)."""
    corrected = Observation.objects.filter(pk=OuterRef("object_id"))  # in the same query: none more a page
    # The content type by a join, not get_for_model's process-wide cache: the page asks the same
    # number of queries whether or not that cache happens to hold it (tests/test_query_budgets.py).
    rows = describe(LogEntry.objects.filter(content_type__app_label=Observation._meta.app_label,
                                            content_type__model=Observation._meta.model_name)
                    .filter(action=LogEntry.Action.UPDATE,
                            object_id__in=Observation.objects.filter(metric=metric).values("pk"))
                    .annotate(corrected_area=Subquery(corrected.values("area_code")[:1]),
                              corrected_month=Subquery(corrected.values("month")[:1]),
                              corrected_breakdown=Subquery(corrected.values("breakdown")[:1]))
                    .select_related("actor", "content_type").order_by("-timestamp")[:20])
    for row in rows:
        if row.entry.corrected_area is not None:
            where = registry.name(row.entry.corrected_area)
            if row.entry.corrected_breakdown:
                where = f"{where} ({row.entry.corrected_breakdown})"
            row.subject = f"{where}, {row.entry.corrected_month:%m/%Y}"
    return rows


def _allowed_areas(user):
    return user_area_codes(user)


@login_required
@permission_required("monitoring.add_importbatch", **PERMISSION)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _plan = services.import_preview(content=upload.read(), file_name=upload.name,
                                                   acting_user=request.user,
                                                   allowed_areas=_allowed_areas(request.user))
        except ImportRefused as refused:
            errors = refused.errors
        else:
            return redirect("monitoring:import-preview", pk=batch.pk)
    # The person's own previews link back to them: one left waiting can be saved or discarded later.
    recent = [(batch, batch.can_be_handled_by(request.user))
              for batch in ImportBatch.objects.select_related("created_by").exclude(format="form")[:10]]
    return render(request, "monitoring/import_upload.html", {"form": form, "import_errors": errors,
                                                             "recent": recent}, status=400 if errors else 200)


@login_required
@permission_required("monitoring.add_importbatch", **PERMISSION)
def import_preview(request, pk: int):
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not batch.can_be_handled_by(request.user):
        raise PermissionDenied
    allowed = _allowed_areas(request.user)
    if request.method == "POST" and batch.status == ImportBatch.Status.PREVIEW:
        if "discard" in request.POST:
            services.import_discard(batch=batch, acting_user=request.user)
            messages.info(request, _("The import was discarded; nothing was saved."))
            return redirect("monitoring:import")
        try:
            applied = services.import_apply(batch=batch, acting_user=request.user, allowed_areas=allowed,
                                            jumps_confirmed=request.POST.get("confirm_jumps") == "1")
        except ImportRefused as refused:
            for error in refused.errors:
                messages.error(request, error)
            return redirect("monitoring:import-preview", pk=batch.pk)
        messages.success(request, _("Imported: %(new)s new, %(changed)s changed, %(same)s unchanged values.")
                         % {"new": format_count(len(applied.new)), "changed": format_count(len(applied.changed)),
                            "same": format_count(applied.unchanged)})
        return redirect("monitoring:import-preview", pk=batch.pk)
    the_plan = None
    errors: list[str] = []
    if batch.status == ImportBatch.Status.PREVIEW:
        try:
            the_plan = services.batch_plan(batch, allowed_areas=allowed)
        except ImportRefused as refused:
            errors = refused.errors
    registry = AreaRegistry()
    # People read area names, never codes: the rows carry the name in the page's language.
    changing = (the_plan.new + the_plan.changed) if the_plan else []
    changes = [(change, registry.name(change.cell.area_code)) for change in changing[:PREVIEW_ROWS]]
    jumps = [(jump, registry.name(jump.cell.area_code), format_change(jump.cell.metric, jump.change))
             for jump in (the_plan.jumps[:PREVIEW_ROWS] if the_plan else [])]
    return render(request, "monitoring/import_preview.html", {
        "batch": batch, "plan": the_plan, "import_errors": errors, "changes": changes, "jumps": jumps,
        # A whole-country file changes ~27,000 values: the page says that it shows only the first ones.
        "changes_left_out": format_count(len(changing) - len(changes)) if len(changing) > len(changes) else "",
        "jumps_left_out": (format_count(len(the_plan.jumps) - len(jumps))
                           if the_plan and len(the_plan.jumps) > len(jumps) else ""),
    })


@login_required
@permission_required("monitoring.add_observation", **PERMISSION)
def observation_enter(request):
    allowed = _allowed_areas(request.user)
    form = ObservationForm(request.POST or None, allowed_areas=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.observation_enter(metric=data["metric"], area_code=data["area_code"], month=data["month"],
                                   value=data["value"], suppressed=data["suppressed"], acting_user=request.user)
        messages.success(request, _("The value was saved."))
        return redirect("monitoring:enter")
    return render(request, "monitoring/observation_form.html", {"form": form, "no_areas": allowed == set()})


@login_required
@permission_required("monitoring.view_reportrequest", **PERMISSION)
def report_list(request):
    form = ReportRequestForm(request.POST or None, initial={"month": f"{_latest_month():%Y-%m}"})
    can_request = ReportRequest.can_be_requested_by(request.user)
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_request(month=data["month"], authority=data["authority"],
                                                  language=data["language"], acting_user=request.user)
            except ValidationError as error:  # the model's rules, e.g. the month turned future at midnight
                form.add_error(None, error)
            else:
                messages.success(request, _("The report was queued. This page shows its progress."))
                return redirect("monitoring:report-detail", pk=report.pk)
    reports = ReportRequest.objects.visible_to(request.user).select_related("authority", "requested_by")[:50]
    return render(request, "monitoring/report_list.html", {
        "form": form, "reports": reports, "can_request": can_request,
        "subscribed": ReportSubscription.objects.filter(user=request.user).exists(),
    })


def _visible_report(request, pk: int) -> ReportRequest:
    """A report the person may see (ReportRequest's one rule), else 404."""
    visible = ReportRequest.objects.visible_to(request.user).select_related("authority")
    return get_object_or_404(visible, pk=pk)


@login_required
@permission_required("monitoring.view_reportrequest", **PERMISSION)
def report_detail(request, pk: int):
    report = _visible_report(request, pk)
    return render(request, "monitoring/report_detail.html", {"report": report})


@login_required
@permission_required("monitoring.view_reportrequest", **PERMISSION)
def report_status(request, pk: int):
    report = _visible_report(request, pk)
    html = render_to_string("monitoring/includes/report_status.html", {"report": report}, request=request)
    return JsonResponse({"status": report.status, "html": html, "done": report.is_done})


@login_required
@permission_required("monitoring.view_reportrequest", **PERMISSION)
def report_download(request, pk: int):
    report = _visible_report(request, pk)
    if not report.is_downloadable:
        raise Http404
    services.report_download_record(report=report, acting_user=request.user, via="web")
    response = FileResponse(report.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(report.download_name(), attachment=True)
    return response


@login_required
@require_POST
@permission_required("monitoring.view_reportrequest", **PERMISSION)
def subscription(request):
    subscribe = request.POST.get("subscribe") == "1"
    services.subscription_set(acting_user=request.user, subscribed=subscribe)
    messages.success(request, _("You will get an e-mail when a monthly report is ready.") if subscribe
                     else _("You will no longer get e-mails about monthly reports."))
    return redirect("monitoring:reports")


@login_required
@permission_required("monitoring.change_commentary", **PERMISSION)
def commentary_edit(request, year: int, month: int):
    try:
        day = dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc
    existing = Commentary.objects.filter(month=day).first()
    form = CommentaryForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        services.commentary_save(month=day, text=form.cleaned_data["text"], acting_user=request.user)
        messages.success(request, _("The commentary was saved."))
        return redirect(f"{request.path}")
    return render(request, "monitoring/commentary_form.html", {"form": form, "month": day})
