"""The metrics a decision aims to move: the body's secretary names them (monitoring.services.decision_links_save).

The decision is reached through Decision's own rule (a decision the person may not see is a 404);
naming its metrics is the body's secretary's (Decision.can_be_corrected_by), also after the minutes lock.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from workgroups.models import Decision

from . import services
from .follow_up import decision_href, follow_ups, readable_links, table_rows
from .forms import DecisionLinkFormSet, decision_link_area_choices
from .models import ReferenceArea


@login_required
def decision_metrics(request, pk: int):
    decisions = Decision.objects.visible_to(request.user).select_related("body", "agenda_item__meeting")
    decision = get_object_or_404(decisions, pk=pk)
    if not decision.can_be_corrected_by(request.user):
        raise PermissionDenied
    links = list(readable_links(request.user).filter(decision=decision))
    initial = [{"metric": link.metric, "area_code": link.area.code, "direction": link.direction,
                "target_value": f"{link.target_value.normalize():f}".replace(".", ",")
                if link.target_value is not None else "", "target_date": link.target_date} for link in links]
    choices = decision_link_area_choices()
    formset = DecisionLinkFormSet(request.POST or None, initial=initial, form_kwargs={"area_choices": choices})
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        areas = {a.code: a for a in ReferenceArea.objects.filter(
            code__in=[f.cleaned_data.get("area_code") for f in formset.forms])}
        specs = [services.LinkSpec(metric=f.cleaned_data["metric"], area=areas[f.cleaned_data["area_code"]],
                                   direction=f.cleaned_data["direction"], target_value=f.cleaned_data["target_value"],
                                   target_date=f.cleaned_data["target_date"])
                 for f in formset.forms if f.cleaned_data.get("metric") and not f.cleaned_data.get("remove")]
        try:
            services.decision_links_save(decision=decision, links=specs, acting_user=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The metrics of the decision were saved."))
            return redirect(decision_href(decision))
    return render(request, "monitoring/decision_metrics.html", {
        "decision": decision, "formset": formset, "link_errors": errors, "back": decision_href(decision),
        "follow_ups": table_rows(follow_ups(links)),
    }, status=400 if errors or (request.method == "POST" and not formset.is_valid()) else 200)

