"""Peer groups (vertailuryhmät) in a page: the knowledge-management working group chooses, per employment
authority, the areas it is compared with in "where we stand"; without a choice the default applies."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.history import describe

from . import services
from .areas import AreaRegistry
from .forms import PeerGroupForm
from .models import PeerGroup, ReferenceArea
from .standing import authority_areas, centre_populations, peer_basis_text

PERMISSION = {"raise_exception": True}


def _authority_areas(registry) -> list[ReferenceArea]:
    codes = authority_areas(registry, timezone.localdate())
    by_code = {a.code: a for a in ReferenceArea.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


@login_required
@permission_required("monitoring.view_peergroup", **PERMISSION)
def peer_group_list(request):
    registry = AreaRegistry()
    today = timezone.localdate()
    areas = [c for c in registry.codes_of_kind("area") if registry.municipalities_of(c, today)]
    populations_known = bool(centre_populations(areas))
    groups = {g.authority_area_id: g for g in PeerGroup.objects.prefetch_related("areas").select_related("updated_by")}
    rows = []
    for area in _authority_areas(registry):
        group = groups.get(area.pk)
        if group is not None:
            peers = sorted(registry.name(a.code) for a in group.areas.all())
            basis = peer_basis_text("chosen")
        elif settings.MONITORING_PEER_AREAS:
            peers = sorted(registry.name(c) for c in settings.MONITORING_PEER_AREAS if c in registry.by_code)
            basis = peer_basis_text("setting")
        else:
            # The default is worked out on the metric page: by the centres' populations, or where they
            # are missing by the labour force of the month shown.
            peers = []
            basis = peer_basis_text("population" if populations_known else "labour-force")
        rows.append({"area": area, "name": registry.name(area.code), "peers": peers, "group": group, "basis": basis})
    history = describe(LogEntry.objects.get_for_model(PeerGroup).select_related("actor", "content_type")
                       .order_by("-timestamp")[:10])
    return render(request, "monitoring/peer_groups.html", {
        "rows": rows, "history": history, "can_change": PeerGroup.can_be_changed_by(request.user)})


@login_required
@permission_required("monitoring.change_peergroup", **PERMISSION)
def peer_group_edit(request, code: str):
    registry = AreaRegistry()
    # Any employment area in force may have a group (used while it is an authority's area; the list
    # shows the authorities' own), so a change of authority needs no data change here.
    area = get_object_or_404(ReferenceArea, code=code, kind=ReferenceArea.Kind.EMPLOYMENT_AREA,
                             valid_until__isnull=True)
    group = PeerGroup.objects.filter(authority_area=area).prefetch_related("areas").first()
    form = PeerGroupForm(request.POST if request.method == "POST" else None, authority_area=area, registry=registry,
                         initial={"areas": list(group.areas.all()) if group else []})
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_group_save(authority_area=area, areas=form.cleaned_data["areas"], acting_user=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The peer group is saved."))
            return redirect("monitoring:peer-groups")
    return render(request, "monitoring/peer_group_form.html",
                  {"form": form, "area": area, "name": registry.name(area.code)})
