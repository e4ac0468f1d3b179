"""Targets pages: the list (per metric, with the change history), create, edit and remove.

Reading needs monitoring.view_target (every role); writing the add/change/delete permissions,
which the roles get like the commentary: administrators and the knowledge-management working
group (monitoring/apps.py, docs/permissions.md). Rules are on the model (Target.clean); the write
goes through services so the overlap check runs under a lock and the audit row names the person.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.history import describe

from . import services
from .areas import AreaRegistry
from .forms import TargetForm
from .models import Metric, Target

PERMISSION = {"raise_exception": True}


def _ordered(queryset):
    return queryset.select_related("metric").order_by(
        F("metric__number").asc(nulls_last=True), "metric__code", "area_code", "period_start")


@login_required
@permission_required("monitoring.view_target", **PERMISSION)
def target_list(request):
    targets = _ordered(Target.objects.all())
    metric = None
    if code := request.GET.get("metric"):
        metric = get_object_or_404(Metric, code=code)
        targets = targets.filter(metric=metric)
    registry = AreaRegistry()
    today = timezone.localdate()
    groups: list[dict] = []
    for target in targets:
        if not groups or groups[-1]["metric"].pk != target.metric_id:
            groups.append({"metric": target.metric, "rows": []})
        groups[-1]["rows"].append({"target": target, "area": _area_name(registry, target.area_code),
                                   "state": _state(target, today)})
    return render(request, "monitoring/target_list.html", {"groups": groups, "metric": metric,
                                                           "history": _history()})


@login_required
@permission_required("monitoring.add_target", **PERMISSION)
def target_create(request):
    initial = {}
    if code := request.GET.get("metric"):
        initial["metric"] = Metric.objects.filter(code=code, is_active=True).first()
    return _target_form(request, Target(), initial=initial)


@login_required
@permission_required("monitoring.change_target", **PERMISSION)
def target_edit(request, pk: int):
    return _target_form(request, get_object_or_404(Target.objects.select_related("metric"), pk=pk))


def _target_form(request, target: Target, initial: dict | None = None):
    form = TargetForm(request.POST or None, instance=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_save(target=form.instance, acting_user=request.user)
        except ValidationError as error:
            # Someone saved an overlapping target between the form check and the locked write.
            form.add_error(None, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect(f"{_list_url()}?metric={saved.metric.code}")
    return render(request, "monitoring/target_form.html", {"form": form, "target": target},
                  status=400 if form.errors else 200)


@login_required
@permission_required("monitoring.delete_target", **PERMISSION)
def target_delete(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("metric"), pk=pk)
    if request.method == "POST":
        code = target.metric.code
        services.target_delete(target=target, acting_user=request.user)
        messages.success(request, _("The target was removed."))
        return redirect(f"{_list_url()}?metric={code}")
    registry = AreaRegistry()
    return render(request, "monitoring/target_delete.html",
                  {"target": target, "area": _area_name(registry, target.area_code)})


def _history(limit: int = 20) -> list:
    """The latest audit entries of targets, in words."""
    return describe(LogEntry.objects.get_for_model(Target).select_related("actor", "content_type")
                    .order_by("-timestamp")[:limit])


def _list_url() -> str:
    return reverse("monitoring:targets")


def _area_name(registry: AreaRegistry, code: str) -> str:
    if not code:
        return _("Every area")
    return f"{registry.name(code)} ({code})" if code in registry.by_code else code


def _state(target: Target, today) -> str:
    """In words, not colour: whether the target is in force today."""
    if target.period_end < today:
        return _("ended")
    if target.period_start > today:
        return _("upcoming")
    return _("in force")
