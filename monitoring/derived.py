"""Employment-area, region and country figures computed from their municipalities, never averaged.

A rate is the sum of its numerators over the sum of its denominators (unemployed / labour force),
a count is a sum; a metric marked not aggregable (averages, indices, shares whose denominator the
catalogue lacks) is never computed and comes only from the source. One component suppressed makes
the aggregate suppressed (a sum without it would be wrong, and subtracting could reveal it); one
component missing leaves the aggregate missing. A derived value says which municipalities it was
computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .models import Metric

FOUR_PLACES = Decimal("0.0001")

# (metric id, area code, month) → (value, suppressed), or None when there is no observation.
Lookup = Callable[[int, str, dt.date], "tuple[Decimal | None, bool] | None"]


@dataclass(frozen=True)
class Derived:
    value: Decimal | None
    suppressed: bool
    components: tuple[str, ...]
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def component_metrics(metric: Metric) -> list[int]:
    """The metrics whose municipal values a derived value of `metric` needs."""
    if metric.aggregation == Metric.Aggregation.SUM:
        return [metric.pk]
    if metric.aggregation == Metric.Aggregation.RATIO and metric.numerator_id and metric.denominator_id:
        return [metric.numerator_id, metric.denominator_id]
    return []


def _sum(metric_id: int, municipalities: list[str], month: dt.date, lookup: Lookup):
    """(total, suppressed, missing municipalities)."""
    total, suppressed, missing = Decimal(0), False, []
    for code in municipalities:
        cell = lookup(metric_id, code, month)
        if cell is None:
            missing.append(code)
        elif cell[1]:
            suppressed = True
        else:
            total += cell[0]
    return total, suppressed, missing


def derive(metric: Metric, municipalities: list[str], month: dt.date, lookup: Lookup) -> Derived | None:
    """The metric's value over these municipalities, or None when the metric is not aggregable."""
    parts = component_metrics(metric)
    if not parts or not municipalities:
        return None
    components = tuple(municipalities)
    sums = [_sum(metric_id, municipalities, month, lookup) for metric_id in parts]
    missing = tuple(sorted({code for _total, _supp, miss in sums for code in miss}))
    if any(suppressed for _total, suppressed, _miss in sums):
        return Derived(None, True, components, missing)
    if missing:
        return Derived(None, False, components, missing)
    if metric.aggregation == Metric.Aggregation.SUM:
        return Derived(sums[0][0].quantize(FOUR_PLACES), False, components)
    numerator, denominator = sums[0][0], sums[1][0]
    if denominator == 0:
        return Derived(None, False, components, components)
    scale = Decimal(100) if metric.unit == Metric.Unit.PERCENT else Decimal(1)
    return Derived((numerator * scale / denominator).quantize(FOUR_PLACES), False, components)
