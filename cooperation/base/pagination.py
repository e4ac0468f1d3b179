"""Pagination that stays cheap on large lists: the count stops at a ceiling.

An exact COUNT(*) over every visible row costs as much as reading them all (the decisions list
at ten years of use: ~80 000 rows behind a permission filter). A page only needs to know whether
there are more rows than fit on the pages a person will click through, so the count reads at most
`COUNT_CEILING + 1` rows (`SELECT count(*) FROM (… LIMIT n)`); above the ceiling the page says
"more than 10 000" and offers the pages up to the ceiling. Filters (year, body, …) narrow a list
below the ceiling, where the count is exact again.

Pages and the REST API use the same rule: `CappedPaginator` for templates,
`CappedPageNumberPagination` (the DRF default) for `/api/v1/`.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CEILING = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose count is exact up to `ceiling` and `ceiling` (with count_capped) above it."""

    def __init__(self, object_list, per_page, *args, ceiling: int = COUNT_CEILING, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.ceiling = ceiling

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        object_list = self.object_list
        # A QuerySet counts at most ceiling + 1 rows in SQL; a list is already in memory.
        n = object_list.order_by()[: self.ceiling + 1].count() if hasattr(object_list, "query") else len(object_list)
        return min(n, self.ceiling), n > self.ceiling

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def count_capped(self) -> bool:
        """True when there are more rows than the count says (the ceiling was reached)."""
        return self._capped[1]


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
