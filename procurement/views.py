"""Pages of procurement. Thin: reads go through each model's `visible_to(user)`, write rules are the
models' `can_be_*_by`, and every write goes through procurement.services."""

from __future__ import annotations

import json

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.base.history import describe

from . import services
from .forms import (
    AnswerForm,
    CostShareForm,
    DecisionLinkForm,
    DisruptionForm,
    ForwardForm,
    NeedForm,
    ProposalForm,
    QuotaEntryForm,
    QuotaSplitForm,
    ResolveForm,
    StaffTransferForm,
    StageForm,
)
from .models import (
    Appropriation,
    CoordinationProposal,
    DisruptionReport,
    DPSAdmission,
    DPSCategory,
    JointProcurement,
    ProcurementContract,
    ProcurementNeed,
    StaffTransfer,
    TransferPlan,
    is_coordinator,
    is_member,
)
from .ocds import record_package, release_package
from .selectors import quota_rows


def _page(request, queryset, per_page=50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _history(obj):
    return describe(LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
                    .order_by("-timestamp")[:50])


def _editable(model, pk, user):
    """The row for a write page: 404 when it does not exist, 403 when the model's edit rule says no.

    Every edit rule of procurement implies its visibility rule, so a person who passes sees nothing
    `visible_to` would hide, and one who does not gets 403 as before.
    """
    obj = get_object_or_404(model, pk=pk)  # visibility: write path, the edit rule is checked on the next line
    if not obj.can_be_edited_by(user):
        raise PermissionDenied
    return obj


def _require_member(user):
    if not (is_member(user) or is_coordinator(user)):
        raise PermissionDenied


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request):
    _require_member(request.user)
    page = _page(request, JointProcurement.objects.visible_to(request.user).select_related("lead_party")
                 .prefetch_related("stages").order_by("-created_at", "-pk"))
    return render(request, "procurement/index.html", {
        "procurements": page, "page_obj": page, "is_coordinator": is_coordinator(request.user)})


@login_required
def procurement_detail(request, pk):
    procurements = JointProcurement.objects.visible_to(request.user)
    procurement = get_object_or_404(
        procurements.select_related("lead_party", "proposal").prefetch_related(
            "cost_shares__party", "stages__decision__body", "milestones",
            Prefetch("contracts", queryset=ProcurementContract.objects.select_related("supplier")),
            Prefetch("dps_categories", queryset=DPSCategory.objects.prefetch_related(
                Prefetch("admissions", queryset=DPSAdmission.objects.select_related("supplier"))))),
        pk=pk)
    return render(request, "procurement/procurement_detail.html", {
        "procurement": procurement, "threshold": procurement.threshold(),
        "can_edit": procurement.can_be_edited_by(request.user), "history": _history(procurement),
        "stage_form": StageForm(), "stages": sorted(procurement.stages.all(),
                                                    key=lambda s: s.ORDER.index(s.stage))})


@login_required
def cost_shares(request, pk):
    procurement = _editable(JointProcurement, pk, request.user)
    form = CostShareForm(request.POST or None, procurement=procurement)
    if request.method == "POST" and form.is_valid():
        services.cost_shares_set(procurement=procurement, shares=form.shares, acting_user=request.user)
        messages.success(request, _("The cost shares were saved."))
        return redirect("procurement:detail", pk=pk)
    return render(request, "procurement/cost_shares.html", {"procurement": procurement, "form": form})


@login_required
@require_POST
def stage_add(request, pk):
    procurement = _editable(JointProcurement, pk, request.user)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.stage_record(procurement=procurement, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The stage was recorded."))
    else:
        messages.error(request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields
                                         else " ".join(e) for f, e in form.errors.items()))
    return redirect("procurement:detail", pk=pk)


def _ocds_json(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def ocds_release(request, pk):
    """The procurement's OCDS release package (its current release)."""
    procurements = JointProcurement.objects.visible_to(request.user)
    procurement = get_object_or_404(procurements, pk=pk)
    package = release_package([procurement], uri=request.build_absolute_uri())
    return _ocds_json(package, f"{procurement.ocid}-release-package.json")


@login_required
def ocds_record(request, pk):
    """The procurement's OCDS record package: every release and the compiled release."""
    procurements = JointProcurement.objects.visible_to(request.user)
    procurement = get_object_or_404(procurements, pk=pk)
    package = record_package(procurement, uri=request.build_absolute_uri(),
                             release_uri=request.build_absolute_uri(reverse("procurement:ocds", args=[pk])))
    return _ocds_json(package, f"{procurement.ocid}-record-package.json")


# --- Needs and proposals --------------------------------------------------------------------
@login_required
def need_list(request):
    _require_member(request.user)
    page = _page(request, ProcurementNeed.objects.visible_to(request.user).select_related("party"))
    return render(request, "procurement/need_list.html", {
        "needs": page, "page_obj": page, "is_coordinator": is_coordinator(request.user),
        "can_add": ProcurementNeed(party_id=request.user.party_id).can_be_created_by(request.user)})


@login_required
def need_form(request, pk=None):
    user = request.user
    need = _editable(ProcurementNeed, pk, user) if pk else None
    if need is None and not ProcurementNeed(party_id=user.party_id).can_be_created_by(user):
        raise PermissionDenied
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.need_save(need=form.save(commit=False), acting_user=user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The procurement need was saved."))
            return redirect("procurement:need-detail", pk=obj.pk)
    return render(request, "procurement/need_form.html", {"form": form, "need": need})


@login_required
def need_detail(request, pk):
    needs = ProcurementNeed.objects.visible_to(request.user)
    need = get_object_or_404(needs.select_related("party", "created_by"), pk=pk)
    return render(request, "procurement/need_detail.html", {
        "need": need, "can_edit": need.can_be_edited_by(request.user), "history": _history(need),
        "proposals": need.proposals.all()})


@login_required
def proposal_list(request):
    proposals = CoordinationProposal.objects.visible_to(request.user).annotate(need_count=Count("needs"))
    return render(request, "procurement/proposal_list.html", {
        "proposals": proposals, "is_coordinator": is_coordinator(request.user)})


@login_required
def proposal_create(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The coordination proposal was created."))
            return redirect("procurement:proposal-detail", pk=proposal.pk)
    return render(request, "procurement/proposal_form.html", {"form": form})


@login_required
def proposal_detail(request, pk):
    proposals = CoordinationProposal.objects.visible_to(request.user)
    proposal = get_object_or_404(proposals.select_related("workgroup_proposal", "decision__body"), pk=pk)
    return render(request, "procurement/proposal_detail.html", {
        "proposal": proposal, "needs": proposal.needs.select_related("party"),
        # A steering-group member reads the proposal but not every party's need: link only the readable.
        "readable_needs": set(ProcurementNeed.objects.visible_to(request.user).filter(proposals=proposal)
                              .values_list("pk", flat=True)),
        "can_edit": proposal.can_be_edited_by(request.user), "history": _history(proposal),
        "steering_group": services.steering_group(),
        "decision_form": DecisionLinkForm(user=request.user) if proposal.can_be_edited_by(request.user) else None})


@login_required
@require_POST
def proposal_decision(request, pk):
    proposal = _editable(CoordinationProposal, pk, request.user)
    form = DecisionLinkForm(request.POST, user=request.user)
    if form.is_valid():
        services.proposal_link_decision(proposal=proposal, decision=form.cleaned_data["decision"],
                                        acting_user=request.user)
        messages.success(request, _("The decision was linked to the proposal."))
    else:
        messages.error(request, _("Choose a decision of the steering group."))
    return redirect("procurement:proposal-detail", pk=pk)


@login_required
@require_POST
def proposal_send(request, pk):
    proposal = _editable(CoordinationProposal, pk, request.user)
    try:
        services.proposal_send_to_steering(proposal=proposal, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The proposal was sent to the steering group."))
    return redirect("procurement:proposal-detail", pk=pk)


# --- Disruption reports ---------------------------------------------------------------------
@login_required
def disruption_list(request):
    _require_member(request.user)
    page = _page(request, DisruptionReport.objects.visible_to(request.user)
                 .select_related("contract__supplier", "reporting_party"))
    return render(request, "procurement/disruption_list.html", {
        "reports": page, "page_obj": page, "today": timezone.localdate(),
        "can_add": DisruptionReport(reporting_party_id=request.user.party_id).can_be_created_by(request.user)})


@login_required
def disruption_create(request):
    user = request.user
    if not DisruptionReport(reporting_party_id=user.party_id).can_be_created_by(user):
        raise PermissionDenied
    form = DisruptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.disruption_save(report=form.save(commit=False), acting_user=user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The disruption report was sent to the procurement unit."))
            return redirect("procurement:disruption-detail", pk=report.pk)
    return render(request, "procurement/disruption_form.html", {"form": form})


@login_required
def disruption_detail(request, pk):
    reports = DisruptionReport.objects.visible_to(request.user)
    report = get_object_or_404(reports.select_related("contract__supplier", "reporting_party", "reported_by"), pk=pk)
    today = timezone.localdate()
    return render(request, "procurement/disruption_detail.html", {
        "report": report, "late": report.is_late(today), "can_handle": report.can_be_handled_by(request.user),
        "forward_form": ForwardForm(prefix="fw"), "answer_form": AnswerForm(prefix="an"),
        "resolve_form": ResolveForm(prefix="re"), "history": _history(report)})


_STEPS = {
    "forward": (ForwardForm, "fw", services.disruption_forward, _("The report was forwarded to the supplier.")),
    "answer": (AnswerForm, "an", lambda report, supplier_answer, **kw: services.disruption_answer(
        report=report, answer=supplier_answer, **kw), _("The supplier's answer was recorded.")),
    "resolve": (ResolveForm, "re", services.disruption_resolve, _("The report was marked resolved.")),
}


@login_required
@require_POST
def disruption_step(request, pk, step):
    if step not in _STEPS:
        raise Http404
    reports = DisruptionReport.objects.visible_to(request.user)
    report = get_object_or_404(reports, pk=pk)
    form_class, prefix, action, done = _STEPS[step]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(report=report, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, done)
            return redirect("procurement:disruption-detail", pk=pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("procurement:disruption-detail", pk=pk)


# --- Quotas and staff transfers -------------------------------------------------------------
@login_required
def quota_list(request):
    _require_member(request.user)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    appropriations = Appropriation.objects.filter(year=year)
    return render(request, "procurement/quota_list.html", {
        "year": year, "rows": quota_rows(appropriations),
        "can_record": request.user.has_perm("procurement.add_quotaentry"),
        "can_split": request.user.has_perm("procurement.add_quotasplit")})


@login_required
def quota_entry_create(request):
    if not request.user.has_perm("procurement.add_quotaentry"):
        raise PermissionDenied
    form = QuotaEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _entry, warning = services.quota_entry_record(acting_user=request.user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("party", _("You can record commitments and spending for your own organisation only."))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The entry was recorded."))
            if warning is not None:
                messages.warning(request, _("The quota's usage has passed %(level)s %%.") % {"level": warning})
            return redirect("procurement:quotas")
    return render(request, "procurement/quota_entry_form.html", {"form": form})


@login_required
def quota_split_create(request):
    if not request.user.has_perm("procurement.add_quotasplit"):
        raise PermissionDenied
    form = QuotaSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            split = services.quota_split_run(
                appropriation=data["appropriation"], customer_counts=form.counts, counts_on=data["counts_on"],
                basis=data["basis"], decision_reference=data["decision_reference"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Version %(version)s of the split was made; earlier versions are kept.")
                             % {"version": split.version})
            return redirect(f"{reverse('procurement:quotas')}?year={split.appropriation.year}")
    return render(request, "procurement/quota_split_form.html", {"form": form})


@login_required
def staff_transfer_create(request, pk):
    plan = get_object_or_404(TransferPlan, pk=pk)
    user = request.user
    if not user.has_perm("procurement.add_stafftransfer"):
        raise PermissionDenied
    form = StaffTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        transfer = form.save(commit=False)
        transfer.plan = plan
        try:
            services.staff_transfer_save(transfer=transfer, acting_user=user)
        except PermissionDenied:
            form.add_error("to_municipality", _("You can record transfers of your own organisation only."))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The transfer was recorded."))
            return redirect("procurement:transfer-plan-detail", pk=plan.pk)
    return render(request, "procurement/staff_transfer_form.html", {"form": form, "plan": plan})


@login_required
def transfer_plan_list(request):
    _require_member(request.user)
    plans = TransferPlan.objects.select_related("sending_party").prefetch_related("allocations__municipality")
    return render(request, "procurement/transfer_plan_list.html", {"plans": plans})


@login_required
def transfer_plan_detail(request, pk):
    _require_member(request.user)
    plan = get_object_or_404(TransferPlan.objects.select_related("sending_party"), pk=pk)
    transfers = (StaffTransfer.objects.visible_to(request.user).with_name_visibility(request.user).filter(plan=plan)
                 .select_related("to_municipality", "plan"))
    rows = [(t, t.name_visible) for t in transfers]
    return render(request, "procurement/transfer_plan_detail.html", {
        "plan": plan, "allocations": plan.allocations.select_related("municipality"),
        "mismatches": plan.mismatches(), "rows": rows,
        "can_add": request.user.has_perm("procurement.add_stafftransfer")})
