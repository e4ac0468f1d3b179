"""Full-text search over decisions and matters.

PostgreSQL: the `finnish` text search configuration (stemming: "hankinnan" finds "hankinta").
SQLite (development): every word must occur somewhere, case-insensitively. Callers pass a queryset
already filtered with `visible_to(user)`, so search never returns what the searcher may not see.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet


def _words(query: str) -> list[str]:
    return [w for w in query.split() if w][:10]


def search_decisions(decisions: QuerySet, query: str) -> QuerySet:
    query = query.strip()
    if not query:
        return decisions
    if connection.vendor == "postgresql":
        vector = (SearchVector("agenda_item__title", weight="A", config="finnish")
                  + SearchVector("text", weight="B", config="finnish")
                  + SearchVector("agenda_item__proposal_text", weight="C", config="finnish"))
        search_query = SearchQuery(query, config="finnish", search_type="websearch")
        return (decisions.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(Q(search=search_query) | Q(agenda_item__matter__register_number__iexact=query)))
    for word in _words(query):
        decisions = decisions.filter(
            Q(text__icontains=word) | Q(agenda_item__title__icontains=word)
            | Q(agenda_item__proposal_text__icontains=word) | Q(agenda_item__matter__register_number__iexact=word)
        )
    return decisions


def search_matters(matters: QuerySet, query: str) -> QuerySet:
    query = query.strip()
    if not query:
        return matters.none()
    if connection.vendor == "postgresql":
        vector = (SearchVector("title", weight="A", config="finnish")
                  + SearchVector("description", weight="B", config="finnish"))
        search_query = SearchQuery(query, config="finnish", search_type="websearch")
        return (matters.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(Q(search=search_query) | Q(register_number__iexact=query)).order_by("-rank"))
    for word in _words(query):
        matters = matters.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                 | Q(register_number__iexact=word))
    return matters
