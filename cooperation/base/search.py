"""Search over stored documents: one SearchDocument per searchable row, ranked, highlighted.

An app registers each searchable model in its AppConfig.ready() with the function that gives the
row's title and body text (`register`); the model declares
`search_documents = GenericRelation("base.SearchDocument")` so a search is a join. Documents are
written when a row is saved or deleted (signals, in the writer's transaction, so a rolled-back
write leaves no document) and rebuilt in bulk by `manage.py rebuild_search_index`.

`search(queryset, query)` filters a queryset the caller has already restricted with the model's
`visible_to(user)`: the match and the rank come from the joined document in the same SQL, so
nobody finds a row the person may not see; `add_highlights` then reads the stored text of the
rows found, by their ids, so no passage of another row is ever shown.

Personal data inside a visible text (an app's `personal` pattern, e.g. the minutes' "[[name]]"
marks) are shown to people who are logged in but are not open data: their terms are stored apart
(weight C; "~term" on SQLite), and `search(…, personal=False)` — the open API's anonymous clients —
matches only the other terms, so a private person's name finds nothing there.

PostgreSQL: `vector @@ tsquery` over a GIN index, ranked with ts_rank (title terms weigh A, the
rest B, personal data C). The vector and the query are written as literals of exact terms (no parser, no
dictionary: the 'simple' behaviour), the terms being Voikko's (cooperation.base.finnish).
SQLite: a containment match on the space-separated terms, unranked (slower, development only).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQueryField
from django.db import connection, models
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

from . import finnish
from .models import SearchDocument

MAX_POSITIONS = 255  # PostgreSQL keeps at most 256 positions per lexeme
MAX_POSITION = 16383
BATCH = 1000


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    document: Callable[[models.Model], tuple[str, str]]  # row -> (title, body text)
    label: str = ""  # a lazy translation, the heading of the site search's section
    url: Callable[[models.Model], str] | None = None
    select_related: tuple[str, ...] = ()
    personal: re.Pattern | None = None  # group 1 of each match is personal data (shown without the marks)


_registry: dict[type[models.Model], Searchable] = {}


def register(model, document, *, label="", url=None, select_related=(), depends_on=(), personal=None) -> None:
    """Make `model` searchable. `depends_on`: (other model, rows of `model` that show its text)
    pairs, e.g. a decision's document shows its agenda item's title, so saving the item
    re-indexes the decision. `personal`: a pattern marking personal data in the texts (group 1 is
    the data): stored without the marks, and matched only by `search(…, personal=True)`."""
    _registry[model] = Searchable(model, document, label, url, tuple(select_related), personal)
    post_save.connect(_saved, sender=model, dispatch_uid=f"search.saved.{model._meta.label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search.deleted.{model._meta.label}")
    for other, rows in depends_on:
        def reindex(sender, instance, raw=False, _rows=rows, **kwargs):
            if not raw:
                index(_rows(instance))
        post_save.connect(reindex, sender=other, weak=False,
                          dispatch_uid=f"search.dep.{other._meta.label}.{model._meta.label}")


def searchables() -> list[Searchable]:
    return list(_registry.values())


# --- writing documents ----------------------------------------------------------------------------

PERSONAL_WEIGHT = "C"


def _pieces(title: str, body: str, personal: re.Pattern | None) -> list[tuple[str, str]]:
    """(weight, text) in reading order: the title A, the body B, the personal data in either C."""
    pieces = []
    for weight, text in (("A", title), ("B", body)):
        cursor = 0
        for match in personal.finditer(text) if personal else ():
            pieces += [(weight, text[cursor:match.start()]), (PERSONAL_WEIGHT, match.group(1))]
            cursor = match.end()
        pieces.append((weight, text[cursor:]))
    return pieces


def _vector_literal(pieces: list[tuple[str, str]]) -> str:
    """A tsvector literal: every term with its word positions and its piece's weight."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in pieces:
        for word in finnish.words(text):
            position = min(position + 1, MAX_POSITION)
            for term in finnish.word_terms(word):
                kept = positions.setdefault(term, [])
                if len(kept) < MAX_POSITIONS:
                    kept.append(f"{position}{weight}")
    return " ".join(f"'{_quote(term)}':{','.join(p)}" for term, p in positions.items())


def _terms_literal(pieces: list[tuple[str, str]]) -> str:
    """SQLite's terms: " term " for each term, " ~term " for a term found only in personal data."""
    def terms(texts):
        return {t for text in texts for w in finnish.words(text) for t in finnish.word_terms(w)}
    plain = terms(text for weight, text in pieces if weight != PERSONAL_WEIGHT)
    personal = terms(text for weight, text in pieces if weight == PERSONAL_WEIGHT) - plain
    return f" {' '.join(sorted(plain) + sorted(f'~{t}' for t in personal))} "


def _quote(term: str) -> str:
    return term.replace("\\", "\\\\").replace("'", "''")


def _document(entry: Searchable, row) -> SearchDocument:
    title, body = entry.document(row)
    title, body = title or "", body or ""
    pieces = _pieces(title, body, entry.personal)
    shown = entry.personal.sub(r"\1", f"{title}\n{body}") if entry.personal else f"{title}\n{body}"
    document = SearchDocument(content_type=ContentType.objects.get_for_model(entry.model), object_id=row.pk,
                              text=shown.strip())
    if connection.vendor == "postgresql":
        document.vector = _vector_literal(pieces)
    else:  # SQLite matches " term " in the space-separated terms; PostgreSQL keeps its rows narrow
        document.terms = _terms_literal(pieces)
    return document


def _write(documents: list[SearchDocument]) -> None:
    SearchDocument.objects.bulk_create(
        documents, batch_size=BATCH, update_conflicts=True, unique_fields=["content_type", "object_id"],
        update_fields=["text", "terms", "vector", "language", "updated_at"],
    )


def index(rows: Iterable[models.Model]) -> int:
    """Write the documents of these rows (of registered models); returns how many."""
    documents = [_document(_registry[type(row)], row) for row in rows if type(row) in _registry]
    _write(documents)
    return len(documents)


def rebuild(models_: Iterable[type[models.Model]] | None = None, *, progress=None) -> int:
    """Rebuild every document of the registered models (or of these), dropping orphans."""
    total = 0
    for entry in searchables():
        if models_ is not None and entry.model not in models_:
            continue
        content_type = ContentType.objects.get_for_model(entry.model)
        # visibility: the index holds every row; searches join it to visible_to(user).
        rows = entry.model._default_manager.select_related(*entry.select_related).order_by("pk")
        batch, count = [], 0
        for row in rows.iterator(chunk_size=BATCH):
            batch.append(_document(entry, row))
            if len(batch) >= BATCH:
                _write(batch)
                count += len(batch)
                batch = []
        _write(batch)
        count += len(batch)
        # visibility: only ids, to drop documents of deleted rows.
        ids = entry.model._default_manager.values("pk")
        SearchDocument.objects.filter(content_type=content_type).exclude(object_id__in=ids).delete()
        total += count
        if progress:
            progress(entry.model, count)
    return total


def analyze() -> None:
    """Refresh the planner's statistics of the document table; run after a bulk rebuild.

    Without it PostgreSQL plans the searches with the row counts of before the rebuild (until
    autovacuum analyzes the table; never where autovacuum is off): after `seed_demo --scale 1` it
    believed 22 documents where there were 307 558, and chose its plans accordingly.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(SearchDocument._meta.db_table)}")


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load rows half-related; `rebuild_search_index` indexes them afterwards
        index([instance])


def _deleted(sender, instance, **kwargs):
    SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                                  object_id=instance.pk).delete()


# --- searching ------------------------------------------------------------------------------------

def _tsquery_literal(alternatives: list[frozenset[str]], *, personal: bool = True) -> str:
    weights = "" if personal else ":AB"  # without personal data: the title's and the body's terms only
    return " & ".join("(" + " | ".join(f"'{_quote(t)}'{weights}" for t in sorted(alt)) + ")"
                      for alt in alternatives)


def _match_and_rank(vector, alternatives, *, personal: bool = True):
    tsquery = Cast(Value(_tsquery_literal(alternatives, personal=personal)), output_field=SearchQueryField())
    match = Func(vector, tsquery, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField())
    return match, Func(vector, tsquery, function="ts_rank", output_field=FloatField())


def top(queryset: models.QuerySet, query: str, limit: int) -> list[models.Model]:  # logged-in pages
    """The `limit` best-ranked rows of `queryset` (already `visible_to(user)`), highlighted.

    Ordered by rank, then by the row's id: the id is the document's `object_id`, so PostgreSQL
    sorts the GIN-matched documents before joining them to the rows and the visibility rule, and
    stops once `limit` visible rows are found (bench/search.py) instead of checking every match.
    """
    rows = list(search(queryset, query).order_by("-search_rank", "-pk")[:limit])
    add_highlights(rows, query)
    return rows


def search(queryset: models.QuerySet, query: str, *, personal: bool = True) -> models.QuerySet:
    """Rows of `queryset` (already `visible_to(user)`) whose document matches every query word.

    Annotates `search_rank` (PostgreSQL: ts_rank; SQLite: 0). The caller orders
    (`order_by("-search_rank", …)` for relevance), slices, then calls `add_highlights`.
    `personal=False` (open data) leaves the terms of marked personal data out of the match.
    """
    alternatives = finnish.query_alternatives(query)
    if not alternatives:
        # No word to look for ("[]", punctuation): nothing matches, but the caller still orders by rank.
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        match, rank = _match_and_rank(F("search_documents__vector"), alternatives, personal=personal)
        # alias, not annotate: selecting the match would carry every matched vector through the sort.
        return queryset.alias(search_match=match).annotate(search_rank=rank).filter(search_match=True)
    condition = Q()
    for alternative in alternatives:
        any_form = Q()
        for term in alternative:
            any_form |= Q(search_documents__terms__contains=f" {term} ")
            if personal:
                any_form |= Q(search_documents__terms__contains=f" ~{term} ")
        condition &= any_form
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).filter(condition)


def add_highlights(rows: Iterable[models.Model], query: str) -> None:
    """Set `search_highlight` on each found row: its stored text's matching passage.

    One query for the page's rows, by the ids the (visibility-filtered) search returned. Not
    selected in the search itself: carrying every match's text through the ranking sort made a
    common word's search several times slower.
    """
    rows = list(rows)  # evaluates (and fills the cache of) a page's queryset once
    if not rows:
        return
    content_type = ContentType.objects.get_for_model(type(rows[0]))
    texts = dict(SearchDocument.objects.filter(content_type=content_type, object_id__in=[r.pk for r in rows])
                 .values_list("object_id", "text"))
    for row in rows:
        row.search_highlight = highlight(texts.get(row.pk, ""), query)


def highlight(text: str, query: str, *, length: int = 240) -> SafeString:
    """The passage of `text` around the first matching word, HTML-escaped, matches in <mark>."""
    text = text or ""
    wanted = set().union(*finnish.query_alternatives(query)) if query.strip() else set()
    matches = [m for m in finnish.WORD_RE.finditer(text)
               if wanted and finnish.word_terms(m.group()[:finnish.MAX_WORD]) & wanted]
    start = 0
    if matches:
        start = max(0, matches[0].start() - length // 4)
        # Begin and end at a word, looking no further than a word's length: a text without spaces
        # (a pasted link, a table) would otherwise make the passage the whole text.
        floor = max(0, start - finnish.MAX_WORD)
        while start > floor and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + length)
    ceiling = min(len(text), end + finnish.MAX_WORD)
    while end < ceiling and not text[end].isspace():
        end += 1
    pieces, cursor = [], start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        pieces.append(html.escape(text[cursor:m.start()]))
        pieces.append(f"<mark>{html.escape(m.group())}</mark>")
        cursor = m.end()
    pieces.append(html.escape(text[cursor:end]))
    passage = "".join(pieces).replace("\n", " ").strip()
    passage = ("… " if start > 0 else "") + passage + (" …" if end < len(text) else "")
    return mark_safe(passage)  # noqa: S308 (every piece of the text went through html.escape)
