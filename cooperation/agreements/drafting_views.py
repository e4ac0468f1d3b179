"""Pages for an agreement's life before signatures: basic facts and sections, circulation for
comments, comments per section and party, approvals by the parties' bodies. Thin: the writes are
in services, the rules on the models."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services
from .forms import (
    AgreementBasicsForm,
    ApprovalForm,
    CirculateForm,
    CommentForm,
    SectionForm,
    ServiceAgreementForm,
)
from .models import Agreement, Section
from .views import _apply_errors, _editable, _service_form


def _basics(form) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    parties = list(data.pop("parties", []) or [])
    return {k: v for k, v in data.items() if k in services.BASIC_FIELDS}, parties


@login_required
def agreement_create(request):
    if not request.user.has_perm("cooperation.add_agreement"):
        raise PermissionDenied
    form = AgreementBasicsForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        fields, parties = _basics(form)
        try:
            agreement = services.create_agreement(acting_user=request.user, parties=parties, **fields)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The draft agreement was created."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "cooperation/agreements/form.html",
                  {"agreement": None, "form": form, "title": _("New agreement")})


@login_required
def agreement_edit(request, pk: int):
    agreement = _editable(request, pk)
    # The model form validates a copy; the service saves it (same clean() as the admin).
    copy = Agreement.objects.visible_to(request.user).get(pk=agreement.pk)
    form = AgreementBasicsForm(request.POST or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        fields, _parties = _basics(form)
        try:
            services.update_agreement(agreement=agreement, acting_user=request.user, **fields)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "cooperation/agreements/form.html",
                  {"agreement": agreement, "form": form, "title": _("Edit the basic facts")})


@login_required
def section_create(request, pk: int):
    def action(agreement, data):
        section = services.save_section(agreement=agreement, acting_user=request.user, **data)
        return _("Section %(number)s was saved.") % {"number": section.number}
    return _service_form(request, pk, SectionForm, "cooperation/agreements/form.html", _("Add a section"), action)


@login_required
def section_edit(request, pk: int, section_pk: int):
    agreement = _editable(request, pk)
    section = get_object_or_404(Section, pk=section_pk, agreement=agreement)
    initial = {f: getattr(section, f) for f in ("number", "heading_fi", "text_fi", "heading_sv", "text_sv")}
    form = SectionForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(agreement=agreement, acting_user=request.user, section=section, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Section %(number)s was saved.") % {"number": section.number})
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "cooperation/agreements/form.html", {
        "agreement": agreement, "form": form,
        "title": _("Edit section %(number)s") % {"number": section.number}})


@login_required
def circulate(request, pk: int):
    def action(agreement, data):
        services.circulate_for_comments(agreement=agreement, acting_user=request.user, **data)
        return _("The draft was circulated to the parties for comments.")
    return _service_form(request, pk, CirculateForm, "cooperation/agreements/form.html",
                         _("Circulate the draft for comments"), action)


@login_required
def section_comment(request, pk: int, section_pk: int):
    agreements = Agreement.objects.visible_to(request.user).with_parties()
    agreement = get_object_or_404(agreements, pk=pk)
    section = get_object_or_404(Section, pk=section_pk, agreement=agreement)
    parties = services.represented_parties(agreement, request.user)
    if not parties:
        raise PermissionDenied
    form = CommentForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_on_section(section=section, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The comment was saved; every party sees it."))
            return redirect(reverse("agreements:detail", args=[agreement.pk]) + f"#section-{section.pk}")
    return render(request, "cooperation/agreements/form.html", {
        "agreement": agreement, "form": form,
        "title": _("Comment on section %(number)s") % {"number": section.number}})


@login_required
def approval_create(request, pk: int):
    def action(agreement, data):
        services.record_approval(agreement=agreement, acting_user=request.user, **data)
        return _("The approval was recorded.")
    return _service_form(request, pk, ApprovalForm, "cooperation/agreements/form.html",
                         _("Record the approval of a party's body"), action)


@login_required
def service_agreement_create(request, pk: int):
    def action(agreement, data):
        services.record_service_agreement(main_agreement=agreement, acting_user=request.user, **data)
        return _("The service agreement was registered.")
    return _service_form(request, pk, ServiceAgreementForm, "cooperation/agreements/form.html",
                         _("Register a service agreement"), action)
