"""The public web (kuntalaki 140 §): published minutes and agendas without login.

Every read goes through the models' open-data branch of their visibility rule
(MeetingQuerySet.open_data, AgendaItemQuerySet.open_data, DecisionQuerySet via the items). A
non-public item keeps its § and, where the title is public, its title, with "Salassa pidettävä" and
the ground; its text is never put in the page. Marked personal data are shown until the appeal period
ends and then replaced with a placeholder; pages with personal data send `X-Robots-Tag: noindex`.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cooperation.base.filenames import content_disposition, file_name
from cooperation.base.pdf import render_to_pdf
from cooperation.base.secrecy_grounds import ground_label

from .deliberation import prefetch_deliberation
from .models import AgendaItem, Body, Decision, Meeting, Recusal
from .personal_data import has_personal_data


def secrecy_ground_label(ground: str) -> str:
    """The citation in the current language with its wording (a value from before the list: as written)."""
    return ground_label(ground, with_title=True)


def public_index(request):
    # visibility: anonymous readers get the open-data branch of the same rule (published minutes)
    meetings = (Meeting.objects.open_data().select_related("body")
                .order_by("body__kind", "body__name_fi", "-starts_at"))
    # visibility: bodies are public information (names only); the list shows those with published minutes
    bodies = {b.pk: b for b in Body.objects.filter(pk__in={m.body_id for m in meetings})}
    by_body: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_body.setdefault(meeting.body_id, []).append(meeting)
    return render(request, "workgroups/public/index.html",
                  {"groups": [(bodies[pk], items) for pk, items in by_body.items()]})


def _public_context(meeting: Meeting) -> dict:
    # visibility: the open-data branch of DecisionQuerySet / AgendaItemQuerySet (public web, kuntalaki 140 §)
    decisions = Decision.objects.open_data()
    items = list(
        # visibility: open data with mentions of non-public items (§, public title, ground; never their text)
        AgendaItem.objects.open_data(with_secret_mentions=True).filter(meeting=meeting)
        .prefetch_related(Prefetch("recusals",
                                   queryset=Recusal.objects.select_related("membership__user")))
        .order_by("order"))
    prefetch_deliberation(items)  # counter-proposals, votes by name, dissenting opinions (public items only shown)
    public_decisions = {d.agenda_item_id: d for d in decisions.filter(agenda_item__meeting=meeting)}
    removed = meeting.appeal_period_ends() is not None and timezone.now() >= meeting.appeal_period_ends()
    personal = False
    for item in items:
        item.public_decision = public_decisions.get(item.pk) if item.is_public else None
        item.ground_label = "" if item.is_public else secrecy_ground_label(item.secrecy_ground)
        if item.is_public:
            texts = [item.background, item.proposal_text]
            if item.public_decision:
                texts += [item.public_decision.text, item.public_decision.dissent]
            texts += [cp.text for cp in item.counter_proposals.all()]
            texts += [d.text for d in item.dissenting_opinions.all()]
            personal = personal or any(has_personal_data(t) for t in texts) or bool(item.recusals.all())
    return {"meeting": meeting, "body": meeting.body, "items": items, "personal_data_removed": removed,
            "has_personal_data": personal, "appeal_period_ends": meeting.appeal_period_ends()}


def public_minutes(request, pk):
    # visibility: the open-data branch of MeetingQuerySet (published minutes only)
    meeting = get_object_or_404(Meeting.objects.open_data().select_related("body", "chair"), pk=pk)
    context = _public_context(meeting)
    response = render(request, "workgroups/public/minutes.html", context)
    return _noindex(response, context)


def public_minutes_pdf(request, pk):
    # visibility: the open-data branch of MeetingQuerySet (published minutes only)
    meeting = get_object_or_404(Meeting.objects.open_data().select_related("body", "chair"), pk=pk)
    context = _public_context(meeting)
    data = render_to_pdf("pdf/workgroups/public_minutes.html", context, language=request.LANGUAGE_CODE)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(file_name(
        "minutes", meeting.body.short_name or meeting.body.name, f"{meeting.date:%Y-%m-%d}", extension="pdf"))
    return _noindex(response, context)


def _noindex(response, context):
    if context["has_personal_data"]:
        response["X-Robots-Tag"] = "noindex"
    return response
