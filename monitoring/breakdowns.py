"""Breakdown charts for the metric pages: one chart per area, one line per breakdown value.

Metrics 8–10 are reported by service line (Metric.breakdown = "service_line"); their breakdown
rows are observations with a non-empty `breakdown`, beside the total (breakdown ""), which the
report and the area charts use through `.totals()`. Web pages only: the PDF report shows totals.
One query whatever the number of areas, breakdown values and months.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.base.query_params import plain_int

from . import charts
from .areas import AreaRegistry
from .models import Metric, Observation
from .reports import Value, month_range

# The three service lines of public employment services (catalogue.SERVICE_LINES holds the Finnish
# source names); files carry the number. Unknown values are shown as they are in the data.
LABELS = {
    "service_line": {
        "1": gettext_lazy("Service line 1: job placement services"),
        "2": gettext_lazy("Service line 2: competence development services"),
        "3": gettext_lazy("Service line 3: supported employment services"),
    },
}
KIND_LABELS = {"service_line": gettext_lazy("service line")}


def label(kind: str, value: str) -> str:
    return str(LABELS.get(kind, {}).get(value, value))


def _sort_key(value: str):
    # "1", "2", "10" in numeric order; named values after numbers, alphabetically.
    number = plain_int(value)
    return (0, number, "") if number is not None else (1, 0, value)


def breakdown_charts(*, metric: Metric, month: dt.date, area_codes: list[str], registry: AreaRegistry,
                     months: int = 24) -> list[dict]:
    """Charts in the shape of reports.metric_series (svg, title, areas = legend, table = rows per month)
    for each area in `area_codes` (in that order) that has breakdown rows in the window."""
    if not metric.breakdown:
        return []
    window = month_range(month, months)
    rows = (Observation.objects.filter(metric=metric, area_code__in=area_codes, month__gte=window[0],
                                       month__lte=month)
            .exclude(breakdown="").values_list("area_code", "breakdown", "month", "value", "suppressed"))
    cells: dict[str, dict[str, dict[dt.date, Value]]] = {}
    for area_code, breakdown, obs_month, value, suppressed in rows:
        cells.setdefault(area_code, {}).setdefault(breakdown, {})[obs_month] = Value(value, suppressed)
    kind = str(KIND_LABELS.get(metric.breakdown, metric.breakdown))
    found = []
    for code in area_codes:
        by_value = cells.get(code)
        if not by_value:
            continue
        values = sorted(by_value, key=_sort_key)
        area_name = registry.name(code)
        # Suppressed and missing months are gaps in the line, never zero.
        series = [(label(metric.breakdown, v),
                   [c.value if (c := by_value[v].get(m)) and not c.suppressed else None for m in window])
                  for v in values]
        title = _("%(metric)s by %(kind)s, %(area)s, %(first)s–%(last)s") % {
            "metric": metric.name, "kind": kind, "area": area_name,
            "first": f"{window[0]:%m/%Y}", "last": f"{window[-1]:%m/%Y}"}
        svg = charts.line_chart(title=title, months=window, series=series, decimals=metric.decimals,
                                unit=metric.unit_symbol)
        table = [{"month": m, "cells": [(by_value[v].get(m) or Value(None)).text(metric) for v in values]}
                 for m in window]
        found.append({"area_code": code, "area": area_name, "title": title, "svg": svg, "table": table,
                      "areas": charts.legend_rows(series)})
    return found
