"""Pages of the standard agenda, agenda arranging (POST forms, no JavaScript needed) and the deliberation
of an agenda item. Reads go through the visibility rules (AgendaItem.objects.visible_to), writes through
workgroups.agenda and workgroups.deliberation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import agenda, deliberation
from .deliberation_forms import CounterProposalForm, DissentForm, RecusalForm, StandardItemFormSet, VoteForm
from .deliberation_models import CounterProposal, DissentingOpinion, Vote, present_voters
from .models import AgendaItem, Body, Meeting, Recusal
from .standard_agenda import StandardItem, standard_items


def _item(request, pk) -> AgendaItem:
    items = AgendaItem.objects.visible_to(request.user).select_related("meeting__body", "meeting__chair")
    item = get_object_or_404(items, pk=pk)
    if not item.meeting.body.is_managed_by(request.user):
        raise PermissionDenied
    return item


def _meeting_url(item: AgendaItem) -> str:
    return reverse("workgroups:meeting-detail", args=[item.meeting_id]) + f"#item-{item.pk}"


def _message_error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def standard_agenda_edit(request, pk):
    body = get_object_or_404(Body, pk=pk)
    if not body.is_managed_by(request.user):
        raise PermissionDenied
    initial = [{"title": i.title, "proposal_text": i.proposal_text} for i in standard_items(body)]
    formset = StandardItemFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        # In the order the secretary numbered them; deleted and untouched empty rows are left out.
        kept = [f for f in formset.ordered_forms if f.cleaned_data.get("title")]
        try:
            agenda.standard_items_save(body=body, acting_user=request.user, items=[
                StandardItem(f.cleaned_data["title"], f.cleaned_data["proposal_text"]) for f in kept])
        except ValidationError as exc:
            _message_error(request, exc)
        else:
            messages.success(request, _("The standard agenda was saved."))
            return redirect("workgroups:body-detail", body.pk)
    return render(request, "workgroups/standard_agenda.html", {"body": body, "formset": formset})


@login_required
@require_POST
def item_move(request, pk):
    item = _item(request, pk)
    try:
        agenda.agenda_item_move(item=item, up=request.POST.get("direction") == "up", acting_user=request.user)
    except ValidationError as exc:
        _message_error(request, exc)
    return redirect(_meeting_url(item))


@login_required
@require_POST
def item_remove(request, pk):
    item = _item(request, pk)
    try:
        agenda.agenda_item_remove(item=item, acting_user=request.user)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect(_meeting_url(item))
    messages.success(request, _("The item “%(title)s” was removed from the agenda.") % {"title": item.title})
    return redirect("workgroups:meeting-detail", item.meeting_id)


@login_required
@require_POST
def opening_items_decide(request, pk):
    meetings = Meeting.objects.visible_to(request.user).select_related("body")
    meeting = get_object_or_404(meetings, pk=pk)
    if not meeting.body.is_managed_by(request.user):
        raise PermissionDenied
    try:
        decided = agenda.opening_items_decide(meeting=meeting, acting_user=request.user)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("Decisions recorded as proposed: %(count)s.") % {"count": len(decided)})
    return redirect("workgroups:meeting-detail", meeting.pk)


# --- deliberation of an item ------------------------------------------------------------------------

FORMS = {"recusal": RecusalForm, "counter": CounterProposalForm, "dissent": DissentForm}


@login_required
def item_deliberation(request, pk):
    item = _item(request, pk)
    meeting = item.meeting
    members = list(meeting.body.memberships.on(meeting.date).select_related("user"))
    voters = present_voters(item)
    voter_members = [a.membership for a in voters]
    seconded = CounterProposal.objects.filter(agenda_item=item, seconders__isnull=False).distinct()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = {name: (request.POST if action == name else None) for name in (*FORMS, "vote")}
    forms = {
        "recusal": RecusalForm(bound["recusal"], members=members, prefix="recusal"),
        "counter": CounterProposalForm(bound["counter"], members=voter_members, prefix="counter"),
        "dissent": DissentForm(bound["dissent"], members=voter_members, prefix="dissent"),
        "vote": VoteForm(bound["vote"], proposals=seconded, voters=voters, prefix="vote"),
    }
    if request.method == "POST":
        try:
            done = _deliberation_post(request, item, action, forms)
        except ValidationError as exc:
            form = forms.get(action)
            if form is not None:
                form.add_error(None, exc.messages)
            else:
                _message_error(request, exc)
            done = False
        if done:
            messages.success(request, _("The deliberation was saved."))
            return redirect("workgroups:item-deliberation", item.pk)
    deliberation.prefetch_deliberation([item])
    return render(request, "workgroups/deliberation.html", {
        "item": item, "meeting": meeting, "body": meeting.body, "forms": forms, "voters": voters,
        "recusals": item.recusals.select_related("membership__user"), "full": True, "can_edit": True})


def _deliberation_post(request, item: AgendaItem, action: str, forms: dict) -> bool:
    user = request.user
    remove = {"remove-recusal": (Recusal, "agenda_item", deliberation.recusal_remove, "recusal"),
              "remove-counter": (CounterProposal, "agenda_item", deliberation.counter_proposal_remove, "proposal"),
              "remove-vote": (Vote, "agenda_item", deliberation.vote_remove, "vote"),
              "remove-dissent": (DissentingOpinion, "agenda_item", deliberation.dissent_remove, "dissent")}
    if action in remove:
        model, path, service, kwarg = remove[action]
        # visibility: a row of the item just read through AgendaItem.objects.visible_to
        row = get_object_or_404(model.objects.filter(**{path: item}), pk=request.POST.get("id", ""))
        service(**{kwarg: row}, acting_user=user)
        return True
    form = forms.get(action)
    if form is None or not form.is_valid():
        return False
    data = form.cleaned_data
    if action == "recusal":
        deliberation.recusal_record(item=item, membership=form.member("membership"), ground=data["ground"],
                                    reason=data["reason"], acting_user=user)
    elif action == "counter":
        deliberation.counter_proposal_record(
            item=item, proposer=form.member("proposer"), text=data["text"], acting_user=user,
            seconders=[form.members[int(pk)] for pk in data["seconders"]])
    elif action == "dissent":
        deliberation.dissent_record(item=item, membership=form.member("membership"), text=data["text"],
                                    acting_user=user)
    else:
        deliberation.vote_record(item=item, counter_proposal=data["counter_proposal"], kind=data["kind"],
                                 method=data["method"], ballots=form.ballots(), counts=form.counts(),
                                 lot_winner=data["lot_winner"], acting_user=user)
    return True
