"""Full-text search over decisions and matters.

PostgreSQL: the `finnish` text search configuration (stemming: "hankinnan" finds "hankinta"),
OR-ed with a substring match of every word, because Finnish compounds are not split by the
stemmer ("suunnitelma" should find "toimintasuunnitelma"). SQLite (development): the substring
match alone. Callers pass a queryset already filtered with `visible_to(user)`, so search never
returns what the searcher may not see.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

DECISION_FIELDS = ("text", "agenda_item__title", "agenda_item__proposal_text")
MATTER_FIELDS = ("title", "description")


def _words(query: str) -> list[str]:
    return [w for w in query.split() if w][:10]


def _every_word(query: str, fields: tuple[str, ...], register_field: str) -> Q:
    condition = Q()
    for word in _words(query):
        any_field = Q(**{f"{register_field}__iexact": word})
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def search_decisions(decisions: QuerySet, query: str) -> QuerySet:
    query = query.strip()
    if not query:
        return decisions
    substring = _every_word(query, DECISION_FIELDS, "agenda_item__matter__register_number")
    if connection.vendor == "postgresql":
        vector = (SearchVector("agenda_item__title", weight="A", config="finnish")
                  + SearchVector("text", weight="B", config="finnish")
                  + SearchVector("agenda_item__proposal_text", weight="C", config="finnish"))
        search_query = SearchQuery(query, config="finnish", search_type="websearch")
        return (decisions.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(Q(search=search_query) | substring))
    return decisions.filter(substring)


def search_matters(matters: QuerySet, query: str) -> QuerySet:
    query = query.strip()
    if not query:
        return matters.none()
    substring = _every_word(query, MATTER_FIELDS, "register_number")
    if connection.vendor == "postgresql":
        vector = (SearchVector("title", weight="A", config="finnish")
                  + SearchVector("description", weight="B", config="finnish"))
        search_query = SearchQuery(query, config="finnish", search_type="websearch")
        return (matters.annotate(search=vector, rank=SearchRank(vector, search_query))
                .filter(Q(search=search_query) | substring).order_by("-rank"))
    return matters.filter(substring)
