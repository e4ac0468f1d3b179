"""The observations behind a page or a report: one query for the scope's areas and months, plus one
for the municipalities of aggregates the source does not give (computed by monitoring.derived).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cooperation.base.numbers import format_number

from . import derived
from .areas import AreaRegistry
from .models import Metric, Observation


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(last: dt.date, count: int = 24) -> list[dt.date]:
    return [add_months(last, -k) for k in range(count - 1, -1, -1)]


def month_range_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return month_range(last, (last.year - first.year) * 12 + last.month - first.month + 1)


def format_change(metric: Metric, change: Decimal | None) -> str:
    """A change as Finns write it: "+0,4 %-yks.", "−1\u202f200"; "–" when there is nothing to compare."""
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    text = format_number(abs(change), metric.decimals)
    unit = _("pp") if metric.unit == Metric.Unit.PERCENT else metric.unit_symbol
    return f"{sign}{text}\u00a0{unit}".rstrip()


@dataclass(slots=True)
class Value:
    """A cell as shown: a value, suppressed (never 0), or missing. `derived_from` names the
    municipalities a computed aggregate was summed from (empty for a value from the source)."""

    value: Decimal | None
    suppressed: bool = False
    derived_from: tuple[str, ...] = ()

    def text(self, metric: Metric) -> str:
        if self.suppressed:
            return _("suppressed")
        return metric.format(self.value) if self.value is not None else "–"

    def marked_text(self, metric: Metric) -> str:
        """The text with a mark for a computed value (the page explains the mark below the table)."""
        return f"{self.text(metric)} *" if self.derived_from else self.text(metric)




def component_names(municipalities, registry: AreaRegistry) -> str:
    """The municipalities a computed value was summed from, by name; the whole country's as their
    number (three hundred names help nobody)."""
    codes = sorted(municipalities, key=registry.sort_key)
    if len(codes) > 1 and len(codes) == len(registry.codes_of_kind("municipality")):
        return _("all %(n)s municipalities") % {"n": format_number(len(codes), 0)}
    return ", ".join(registry.name(c) for c in codes)


class DataSet:
    """Observations of the scope's areas for 25 months (24 shown + the year-ago month), one query."""

    def __init__(self, *, month: dt.date, area_codes: list[str], metrics: list[Metric], months: int = 24,
                 registry: AreaRegistry | None = None):
        self.month = month
        self.months = month_range(month, months)
        self.area_codes = area_codes
        self.metrics = metrics
        self.first = min(self.months[0], add_months(month, -12))
        self.cells: dict[tuple[int, str, dt.date], Value] = {}
        rows = Observation.objects.totals().filter(
            metric__in=metrics, area_code__in=area_codes, month__gte=self.first, month__lte=month,
        ).values_list("metric_id", "area_code", "month", "value", "suppressed")
        for metric_id, area_code, obs_month, value, suppressed in rows:
            self.cells[(metric_id, area_code, obs_month)] = Value(value, suppressed)
        self._derive_missing(registry or AreaRegistry())

    def _derive_missing(self, registry: AreaRegistry) -> None:
        """Aggregates the source does not give, computed from their municipalities (one more query)."""
        aggregates = [c for c in self.area_codes
                      if c in registry.by_code and registry.by_code[c].kind != "municipality"]
        aggregable = [m for m in self.metrics if derived.component_metrics(m)]
        all_months = month_range_between(self.first, self.month)
        wanted = [(metric, code, m) for metric in aggregable for code in aggregates for m in all_months
                  if (metric.pk, code, m) not in self.cells]
        if not wanted:
            return
        members = {(code, m): registry.municipalities_of(code, m) for code in aggregates for m in all_months}
        component_codes = {c for codes in members.values() for c in codes}
        metric_ids = {pk for metric in aggregable for pk in derived.component_metrics(metric)}
        found = {(metric_id, code, m): (value, suppressed) for metric_id, code, m, value, suppressed in
                 Observation.objects.totals().filter(
                     metric_id__in=metric_ids, area_code__in=component_codes, month__gte=self.first,
                     month__lte=self.month).values_list("metric_id", "area_code", "month", "value", "suppressed")}
        for metric, code, m in wanted:
            result = derived.derive(metric, members[(code, m)], m, lambda *key: found.get(key))
            if result is not None and (result.suppressed or result.value is not None):
                self.cells[(metric.pk, code, m)] = Value(result.value, result.suppressed, result.components)

    def get(self, metric: Metric, area_code: str, month: dt.date) -> Value | None:
        return self.cells.get((metric.pk, area_code, month))

    def number(self, metric: Metric, area_code: str, month: dt.date) -> Decimal | None:
        cell = self.get(metric, area_code, month)
        return cell.value if cell and not cell.suppressed else None


