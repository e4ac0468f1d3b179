"""What is searchable in workgroups, and the decisions and matters searches.

The stored documents, the Finnish analysis (Voikko base forms and compound parts: "hankinnan"
finds "hankinta", "suunnitelma" finds "toimintasuunnitelma"), ranking and highlighting live in
cooperation.base.search; this module says which text each row contributes. Callers pass a
queryset already filtered with `visible_to(user)`; the document is joined to it in the same SQL,
so a search never returns, nor highlights, what the searcher may not see.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperation.base import search as base_search

from .personal_data import MARKED


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def matter_document(matter) -> tuple[str, str]:
    return matter.title, _join(matter.register_number, matter.description)


def agenda_item_document(item) -> tuple[str, str]:
    register_number = item.matter.register_number if item.matter_id else ""
    return item.title, _join(register_number, item.background, item.proposal_text)


def decision_document(decision) -> tuple[str, str]:
    # A decision is seen by exactly those who see its agenda item, so it may carry the item's text.
    item = decision.agenda_item
    register_number = item.matter.register_number if item.matter_id else ""
    return item.title, _join(register_number, decision.text, item.proposal_text, decision.dissent)


def proposal_document(proposal) -> tuple[str, str]:
    return proposal.title, _join(proposal.proposal_text, proposal.justification)


def action_item_document(action) -> tuple[str, str]:
    return action.title, _join(action.description, action.status_note)


def register() -> None:
    from .models import ActionItem, AgendaItem, Decision, Matter, Proposal

    # Every row whose text a document shows is a dependency: saving it rewrites those documents (a
    # matter's new register number is found on its items and decisions, the old one no longer).
    def items_of_matter(matter):
        # visibility: chooses the documents to rewrite; nothing is shown (searches join visible_to)
        return AgendaItem.objects.filter(matter=matter).select_related("matter")

    def decisions_of_matter(matter):
        # visibility: chooses the documents to rewrite; nothing is shown (searches join visible_to)
        return Decision.objects.filter(agenda_item__matter=matter).select_related("agenda_item__matter")

    base_search.register(Decision, decision_document, label=_("Decisions"),
                         select_related=("agenda_item__matter",),
                         url=lambda d: reverse("workgroups:meeting-detail", args=[d.agenda_item.meeting_id])
                         + f"#item-{d.agenda_item_id}",
                         depends_on=[(AgendaItem, lambda item: [d for d in [getattr(item, "decision", None)] if d]),
                                     (Matter, decisions_of_matter)],
                         personal=MARKED)
    base_search.register(Matter, matter_document, label=_("Matters"),
                         url=lambda m: reverse("workgroups:matter-detail", args=[m.pk]))
    base_search.register(AgendaItem, agenda_item_document, label=_("Agenda items"),
                         select_related=("matter",),
                         url=lambda i: reverse("workgroups:meeting-detail", args=[i.meeting_id]) + f"#item-{i.pk}",
                         depends_on=[(Matter, items_of_matter)], personal=MARKED)
    base_search.register(Proposal, proposal_document, label=_("Proposals"),
                         url=lambda p: reverse("workgroups:proposal-detail", args=[p.pk]))
    base_search.register(ActionItem, action_item_document, label=_("Action items"),
                         url=lambda a: reverse("workgroups:action-detail", args=[a.pk]))


def search_decisions(decisions: QuerySet, query: str, *, personal: bool = True) -> QuerySet:
    """Decisions matching every word; an empty query leaves the list as it is. `personal=False` for the
    open data's readers: a private person's name marked in the minutes ("[[…]]") is not matched, as the
    public web removes it after the appeal period (workgroups.personal_data)."""
    if not query.strip():
        return decisions
    return base_search.search(decisions, query, personal=personal)


def search_matters(matters: QuerySet, query: str) -> QuerySet:
    if not query.strip():
        return matters.none()
    return base_search.search(matters, query).order_by("-search_rank", "-created_at")
