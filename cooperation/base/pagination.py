"""Pagination that stays cheap on large lists: the count stops at a ceiling.

An exact COUNT(*) over every visible row costs as much as reading them all (the decisions list
at ten years of use: ~80 000 rows behind a permission filter; 60–150 ms of SQL for the count alone,
against 15 ms for the page). A page only needs to know whether there are more rows than a person
will page through, so the count reads at most `COUNT_CEILING + 1` rows
(`SELECT count(*) FROM (… LIMIT n)`). Above the ceiling the list says "more than 200" and each
page reads one row more than it shows to know whether a next page exists, so every page stays
reachable (`?page=300` too) without a total. Filters (year, body, …) narrow a list below the
ceiling, where the count and the page total are exact again.

Pages and the REST API use the same rule: `CappedPaginator` for templates,
`CappedPageNumberPagination` (the DRF default) for `/api/v1/`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .query_params import plain_int

# Measured on the scale data (docs/performance.md): PostgreSQL reads up to ~250 rows of the decisions
# list along its index, checking each row's visibility (~30 ms); for more it switches to building the
# whole visible set (~200 ms). 200 is four pages of 50.
COUNT_CEILING = 200
# No list is ever this long; a larger page number is answered as an empty page (404).
MAX_PAGE_NUMBER = 10_000_000


class CappedPaginator(Paginator):
    """A Paginator whose count is exact up to `ceiling` and `ceiling` (with count_capped) above it."""

    def __init__(self, object_list, per_page, *args, ceiling: int = COUNT_CEILING, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.ceiling = ceiling

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        object_list = self.object_list
        # A QuerySet counts at most ceiling + 1 rows in SQL, in the list's own order (so along the
        # index that serves the page); a list is already in memory.
        n = object_list[: self.ceiling + 1].count() if hasattr(object_list, "query") else len(object_list)
        return min(n, self.ceiling), n > self.ceiling

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_capped(self) -> bool:
        """True when there are more rows than the count says (the ceiling was reached)."""
        return self._capped[1]

    def validate_number(self, number):
        if not self.count_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise InvalidPage(self.error_messages["min_page"])
        if number > MAX_PAGE_NUMBER:  # an OFFSET beyond bigint would make the database refuse the query
            raise EmptyPage(self.error_messages["no_results"])
        return number  # no total to compare with: a page past the end is just empty

    def page(self, number):
        number = self.validate_number(number)
        if not self.count_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPage(Page):
    """A page of a list longer than the ceiling: whether a next page exists comes from one extra row."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


def paginate(request, queryset, per_page: int = 50):
    """The requested page (`?page=`) of a list, counted up to the ceiling."""
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


class CappedPageNumberPagination(PageNumberPagination):
    """`/api/v1/` lists: `count` is exact up to the ceiling; `count_capped` says when it stopped there."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": self.page.paginator.count_capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean", "example": False}
        return response


# --- keyset (cursor) pages for the largest lists -------------------------------------------------------
#
# OFFSET n makes PostgreSQL read and check the visibility of every row before the page: page 20 of the
# decisions list at ten years of use took 1.4 s, page 100 2.4 s (EXPLAIN ANALYZE, docs/performance.md).
# A keyset page starts from the last row shown instead ("after" that row's sort key, as a row-value
# comparison the sort-order index serves), so any depth costs what the first page costs. Above the count
# ceiling the list therefore pages by "after"/"before" links; page numbers stay for the first pages,
# whose offsets are cheap, and a page number further than that is answered 404 with the way forward.

OFFSET_PAGES = COUNT_CEILING // 50  # page numbers up to 4 (offset ≤ 150) stay cheap


class Keyset:
    """A list ordered by `fields` (model attribute names), all descending, last field unique within the rest."""

    def __init__(self, *fields: str):
        self.fields = fields

    def cursor(self, row) -> str:
        return ".".join(str(getattr(row, f)) for f in self.fields)

    def parse(self, raw: str | None) -> tuple[int, ...] | None:
        """The key of a cursor, or None for anything that is not one (the list then starts at its first page)."""
        parts = [plain_int(part, max_digits=12) for part in (raw or "").split(".")]
        if len(parts) != len(self.fields) or None in parts:
            return None
        return tuple(parts)

    def _where(self, queryset, values, op: str):
        model = queryset.model
        columns = ", ".join(f'"{model._meta.db_table}"."{model._meta.get_field(f.removesuffix("_id")).column}"'
                            for f in self.fields)
        marks = ", ".join(["%s"] * len(values))
        # A row-value comparison, which the ORM has no public expression for. Nothing from the request
        # is put into the SQL: the columns come from the model, the values are integers passed as
        # parameters (parse() accepts digits only).
        return queryset.extra(where=[f"({columns}) {op} ({marks})"], params=list(values))  # noqa: S610

    def after(self, queryset, values):
        return self._where(queryset, values, "<")

    def before(self, queryset, values):
        return self._where(queryset, values, ">")


class KeysetPage:
    """One page of a keyset-paged list: its rows and the query strings of the pages around it."""

    keyset = True

    def __init__(self, rows, *, paginator, params, keyset: Keyset, has_next: bool, has_previous: bool,
                 previous_is_first: bool):
        self.object_list = rows
        self.paginator = paginator
        self.number = None
        self._has_next, self._has_previous = has_next and bool(rows), has_previous
        base = {k: v for k, v in params.items() if k not in ("page", "after", "before")}
        self.first_query = urlencode(base)
        self.next_query = urlencode({**base, "after": keyset.cursor(rows[-1])}) if self._has_next else ""
        if not has_previous:
            self.previous_query = ""
        elif previous_is_first or not rows:
            self.previous_query = self.first_query
        else:
            self.previous_query = urlencode({**base, "before": keyset.cursor(rows[0])})

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_other_pages(self) -> bool:
        return self._has_next or self._has_previous


class DeepPageRefused(Exception):
    """A page number past the cheap ones on a list above the ceiling: follow the next-page links instead."""


def keyset_paginate(params, queryset, keyset: Keyset, per_page: int = 50):
    """The requested page of a list ordered by `keyset` (descending): numbered pages while the list is
    short or the page is one of the first `OFFSET_PAGES`, keyset pages (`after=` / `before=`) beyond.
    `params` is the request's query dict. Raises DeepPageRefused for a page number past the cheap ones."""
    paginator = CappedPaginator(queryset, per_page)
    after, before = keyset.parse(params.get("after")), keyset.parse(params.get("before"))
    if after is None and before is None:
        if not paginator.count_capped:
            return paginator.get_page(params.get("page"))
        try:
            number = int(params.get("page") or 1)
        except ValueError:
            number = 1
        if number > OFFSET_PAGES:
            raise DeepPageRefused
        page = paginator.page(max(number, 1))
        rows = list(page.object_list)
        keyed = KeysetPage(rows, paginator=paginator, params=params, keyset=keyset, has_next=page.has_next(),
                           has_previous=number > 1, previous_is_first=number == 2)
        keyed.number = number
        return keyed
    if after is not None:
        rows = list(keyset.after(queryset, after)[: per_page + 1])
        return KeysetPage(rows[:per_page], paginator=paginator, params=params, keyset=keyset,
                          has_next=len(rows) > per_page, has_previous=True, previous_is_first=False)
    rows = list(keyset.before(queryset, before).reverse()[: per_page + 1])[::-1]
    more_before = len(rows) > per_page
    rows = rows[-per_page:]
    return KeysetPage(rows, paginator=paginator, params=params, keyset=keyset, has_next=True,
                      has_previous=more_before, previous_is_first=not more_before)

