"""One visibility rule per model.

A protected model (one with rows some people may not see) declares its rule once, as
`visible_to(user)` on its QuerySet. Everything else derives from that one method:

- lists, search, the API, iCal feeds, PDFs, reports, exports and the admin filter with it;
- the object check `can_be_viewed_by(user)` (VisibilityRuleMixin) asks the same query for one
  row, so a detail page can never disagree with the list it was reached from;
- `tests/test_visibility_rules.py` reads the source and fails when code outside the model's own
  module reads a protected model without going through `visible_to` (or without a
  `# visibility:` comment that says why the read is not shown to a person).

Register a model with `@protected` so the test knows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import models
from django.db.models import BooleanField, F, Func, Subquery

_PROTECTED: list[type[models.Model]] = []

M = TypeVar("M", bound=type[models.Model])


def protected(model: M) -> M:
    """Class decorator: this model's rows are filtered by its QuerySet's `visible_to`."""
    if model not in _PROTECTED:
        _PROTECTED.append(model)
    return model


def protected_models() -> tuple[type[models.Model], ...]:
    return tuple(_PROTECTED)


class VisibilityQuerySet(models.QuerySet):
    """Base of the QuerySets of protected models; subclasses define the rule."""

    def visible_to(self, user) -> VisibilityQuerySet:  # pragma: no cover - always overridden
        raise NotImplementedError(f"{self.model.__name__} must define its visibility rule")

    def visible_to_every(self, readers: Iterable) -> VisibilityQuerySet:
        """The rows every one of `readers` may see: the intersection of their `visible_to` rules.

        For a document rendered once and read by many (the monthly report): its content is what
        each of its readers may see, by the same rule as the pages. No readers: no rows.

        Asked naively — one `pk IN (rule for this reader)` per reader — a report's audience of
        thousands (the steering group and every party's officials, ten years on) made one statement
        of thousands of subqueries, each hashing every row its reader may see, and PostgreSQL ran
        out of memory. The rules only grant (`test_visibility_rules`: what a logged-in person
        without any right sees, every person sees), so the intersection is that floor plus the
        rows beyond it that every reader sees. Those are
        looked for only while no reader has been found who sees nothing beyond the floor, which at
        a real audience is one of the first few; until then the shrinking set of keys is carried
        in Python from reader to reader. Call it on the rows the document is about (after the
        filters, before slicing): their keys are what is carried.
        """
        readers = sorted({reader.pk: reader for reader in readers}.values(),
                         key=lambda reader: (reader.is_superuser, reader.pk))  # superusers see it all
        if not readers:
            return self.none()
        # Among the rows this QuerySet already has (narrow it first — the month, the open ones — and
        # only those keys travel): the floor, then what every reader sees beyond it.
        floor = list(self.visible_to(nobody()).values_list("pk", flat=True))
        beyond: list = []
        for number, reader in enumerate(readers):
            mine = self.visible_to(reader)
            beyond = list((mine.exclude(pk__in=floor) if number == 0 else mine.filter(pk__in=beyond))
                          .values_list("pk", flat=True))
            if not beyond:
                break
        return self.filter(pk__in=[*floor, *beyond])


def nobody():
    """A logged-in person without any right: no role, group, membership, object permission or
    party, and no row of their own (no row has the primary key 0). What the rules show them is
    the floor every logged-in person sees."""
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=0, is_active=True, is_superuser=False, is_staff=False)


class InSubqueryOnce(Func):
    """`path IN (subquery)` for a small set that does not depend on the row (e.g. the bodies a
    person may read), which PostgreSQL computes once: `path = ANY(ARRAY(subquery))`.

    Why: as `IN (subquery)` OR-ed with other conditions, PostgreSQL plans the subquery as a hashed
    SubPlan whose setup the planner charges to every row a join might probe, so a list that needs
    201 rows in index order (the capped count) was planned as hashing every visible row and sorting
    them: 50–80 ms for the decisions at ten years of use. As an InitPlan it is costed once and the
    list walks its index: ~1 ms (docs/performance.md). Other databases get the plain `IN`.
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, path: str, subquery):
        super().__init__(F(path), Subquery(subquery))

    def as_sql(self, compiler, connection, template=None, **extra_context):
        (lhs, lhs_params), (rhs, rhs_params) = (compiler.compile(e) for e in self.get_source_expressions())
        template = template or "%(lhs)s IN %(rhs)s"
        return template % {"lhs": lhs, "rhs": rhs}, (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        # `rhs` is the parenthesised subquery, so this reads `= ANY(ARRAY(SELECT …))`.
        return self.as_sql(compiler, connection, template="%(lhs)s = ANY(ARRAY%(rhs)s)")


class VisibilityRuleMixin:
    """`can_be_viewed_by` derived from the QuerySet rule: one rule, two questions.

    The answer is remembered on the instance per person, so a template that asks twice
    costs one query.
    """

    def can_be_viewed_by(self, user) -> bool:
        if self.pk is None:
            return False
        answers = self.__dict__.setdefault("_visibility_answers", {})
        key = getattr(user, "pk", None)
        if key not in answers:
            rule = type(self)._default_manager.all().visible_to(user)
            answers[key] = rule.filter(pk=self.pk).exists()
        return answers[key]


class VisibleInAdminMixin:
    """For a ModelAdmin of a protected model: the admin's lists read through the same rule."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
