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

from django.core.paginator import InvalidPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

# Measured on the scale data (docs/performance.md): PostgreSQL reads up to ~250 rows of the decisions
# list along its index, checking each row's visibility (~30 ms); for more it switches to building the
# whole visible set (~200 ms). 200 is four pages of 50.
COUNT_CEILING = 200


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
