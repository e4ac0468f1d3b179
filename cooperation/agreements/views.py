"""Pages of agreements and the employment promotion programme. Thin: reads here, writes in
agreement_services, rules on the models."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.filenames import ascii_slug, content_disposition, file_name
from cooperation.base.history import describe
from cooperation.base.indicator_values import latest_values
from cooperation.base.pdf import render_to_pdf

from . import services
from .forms import (
    AccessionForm,
    AmendmentForm,
    AttachmentForm,
    AuthorityContextForm,
    DisputeCloseForm,
    DisputeForm,
    MeasureStatusForm,
    PartiesOnDateForm,
    SignatureForm,
    WithdrawalForm,
)
from .models import (
    Agreement,
    AgreementState,
    Attachment,
    AuthorityContext,
    Dispute,
    Measure,
    Objective,
    Programme,
    ProgrammeVersion,
    SectionComment,
)
from .panels import KIND_ORDER, programme_progress

STATE_ORDER = {AgreementState.IN_FORCE: 0, AgreementState.EXPIRED: 2, AgreementState.TERMINATED: 2}


def _apply_errors(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form (field errors on their field when it exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _editable(request, pk: int) -> Agreement:
    agreements = Agreement.objects.visible_to(request.user).with_parties()
    agreement = get_object_or_404(agreements, pk=pk)
    if not agreement.can_be_edited_by(request.user):
        raise PermissionDenied
    return agreement


@login_required
def agreement_list(request):
    today = timezone.localdate()
    agreements = list(Agreement.objects.visible_to(request.user).with_parties().select_related("superseded_by"))
    rows = [{"agreement": a, "state": a.state_on(today),
             "parties": len(a.parties_on(today)) or len(a.memberships.all())} for a in agreements]
    # In force first, then those being prepared, ended last; the broadest agreement first within each.
    rows.sort(key=lambda row: (STATE_ORDER.get(row["state"], 1), KIND_ORDER.get(row["agreement"].kind, 9)))
    return render(request, "cooperation/agreements/list.html", {"rows": rows, "today": today})


@login_required
def agreement_detail(request, pk: int):
    agreement = services.agreement_for_history(pk, request.user)
    user = request.user
    today = timezone.localdate()
    signatures = {s.party_id: s for s in agreement.signatures.all() if s.accession_id is None}
    comments: dict[int, list] = {}
    for comment in SectionComment.objects.visible_to(user).filter(section__agreement=agreement).select_related(
            "party", "author"):
        comments.setdefault(comment.section_id, []).append(comment)
    state = agreement.state_on(today)
    return render(request, "cooperation/agreements/detail.html", {
        "sections": [(s, comments.get(s.pk, [])) for s in agreement.sections.all()],
        "approvals": {a.party_id: a for a in agreement.approvals.all()},
        "can_comment": state in (AgreementState.CIRCULATED, AgreementState.APPROVED)
        and bool(services.represented_parties(agreement, user)),
        "draft_editable": agreement.is_draft_editable(),
        "can_create": user.has_perm("cooperation.add_agreement"),
        "agreement": agreement,
        "state": state,
        "memberships": [(m, signatures.get(m.party_id), m.is_party_on(today)) for m in agreement.memberships.all()],
        "attachments": agreement.visible_attachments(user),
        "hidden_attachments": len(agreement.attachments.all()) - len(agreement.visible_attachments(user)),
        "can_edit": agreement.can_be_edited_by(user),
        "unsigned": agreement.unsigned_memberships(),
        "disputes": [(d, d.status_on(today)) for d in agreement.disputes.all()],
        "today": today,
    })


def audit_entries(agreement: Agreement, limit: int = 200):
    return (LogEntry.objects.filter(additional_data__agreement=agreement.pk)
            .select_related("actor", "content_type").order_by("-timestamp")[:limit])


@login_required
def agreement_history(request, pk: int):
    agreement = services.agreement_for_history(pk, request.user)
    form = PartiesOnDateForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    show_audit = agreement.can_see_non_public(request.user)
    return render(request, "cooperation/agreements/history.html", {
        "agreement": agreement,
        "events": services.history(agreement),
        "form": form,
        "day": day,
        "parties_on_day": agreement.memberships_on(day),
        "state_on_day": agreement.state_on(day),
        "audit": describe(audit_entries(agreement)) if show_audit else None,
    })


PDF_TEMPLATE = "pdf/cooperation/agreement.html"


def pdf_context(agreement: Agreement, user) -> dict:
    """The consolidated text and amendment history, with only the attachments the person may see."""
    return {
        "agreement": agreement,
        "state": agreement.state_on(timezone.localdate()),
        "attachments": agreement.visible_attachments(user),
        "printed": timezone.localdate(),
    }


@login_required
def agreement_pdf(request, pk: int):
    agreement = services.agreement_for_history(pk, request.user)
    pdf = render_to_pdf(PDF_TEMPLATE, pdf_context(agreement, request.user), language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = file_name(ascii_slug(agreement.short_name or agreement.title)[:60] or "agreement", extension="pdf")
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
def attachment_download(request, pk: int, number: int):
    attachments = Attachment.objects.visible_to(request.user)
    attachment = get_object_or_404(attachments, agreement_id=pk, number=number)
    if not attachment.file:
        raise Http404(_("The file of this attachment is not in the portal."))
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/")[-1])


def _service_form(request, pk: int, form_class, template: str, title: str, action):
    """The shared shape of the write pages: GET shows the form, a valid POST calls the service."""
    agreement = _editable(request, pk)
    kwargs = {"agreement": agreement}
    if issubclass(form_class, (AmendmentForm, AccessionForm, WithdrawalForm)):
        kwargs["user"] = request.user
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            message = action(agreement, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, template, {"agreement": agreement, "form": form, "title": title})


@login_required
def signature_create(request, pk: int):
    def action(agreement, data):
        services.record_signature(agreement=agreement, acting_user=request.user, **data)
        return _("The signature was recorded.")
    return _service_form(request, pk, SignatureForm, "cooperation/agreements/form.html", _("Record a signature"),
                         action)


@login_required
def attachment_create(request, pk: int):
    def action(agreement, data):
        attachment = services.add_attachment(agreement=agreement, acting_user=request.user, **data)
        return _("%(label)s was added.") % {"label": attachment.label}
    return _service_form(request, pk, AttachmentForm, "cooperation/agreements/form.html", _("Add an attachment"),
                         action)


@login_required
def amendment_create(request, pk: int):
    def action(agreement, data):
        amendment = services.record_amendment(
            agreement=agreement, acting_user=request.user, title=data["title"], explanation=data["explanation"],
            decision=data["decision"], decision_reference=data["decision_reference"], decided_on=data["decided_on"],
            effective_on=data["effective_on"],
            changes=[services.SectionEdit(number=data["number"], heading_fi=data["heading"], text_fi=data["text_fi"])],
        )
        return _("Amendment %(number)s was recorded.") % {"number": amendment.number}
    return _service_form(request, pk, AmendmentForm, "cooperation/agreements/amendment_form.html",
                         _("Record an amendment"), action)


@login_required
def accession_create(request, pk: int):
    def action(agreement, data):
        services.record_accession(agreement=agreement, acting_user=request.user, **data)
        return _("The accession was recorded.")
    return _service_form(request, pk, AccessionForm, "cooperation/agreements/form.html",
                         _("Record the accession of a new party"), action)


@login_required
def withdrawal_create(request, pk: int):
    def action(agreement, data):
        services.record_withdrawal(agreement=agreement, acting_user=request.user, **data)
        return _("The withdrawal was recorded.")
    return _service_form(request, pk, WithdrawalForm, "cooperation/agreements/form.html",
                         _("Record a party leaving"), action)


@login_required
def dispute_create(request, pk: int):
    def action(agreement, data):
        services.record_dispute(agreement=agreement, acting_user=request.user, **data)
        return _("The dispute was recorded.")
    return _service_form(request, pk, DisputeForm, "cooperation/agreements/form.html", _("Record a dispute"), action)


@login_required
def dispute_close(request, pk: int):
    disputes = Dispute.objects.visible_to(request.user).select_related("agreement")
    dispute = get_object_or_404(disputes, pk=pk)
    if not dispute.agreement.can_be_edited_by(request.user):
        raise PermissionDenied
    form = DisputeCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolved = data["outcome"] == "resolved"
        try:
            services.close_dispute(
                dispute=dispute, acting_user=request.user, resolution=data["resolution"],
                resolved_on=data["day"] if resolved else None, escalated_on=None if resolved else data["day"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The dispute was updated."))
            return redirect("agreements:detail", pk=dispute.agreement_id)
    return render(request, "cooperation/agreements/form.html", {
        "agreement": dispute.agreement, "form": form, "title": _("Close a dispute: %(subject)s") % {
            "subject": dispute.subject}})


# --- programme ---------------------------------------------------------------------------------
@login_required
def programme_detail(request, pk: int | None = None):
    programmes = Programme.objects.select_related("agreement").prefetch_related("versions")
    programme = get_object_or_404(programmes, pk=pk) if pk else programmes.first()
    if programme is None:
        return render(request, "cooperation/agreements/programme.html", {"programme": None})
    version = programme.current_version()
    objectives, areas = [], []
    if version is not None:
        version = ProgrammeVersion.objects.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.prefetch_related(
                "indicators", Prefetch("measures", queryset=Measure.objects.select_related("owner", "area")))),
            "areas",
            Prefetch("measures", queryset=Measure.objects.select_related("owner", "objective")),
        ).get(pk=version.pk)
        objectives = list(version.objectives.all())
        areas = list(version.areas.all())
    contexts = []
    if version is not None:
        for context in AuthorityContext.objects.filter(version=version).select_related("authority__party"):
            latest = None
            if context.metric_code and context.area_code:
                latest = latest_values([context.metric_code], context.area_code).get(context.metric_code)
            contexts.append((context, latest))
    codes = sorted({i.metric_code for o in objectives for i in o.indicators.all() if i.metric_code})
    values = latest_values(codes) if codes else {}
    rows = []
    for objective in objectives:
        measures = list(objective.measures.all())
        indicators = [(i, values.get(i.metric_code)) for i in objective.indicators.all()]
        done = sum(1 for m in measures if m.status == Measure.Status.DONE)
        rows.append({"objective": objective, "measures": measures, "indicators": indicators, "done": done})
    return render(request, "cooperation/agreements/programme.html", {
        "programme": programme, "version": version, "rows": rows, "areas": areas,
        "unassigned": [m for m in version.measures.all() if m.objective_id is None] if version else [],
        "contexts": contexts,
        "progress": programme_progress(), "can_edit": programme.can_be_edited_by(request.user),
    })


@login_required
def measure_edit(request, pk: int):
    measure = get_object_or_404(Measure.objects.select_related("version__programme__agreement"), pk=pk)
    if not measure.version.programme.can_be_edited_by(request.user):
        raise PermissionDenied
    form = MeasureStatusForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The measure was saved."))
        return redirect("agreements:programme")
    return render(request, "cooperation/agreements/form.html", {
        "form": form, "title": _("Update a measure: %(title)s") % {"title": measure.title}, "agreement": None,
        "back": "agreements:programme"})



@login_required
def context_edit(request, pk: int):
    context = get_object_or_404(AuthorityContext.objects.select_related("version__programme", "authority"), pk=pk)
    if not context.version.programme.can_be_edited_by(request.user):
        raise PermissionDenied
    initial = {f: getattr(context, f) for f in ("metric_code", "value", "unit", "as_of", "source")}
    form = AuthorityContextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_authority_context(context=context, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The figure was saved."))
            return redirect("agreements:programme")
    return render(request, "cooperation/agreements/form.html", {
        "form": form, "agreement": None,
        "title": _("%(authority)s: %(feature)s") % {"authority": context.authority.name,
                                                   "feature": context.get_feature_display()}})
