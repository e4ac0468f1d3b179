"""Pages of the steering group and working groups. Thin: rules live on the models and in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation.base import decision_metrics
from cooperation.base.filenames import content_disposition, file_name
from cooperation.base.pagination import DeepPageRefused, keyset_paginate, paginate
from cooperation.base.pdf import render_to_pdf
from cooperation.base.query_params import plain_int
from cooperation.base.search import add_highlights, searchables, top
from parties.models import localized

from . import deliberation, services
from .appeals import default_route, instruction_sheets
from .forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceRowForm,
    CorrectionForm,
    DecisionFilterForm,
    DecisionForm,
    DraftMinutesForm,
    MeetingForm,
    ProposalForm,
    ProposalToAgendaForm,
    SearchForm,
)
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    CalendarToken,
    Decision,
    Matter,
    Meeting,
    Membership,
    MinutesApproval,
    Proposal,
    Recusal,
)
from .ordering import DECISION_KEYSET, DECISION_ORDER
from .search import search_decisions

SEARCH_SECTION_SIZE = 20  # results per kind on the site search page


def _errors_to_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the named field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- bodies ---------------------------------------------------------------------------------------


@login_required
def body_list(request):
    bodies = sorted(Body.objects.visible_to(request.user).select_related("parent"), key=Body.list_order)
    top = [b for b in bodies if b.parent_id is None]
    children: dict[int, list[Body]] = {}
    for b in bodies:
        if b.parent_id:
            children.setdefault(b.parent_id, []).append(b)
    tree = [(b, children.get(b.pk, [])) for b in top]
    return render(request, "workgroups/body_list.html", {"tree": tree})


@login_required
def body_detail(request, pk):
    body = get_object_or_404(Body.objects.select_related("parent"), pk=pk)
    user = request.user
    # ?on=YYYY-MM-DD shows the body as it was on that day (e.g. a past meeting's date).
    try:
        asked = parse_date(request.GET.get("on", ""))
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        asked = None
    day = asked or timezone.localdate()
    memberships = list(body.memberships.on(day).select_related("user", "party", "deputy_for__user"))
    if not memberships and asked is None:  # a past body (the pilot): show its last term's members
        memberships = list(body.memberships.select_related("user", "party", "deputy_for__user"))
    can_manage = body.is_managed_by(user)
    full = body.is_readable_in_full_by(user)
    meetings = Meeting.objects.visible_to(user).filter(body=body).order_by("-starts_at")[:20]
    context = {
        "body": body, "memberships": memberships, "day": day, "asked": asked,
        "tasks": body.tasks.all(), "terms": body.terms.all(),
        "children": body.children.all(), "meetings": meetings, "can_manage": can_manage, "full": full,
        "can_propose": full and body.parent_id is not None,
        "proposals": Proposal.objects.visible_to(user).filter(Q(to_body=body) | Q(from_body=body))
        .select_related("from_body", "to_body")[:20] if full else [],
        "can_see_history": can_manage or user.has_perm("workgroups.view_body_documents"),
    }
    return render(request, "workgroups/body_detail.html", context)


# --- meetings -------------------------------------------------------------------------------------


def _meeting_for(request, pk) -> Meeting:
    """A meeting the person may see (MeetingQuerySet.visible_to), else 404."""
    meetings = Meeting.objects.visible_to(request.user).select_related("body", "chair__user")
    return get_object_or_404(meetings, pk=pk)


def _manage(request, meeting: Meeting) -> None:
    """Pages that manage a meeting: 403 unless the person is the body's secretary (Body.is_managed_by).
    Reach the meeting through a visible_to queryset first, so what they may not see is a 404."""
    if not meeting.body.is_managed_by(request.user):
        raise PermissionDenied


def _visible_item(request, pk, *related: str) -> AgendaItem:
    items = AgendaItem.objects.visible_to(request.user).select_related("meeting__body", *related)
    return get_object_or_404(items, pk=pk)


@login_required
def meeting_create(request, pk):
    body = get_object_or_404(Body, pk=pk)
    if not body.is_managed_by(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(body=body, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The meeting was created."))
            return redirect("workgroups:meeting-detail", meeting.pk)
    return render(request, "workgroups/form.html", {"form": form, "title": _("New meeting"), "body": body,
                                                    "back": reverse("workgroups:body-detail", args=[body.pk])})


def meeting_context(meeting: Meeting, user) -> dict:
    """Everything the meeting page and the PDFs show, in a constant number of queries.

    The items and their attachments are read through their rules (AgendaItemQuerySet.visible_to,
    AttachmentQuerySet.visible_to); `full` only decides extras such as the remote link and recusals.
    """
    full = meeting.body.is_readable_in_full_by(user)
    attachments = Attachment.objects.visible_to(user).order_by("uploaded_at")
    items = list(
        meeting.items.visible_to(user).select_related("matter", "preparer", "decision", "source_proposal")
        .prefetch_related(
            Prefetch("attachments", queryset=attachments, to_attr="visible_attachments"),
            Prefetch("recusals", queryset=Recusal.objects.select_related("membership__user")),
            "decision__corrections",
        ).order_by("order")
    )
    for item in items:
        item.decision_obj = getattr(item, "decision", None)
    deliberation.prefetch_deliberation(items)  # counter-proposals, votes, dissenting opinions
    attendances = list(meeting.attendances.select_related("membership__user", "membership__party",
                                                          "in_place_of", "arrived_during", "left_during"))
    # Prefetched on the meeting, so Meeting.can_be_approved_by asks no further queries.
    prefetch_related_objects(
        [meeting], Prefetch("approvals", queryset=MinutesApproval.objects.select_related("user", "membership__user")),
        Prefetch("minutes_checkers", queryset=Membership.objects.visible_to(user).select_related("user")))
    approvals = meeting.valid_approvals
    checkers = list(meeting.minutes_checkers.all())
    # A member whose personal deputy stood in is not listed as absent, nor is a deputy who was not needed.
    replaced = {a.in_place_of_id for a in attendances if a.status == Attendance.Status.DEPUTY}
    absent = [a for a in attendances if a.status == Attendance.Status.ABSENT
              and a.membership_id not in replaced and a.membership.role != Membership.Role.DEPUTY]
    return {
        "meeting": meeting, "body": meeting.body, "items": items, "full": full,
        "attendances": attendances, "present": [a for a in attendances if a.status != Attendance.Status.ABSENT],
        "absent": absent, "approvals": approvals, "checkers": checkers,
    }


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_for(request, pk)
    user = request.user
    context = meeting_context(meeting, user)
    can_manage = meeting.body.is_managed_by(user)
    can_approve = meeting.can_be_approved_by(user)
    quorum = None
    if can_manage and context["attendances"]:
        quorum = services.quorum(meeting, attendances=context["attendances"], recused_ids=set())
    context.update({
        "opening_items_open": any(i.from_standard_agenda and not i.decision_obj for i in context["items"]),
        "can_manage": can_manage and not meeting.is_locked, "is_manager": can_manage, "can_approve": can_approve,
        "quorum": quorum, "S": Meeting.Status,
        "can_record": can_manage and meeting.status in (Meeting.Status.INVITED, Meeting.Status.HELD,
                                                        Meeting.Status.MINUTES_DRAFTED) and not meeting.is_locked,
        "can_see_history": can_manage or user.has_perm("workgroups.view_body_documents"),
        "returns": list(meeting.returns.all()) if can_manage else [],
    })
    _add_linked_metrics(context["items"], user, can_manage)
    return render(request, "workgroups/meeting_detail.html", context)


def _add_linked_metrics(items: list[AgendaItem], user, can_manage: bool) -> None:
    """The metrics each decision aims to move and how they moved since (cooperation.base.decision_metrics:
    monitoring provides them), in a few queries for the whole page; the secretary's link to name them."""
    decided = [item.decision_obj for item in items if item.decision_obj]
    links = decision_metrics.linked_metrics([d.pk for d in decided], user, follow_up=True)
    for item in items:
        decision = item.decision_obj
        item.linked_metrics = links.get(decision.pk, []) if decision else []
        item.metrics_edit_url = decision_metrics.edit_url(decision.pk) if decision and can_manage else None


@login_required
def agenda_item_create(request, pk):
    meeting = _meeting_for(request, pk)
    _manage(request, meeting)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_create(meeting=meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect("workgroups:meeting-detail", meeting.pk)
    return render(request, "workgroups/form.html", {
        "form": form, "title": _("New agenda item"), "body": meeting.body, "meeting": meeting,
        "back": reverse("workgroups:meeting-detail", args=[meeting.pk])})


@login_required
def agenda_item_edit(request, pk):
    item = _visible_item(request, pk, "matter")
    meeting = item.meeting
    _manage(request, meeting)
    initial = {name: getattr(item, name) for name in ("title", "preparer_name", "background", "proposal_text",
                                                      "publicity", "secrecy_ground", "title_is_public")}
    form = AgendaItemForm(request.POST or None, initial=initial)
    del form.fields["register_number"]
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The agenda item was saved."))
            return redirect(reverse("workgroups:meeting-detail", args=[meeting.pk]) + f"#item-{item.pk}")
    return render(request, "workgroups/form.html", {
        "form": form, "title": item.title, "body": meeting.body, "meeting": meeting,
        "back": reverse("workgroups:meeting-detail", args=[meeting.pk])})


@login_required
def attachment_create(request, pk):
    item = _visible_item(request, pk)
    _manage(request, item.meeting)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(agenda_item=item, uploaded=data["file"], title=data["title"],
                                    publicity=data["publicity"], secrecy_ground=data["secrecy_ground"],
                                    acting_user=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect("workgroups:meeting-detail", item.meeting_id)
    return render(request, "workgroups/form.html", {
        "form": form, "title": _("Add an attachment to %(item)s") % {"item": item.title}, "multipart": True,
        "body": item.meeting.body, "meeting": item.meeting,
        "back": reverse("workgroups:meeting-detail", args=[item.meeting_id])})


@login_required
def attachment_download(request, pk):
    attachments = Attachment.objects.visible_to(request.user)
    attachment = get_object_or_404(attachments, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.file.name.rsplit("/", 1)[-1].split("-", 1)[-1],
                        content_type=attachment.content_type or "application/octet-stream")


@login_required
@require_POST
def meeting_invite(request, pk):
    meeting = _meeting_for(request, pk)
    try:
        count = services.invitation_send(meeting=meeting, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation is being sent to %(n)s people.") % {"n": count})
    return redirect("workgroups:meeting-detail", meeting.pk)


@login_required
@require_POST
def agenda_publish(request, pk):
    meeting = _meeting_for(request, pk)
    try:
        meeting = services.agenda_publish(meeting=meeting, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The agenda was published as meeting %(number)s.")
                         % {"number": meeting.number_label})
    return redirect("workgroups:meeting-detail", meeting.pk)


@login_required
def attendance_edit(request, pk):
    meeting = _meeting_for(request, pk)
    _manage(request, meeting)
    rows = _attendance_forms(request, meeting)
    error = None
    if request.method == "POST" and all(f.is_valid() for f in rows):
        entries = [services.AttendanceEntry(membership=f.membership, **f.cleaned_data) for f in rows]
        try:
            services.attendance_record(meeting=meeting, entries=entries, acting_user=request.user)
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("workgroups:meeting-detail", meeting.pk)
    return render(request, "workgroups/attendance_form.html",
                  {"meeting": meeting, "body": meeting.body, "rows": rows, "error": error})


def _attendance_forms(request, meeting: Meeting) -> list[AttendanceRowForm]:
    """One row per person in the body on the meeting date; a deputy replaces one of the seat holders."""
    memberships = list(meeting.body.memberships.on(meeting.date).select_related("user", "party")
                       .order_by("role", "person_name"))
    existing = {a.membership_id: a for a in meeting.attendances.all()}
    seat_holders = [m for m in memberships if m.role != Membership.Role.DEPUTY]
    return [AttendanceRowForm(request.POST or None, prefix=f"m{m.pk}", membership=m, memberships=seat_holders,
                              initial=_attendance_initial(m, existing.get(m.pk)))
            for m in memberships]


def _attendance_initial(membership: Membership, attendance: Attendance | None) -> dict:
    if attendance is not None:
        return {"status": attendance.status, "in_place_of": attendance.in_place_of_id,
                "arrived_at": attendance.arrived_at, "left_at": attendance.left_at}
    # Seat holders are present unless marked otherwise; deputies absent unless they step in.
    deputy = membership.role == Membership.Role.DEPUTY
    return {"status": Attendance.Status.ABSENT if deputy else Attendance.Status.PRESENT,
            "in_place_of": membership.deputy_for_id, "arrived_at": None, "left_at": None}


@login_required
def decision_edit(request, pk):
    item = _visible_item(request, pk, "meeting__chair")
    meeting = item.meeting
    _manage(request, meeting)
    if meeting.is_locked:
        messages.error(request, _("The minutes are locked: the decision can only be corrected with a reason."))
        return redirect("workgroups:meeting-detail", meeting.pk)
    decision = Decision.objects.visible_to(request.user).filter(agenda_item=item).first()
    memberships = list(meeting.body.memberships.on(meeting.date).select_related("user"))
    initial = {"text": item.proposal_text, "resolution": Decision.Resolution.APPROVED,
               "recused": list(item.recusals.values_list("membership_id", flat=True)),
               "appeal_route": default_route(meeting.body)}
    if decision:
        initial.update(text=decision.text, resolution=decision.resolution, dissent=decision.dissent,
                       appeal_route=decision.appeal_route, appeal_law=decision.appeal_law)
    form = DecisionForm(request.POST or None, initial=initial, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(item=item, resolution=data["resolution"], text=data["text"],
                                                dissent=data["dissent"], recusals=data["recused"],
                                                appeal_route=data["appeal_route"], appeal_law=data["appeal_law"],
                                                acting_user=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The decision %(section)s was recorded.") % {"section": decision.section})
            return redirect(reverse("workgroups:meeting-detail", args=[meeting.pk]) + f"#item-{item.pk}")
    return render(request, "workgroups/decision_form.html", {
        "form": form, "item": item, "meeting": meeting, "body": meeting.body, "decision": decision})


@login_required
def decision_correct(request, pk):
    decisions = Decision.objects.visible_to(request.user).select_related("agenda_item__meeting__body", "body")
    decision = get_object_or_404(decisions, pk=pk)
    meeting = decision.agenda_item.meeting
    if not decision.can_be_corrected_by(request.user):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, initial={"text": decision.text, "resolution": decision.resolution,
                                                         "dissent": decision.dissent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_correct(decision=decision, reason=data["reason"], text=data["text"],
                                      resolution=data["resolution"], dissent=data["dissent"],
                                      acting_user=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The correction was recorded."))
            url = reverse("workgroups:meeting-detail", args=[meeting.pk])
            return redirect(f"{url}#item-{decision.agenda_item_id}")
    return render(request, "workgroups/form.html", {
        "form": form, "title": _("Correct %(decision)s") % {"decision": decision}, "body": meeting.body,
        "meeting": meeting, "back": reverse("workgroups:meeting-detail", args=[meeting.pk])})


@login_required
def minutes_draft(request, pk):
    meeting = _meeting_for(request, pk)
    _manage(request, meeting)
    present_ids = set(meeting.attendances.exclude(status=Attendance.Status.ABSENT).values_list("membership_id",
                                                                                               flat=True))
    # Those present (deputies who stood in included), with or without an account; never the secretary
    # or the chair (services._check_minutes_checkers says the same with reasons).
    candidates = [m for m in meeting.body.memberships.on(meeting.date).select_related("user")
                  if m.pk in present_ids and m.pk != meeting.chair_id and m.role not in Membership.SECRETARY_ROLES]
    form = DraftMinutesForm(request.POST or None, memberships=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_draft(meeting=meeting, checkers=list(form.cleaned_data["checkers"]),
                                   acting_user=request.user)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The minutes were sent to the checkers and the chair for approval."))
            return redirect("workgroups:meeting-detail", meeting.pk)
    return render(request, "workgroups/form.html", {
        "form": form, "title": _("Minutes ready for checking"), "body": meeting.body, "meeting": meeting,
        "back": reverse("workgroups:meeting-detail", args=[meeting.pk])})


@login_required
@require_POST
def minutes_approve(request, pk):
    meeting = _meeting_for(request, pk)
    try:
        services.minutes_approve(meeting=meeting, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        meeting.refresh_from_db()
        messages.success(request, _("The minutes are approved and locked.") if meeting.is_locked
                         else _("Your approval was recorded."))
    return redirect("workgroups:meeting-detail", meeting.pk)


def minutes_check_link(request, token):
    """A checker (or chair) without a portal account reads the draft minutes and approves them by the
    e-mailed single-use link; no login. The signed token is the permission: it names one membership of
    the body for one round of checking (services.minutes_check_link_for / minutes_approve_by_link)."""
    link = services.minutes_check_link_for(token)
    if link is None:
        return render(request, "workgroups/check_link.html", {"invalid": True}, status=404)
    meeting = link.meeting
    if request.method == "POST":
        try:
            services.minutes_approve_by_link(token=token, comment=request.POST.get("comment", "")[:2000])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Thank you: your approval of the minutes was recorded."))
        return redirect("workgroups:minutes-check-link", token)
    # visibility: the signed link is the checker's permission to read this meeting's whole draft
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("decision").order_by("order"))
    for item in items:
        item.decision_obj = getattr(item, "decision", None)
    return render(request, "workgroups/check_link.html", {
        "link": link, "meeting": meeting, "body": meeting.body, "items": items, "usable": link.is_usable})


@login_required
@require_POST
def minutes_publish(request, pk):
    meeting = _meeting_for(request, pk)
    try:
        services.minutes_publish(meeting=meeting, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The minutes were published."))
    return redirect("workgroups:meeting-detail", meeting.pk)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
def agenda_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    context = meeting_context(meeting, request.user)
    data = render_to_pdf("pdf/workgroups/agenda.html", context, language=request.LANGUAGE_CODE)
    return _pdf_response(data, file_name("agenda", meeting.body.short_name or meeting.body.name,
                                         f"{meeting.date:%Y-%m-%d}", extension="pdf"))


@login_required
def minutes_pdf(request, pk):
    meeting = _meeting_for(request, pk)
    if not meeting.is_locked and not meeting.body.is_readable_in_full_by(request.user):
        raise Http404
    context = meeting_context(meeting, request.user)
    with translation.override(request.LANGUAGE_CODE):
        # The minutes end with the appeal instructions of their decisions (kuntalaki 134–136 §).
        context["appeal_sheets"] = instruction_sheets(
            [item.decision_obj for item in context["items"] if item.decision_obj])
    data = render_to_pdf("pdf/workgroups/minutes.html", context, language=request.LANGUAGE_CODE)
    return _pdf_response(data, file_name("minutes", meeting.body.short_name or meeting.body.name,
                                         f"{meeting.date:%Y-%m-%d}", extension="pdf"))


# --- decisions, matters, search ---------------------------------------------------------------------


@login_required
def decision_list(request):
    form = DecisionFilterForm(request.GET or None)
    decisions = Decision.objects.visible_to(request.user).select_related(
        "body", "agenda_item__meeting", "agenda_item__matter")
    if form.is_valid():
        data = form.cleaned_data
        if data["body"]:
            decisions = decisions.filter(body=data["body"])
        if data["year"]:
            decisions = decisions.filter(section_year=data["year"])
        if data["resolution"]:
            decisions = decisions.filter(resolution=data["resolution"])
        if data["q"]:
            decisions = search_decisions(decisions, data["q"])
    # Newest year first, then by body and § (the index decision_year_body_section_d walks this order,
    # so a page reads 50 rows instead of sorting every visible one); the count stops at a ceiling and
    # pages past the first few go by keyset (after/before the last/first row shown), never by OFFSET.
    decisions = decisions.order_by(*DECISION_ORDER)
    try:
        page = keyset_paginate(request.GET, decisions, DECISION_KEYSET)
    except DeepPageRefused:
        raise Http404(_("This list pages by its next-page links beyond the first pages.")) from None
    if form.is_valid() and form.cleaned_data["q"]:
        add_highlights(page.object_list, form.cleaned_data["q"])
    return render(request, "workgroups/decision_list.html",
                  {"form": form, "page_obj": page, "decisions": page.object_list})


@login_required
def search(request):
    """Site search: decisions and matters first, then every other searchable kind the person may
    see (cooperation.base.search registry), each ranked, with the matching passage highlighted."""
    form = SearchForm(request.GET or None)
    decisions, matters, sections = [], [], []
    if form.is_valid():
        q = form.cleaned_data["q"]
        decisions = top(Decision.objects.visible_to(request.user).select_related("body", "agenda_item__meeting"),
                        q, 50)
        matters = top(Matter.objects.visible_to(request.user).select_related("body"), q, 50)
        for entry in searchables():
            if entry.model in (Decision, Matter):
                continue
            found = top(entry.model._default_manager.visible_to(request.user), q, SEARCH_SECTION_SIZE)
            sections.append({"label": entry.label, "results": [
                {"title": str(row), "url": entry.url(row), "highlight": row.search_highlight} for row in found]})
    return render(request, "workgroups/search.html",
                  {"form": form, "decisions": decisions, "matters": matters, "sections": sections})


@login_required
def matter_detail(request, pk):
    matters = Matter.objects.visible_to(request.user).select_related("body")
    matter = get_object_or_404(matters, pk=pk)
    items = AgendaItem.objects.visible_to(request.user).filter(matter=matter).select_related(
        "meeting__body", "decision").order_by("meeting__starts_at")
    return render(request, "workgroups/matter_detail.html", {"matter": matter, "items": items})


# --- proposals --------------------------------------------------------------------------------------


@login_required
def proposal_create(request, pk):
    from_body = get_object_or_404(Body.objects.select_related("parent"), pk=pk)
    if from_body.parent is None or not from_body.is_readable_in_full_by(request.user):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("file")
        try:
            proposal = services.proposal_submit(to_body=from_body.parent, from_body=from_body,
                                                acting_user=request.user, attachment=upload or None, **data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The proposal was sent to %(body)s.") % {"body": from_body.parent})
            return redirect("workgroups:proposal-detail", proposal.pk)
    return render(request, "workgroups/form.html", {
        "form": form, "multipart": True, "body": from_body,
        "title": _("Proposal to %(body)s") % {"body": from_body.parent},
        "back": reverse("workgroups:body-detail", args=[from_body.pk])})


@login_required
def proposal_detail(request, pk):
    user = request.user
    proposals = Proposal.objects.visible_to(user).select_related("from_body", "to_body", "submitted_by")
    proposal = get_object_or_404(proposals, pk=pk)
    can_manage = proposal.to_body.is_managed_by(user)
    form = None
    if can_manage and proposal.status == Proposal.Status.SUBMITTED:
        meetings = Meeting.objects.visible_to(user).filter(
            body=proposal.to_body, locked_at__isnull=True, status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED])
        form = ProposalToAgendaForm(request.POST or None, meetings=meetings)
        if request.method == "POST" and form.is_valid():
            try:
                item = services.proposal_to_agenda(proposal=proposal, meeting=form.cleaned_data["meeting"],
                                                   acting_user=request.user)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The proposal is now an item on the agenda."))
                return redirect(reverse("workgroups:meeting-detail", args=[item.meeting_id]) + f"#item-{item.pk}")
    return render(request, "workgroups/proposal_detail.html", {
        "proposal": proposal, "form": form,
        "attachments": Attachment.objects.visible_to(user).filter(proposal=proposal),
        "items": AgendaItem.objects.visible_to(user).filter(source_proposal=proposal)
        .select_related("meeting", "decision")})


# --- action items -----------------------------------------------------------------------------------


@login_required
def action_list(request):
    """Open action items: counts by group and by party, and one paged list (filterable by either)."""
    today = timezone.localdate()
    visible = ActionItem.objects.visible_to(request.user).open()
    by_body = (visible.values("body", "body__name_fi", "body__name_sv")
               .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))).order_by("body__name_fi"))
    by_party = (visible.values("party", "party__name_fi", "party__name_sv")
                .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))).order_by("party__name_fi"))
    items = visible
    chosen = {}
    for key in ("body", "party"):
        value = request.GET.get(key, "")
        if value == "none" and key == "party":
            items, chosen[key] = items.filter(party__isnull=True), value
        elif (pk := plain_int(value)) is not None:
            items, chosen[key] = items.filter(**{f"{key}_id": pk}), pk
    # ActionItem.Meta.indexes: action_item_open_by_due walks this order for the open items.
    page = paginate(request, items.select_related("body", "owner", "owner_body", "party").order_by("due_date", "pk"))
    for item in page.object_list:
        item.overdue = item.due_date < today
    return render(request, "workgroups/action_list.html", {
        "page_obj": page, "items": page.object_list, "today": today, "chosen": chosen,
        "total": sum(row["n"] for row in by_body), "overdue": sum(row["overdue"] for row in by_body),
        "by_party": [{**row, "name": localized(row["party__name_fi"] or "", row["party__name_sv"] or "")
                      or _("No party")} for row in by_party],
        "by_body": [{**row, "name": localized(row["body__name_fi"], row["body__name_sv"])} for row in by_body]})


@login_required
def action_create(request, pk):
    decisions = Decision.objects.visible_to(request.user).select_related("body", "agenda_item__meeting")
    decision = get_object_or_404(decisions, pk=pk)
    if not decision.body.is_managed_by(request.user):
        raise PermissionDenied
    from parties.models import User

    people = User.objects.filter(body_memberships__body=decision.body).distinct().order_by("last_name")
    form = ActionItemForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_create(body=decision.body, decision=decision, acting_user=request.user,
                                        **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The action item was created."))
            return redirect("workgroups:meeting-detail", decision.agenda_item.meeting_id)
    return render(request, "workgroups/form.html", {
        "form": form, "title": _("New action item for %(decision)s") % {"decision": decision},
        "body": decision.body, "back": reverse("workgroups:meeting-detail", args=[decision.agenda_item.meeting_id])})


@login_required
def action_detail(request, pk):
    items = ActionItem.objects.visible_to(request.user).select_related(
        "body", "owner", "owner_body", "party", "decision__agenda_item__meeting")
    item = get_object_or_404(items, pk=pk)
    can_edit = item.can_be_edited_by(request.user)
    form = ActionStatusForm(request.POST or None, initial={"status": item.status}) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        services.action_item_set_status(item=item, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The status was updated."))
        return redirect("workgroups:action-detail", item.pk)
    return render(request, "workgroups/action_detail.html",
                  {"item": item, "form": form, "overdue": item.is_overdue()})


# --- calendar -----------------------------------------------------------------------------------------


@login_required
def calendar(request):
    token = CalendarToken.for_user(request.user)
    if request.method == "POST":
        import secrets

        token.token = secrets.token_urlsafe(32)
        token.save(update_fields=["token"])
        messages.success(request, _("A new private address was made; the old one no longer works."))
        return redirect("workgroups:calendar")
    bodies = Body.objects.filter(memberships__user=request.user).distinct()
    return render(request, "workgroups/calendar.html", {"token": token, "bodies": bodies})


def ical_feed(request, token, body_pk=None):
    """Private feed: the token identifies the person; shows only meetings the person may see."""
    from .ical import meetings_calendar

    token_row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if token_row is None or not token_row.user.is_active:
        raise Http404
    user = token_row.user
    meetings = Meeting.objects.visible_to(user).exclude(status=Meeting.Status.CANCELLED).select_related("body")
    if body_pk is not None:
        meetings = meetings.filter(body_id=body_pk)
    else:
        meetings = meetings.filter(body__memberships__user=user).distinct()
    data = meetings_calendar(meetings.order_by("starts_at")[:500], user=user)
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


# --- audit trail --------------------------------------------------------------------------------------


@login_required
def body_history(request, pk):
    from cooperation.base.history import describe

    from .audit import body_log_entries

    body = get_object_or_404(Body, pk=pk)
    if not (body.is_managed_by(request.user) or request.user.has_perm("workgroups.view_body_documents")):
        raise PermissionDenied
    entries = body_log_entries(body, request.user)
    page = paginate(request, entries)
    rows = describe(page.object_list)
    return render(request, "workgroups/history.html", {"body": body, "page_obj": page, "rows": rows})
