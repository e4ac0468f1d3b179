"""The monthly report's content: summary, charts with tables, comparison, decisions, commentary.

Plain functions, testable without Celery. `report_html()` builds the HTML the worker turns into
a tagged PDF; the monitoring pages reuse `metric_series()` and the chart for the browser.
A constant number of queries whatever the size of the data set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.pdf import render_html

from . import charts, selectors
from .areas import COUNTRY, REGION, AreaRegistry, authority_area_codes
from .models import Commentary, Metric, Observation, Target

TEMPLATE = "pdf/monitoring/report.html"
MISSING = object()


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(last: dt.date, count: int = 24) -> list[dt.date]:
    return [add_months(last, -k) for k in range(count - 1, -1, -1)]


@dataclass
class Value:
    """A cell as shown: a value, suppressed (never 0), or missing."""

    value: Decimal | None
    suppressed: bool = False

    def text(self, metric: Metric) -> str:
        if self.suppressed:
            return _("suppressed")
        return metric.format(self.value) if self.value is not None else "–"


@dataclass
class Trend:
    arrow: str
    words: str


def trend(change: Decimal | None, direction: str) -> Trend:
    """A direction-aware marker that does not rely on colour: an arrow and words."""
    if change is None:
        return Trend("–", _("no comparison"))
    if change == 0:
        return Trend("→", _("unchanged"))
    up = change > 0
    arrow = "↑" if up else "↓"
    if direction == Metric.Direction.NEUTRAL:
        return Trend(arrow, _("increased") if up else _("decreased"))
    good = up == (direction == Metric.Direction.HIGHER)
    return Trend(arrow, (_("increased, better") if up else _("decreased, better")) if good
                 else (_("increased, worse") if up else _("decreased, worse")))


def format_change(metric: Metric, change: Decimal | None) -> str:
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    text = f"{abs(change):,.{metric.decimals}f}".replace(",", "\u202f").replace(".", ",")
    unit = _("pp") if metric.unit == Metric.Unit.PERCENT else metric.unit_symbol
    return f"{sign}{text}\u00a0{unit}".rstrip()


class DataSet:
    """Observations of the scope's areas for 25 months (24 shown + the year-ago month), one query."""

    def __init__(self, *, month: dt.date, area_codes: list[str], metrics: list[Metric], months: int = 24):
        self.month = month
        self.months = month_range(month, months)
        self.area_codes = area_codes
        self.metrics = metrics
        first = min(self.months[0], add_months(month, -12))
        self.cells: dict[tuple[int, str, dt.date], Value] = {}
        rows = Observation.objects.totals().filter(
            metric__in=metrics, area_code__in=area_codes, month__gte=first, month__lte=month,
        ).values_list("metric_id", "area_code", "month", "value", "suppressed")
        for metric_id, area_code, obs_month, value, suppressed in rows:
            self.cells[(metric_id, area_code, obs_month)] = Value(value, suppressed)

    def get(self, metric: Metric, area_code: str, month: dt.date) -> Value | None:
        return self.cells.get((metric.pk, area_code, month))

    def number(self, metric: Metric, area_code: str, month: dt.date) -> Decimal | None:
        cell = self.get(metric, area_code, month)
        return cell.value if cell and not cell.suppressed else None


def targets_for(metrics: list[Metric], month: dt.date) -> dict[tuple[int, str], Target]:
    """Targets in force in the month, by (metric, area code or "")."""
    found = {}
    for target in Target.objects.filter(metric__in=metrics, period_start__lte=month, period_end__gte=month):
        found[(target.metric_id, target.area_code)] = target
    return found


def summary_rows(data: DataSet, headline_area: str, targets: dict) -> list[dict]:
    rows = []
    prev, year_ago = add_months(data.month, -1), add_months(data.month, -12)
    for metric in data.metrics:
        current = data.get(metric, headline_area, data.month)
        now = data.number(metric, headline_area, data.month)
        before, last_year = data.number(metric, headline_area, prev), data.number(metric, headline_area, year_ago)
        change_month = now - before if now is not None and before is not None else None
        change_year = now - last_year if now is not None and last_year is not None else None
        target = targets.get((metric.pk, headline_area)) or targets.get((metric.pk, ""))
        rows.append({
            "metric": metric,
            "value": (current or Value(None)).text(metric),
            "suppressed": bool(current and current.suppressed),
            "change_month": format_change(metric, change_month),
            "change_year": format_change(metric, change_year),
            "target": metric.format(target.value) if target else "–",
            "trend": trend(change_year if change_year is not None else change_month, metric.good_direction),
        })
    return rows


def metric_series(data: DataSet, metric: Metric, registry: AreaRegistry, area_codes: list[str]) -> dict:
    """Chart + table for one metric: rows = months, columns = areas."""
    series, table = [], []
    for code in area_codes:
        area = registry.by_code.get(code)
        series.append((area.name if area else code, [data.number(metric, code, m) for m in data.months]))
    for month in data.months:
        table.append({"month": month, "cells": [(data.get(metric, code, month) or Value(None)).text(metric)
                                                for code in area_codes]})
    title = _("%(metric)s, %(first)s–%(last)s") % {
        "metric": metric.name, "first": f"{data.months[0]:%m/%Y}", "last": f"{data.months[-1]:%m/%Y}"}
    svg = charts.line_chart(title=title, months=data.months, series=series, decimals=metric.decimals,
                            unit=metric.unit_symbol)
    # The PDF's table beside the chart: rows = areas, columns = key months of the window. Every value
    # of the 24 months is on the monitoring pages and in the API; 24 × 12 cells per metric would make
    # the PDF ~5,000 table cells and far slower than the 3 s budget (see docs/performance.md).
    key_months = sorted({data.months[0], add_months(data.month, -12), add_months(data.month, -1), data.month})
    swatches = charts.legend(len(area_codes))
    key_rows = [{"area": name, "swatch": swatch,
                 "cells": [(data.get(metric, code, m) or Value(None)).text(metric) for m in key_months]}
                for (name, _values), code, swatch in zip(series, area_codes, swatches, strict=True)]
    return {"metric": metric, "svg": svg, "title": title,
            "areas": [{"name": name, "swatch": swatch} for (name, _v), swatch in zip(series, swatches, strict=True)],
            "table": table, "key_months": key_months, "key_rows": key_rows}


def report_context(*, month: dt.date, authority=None, report=None) -> dict:
    registry = AreaRegistry()
    area_codes = [c for c in authority_area_codes(authority, month) if c in registry.by_code]
    municipalities = [c for c in area_codes if c.startswith("KU")]
    if authority is None:
        headline = REGION
    elif authority.party_id:
        headline = authority.party.statfin_code
    else:
        headline = next((c for c in area_codes if c.startswith("TA")), REGION)
    metrics = list(Metric.objects.filter(is_active=True, number__isnull=False))
    data = DataSet(month=month, area_codes=area_codes, metrics=metrics)
    targets = targets_for(metrics, month)
    chart_areas = municipalities + [c for c in area_codes if not c.startswith("KU") and c != COUNTRY]
    commentary = Commentary.objects.filter(month=month).first()
    comparison = [{"metric": m, "cells": [(data.get(m, c, month) or Value(None)).text(m) for c in area_codes]}
                  for m in metrics]
    return {
        "report": report,
        "month": month,
        "scope_label": str(authority) if authority else _("Steering group"),
        "headline_area": registry.by_code.get(headline),
        "summary": summary_rows(data, headline, targets),
        "charts": [metric_series(data, m, registry, chart_areas) for m in metrics],
        "comparison_areas": [registry.by_code[c] for c in area_codes],
        "comparison": comparison,
        "decisions": selectors.decisions_in_month(year=month.year, month=month.month),
        "action_items": selectors.open_action_items(on=add_months(month, 1) - dt.timedelta(days=1)),
        "quota_usage": selectors.quota_usage(year=month.year),
        "disruptions": selectors.open_disruption_reports(),
        "commentary": commentary,
        "generated_at": timezone.localtime(),
        "colours": charts.COLOURS,
    }


def report_html(*, month: dt.date, authority=None, language: str = "fi", report=None) -> str:
    with translation.override(language):
        context = report_context(month=month, authority=authority, report=report)
        return render_html(TEMPLATE, context, language=language)


def latest_values_provider(metric_codes: list[str], area_code: str | None):
    """cooperation.indicator_values provider: the newest non-missing observation per metric."""
    from cooperation.indicator_values import LatestValue

    area_code = area_code or REGION
    metrics = {m.pk: m for m in Metric.objects.filter(Q(code__in=metric_codes) | Q(source_code__in=metric_codes))}
    found = {}
    rows = (Observation.objects.totals().filter(metric_id__in=metrics, area_code=area_code)
            .order_by("metric_id", "-month").values_list("metric_id", "month", "value", "suppressed"))
    for metric_id, month, value, suppressed in rows:
        metric = metrics[metric_id]
        for code in {metric.code, metric.source_code} & set(metric_codes):
            found.setdefault(code, LatestValue(metric_code=code, area_code=area_code, month=f"{month:%Y-%m}",
                                               value=None if suppressed else value, unit=metric.unit_symbol
                                               or metric.get_unit_display(), suppressed=suppressed))
    return found
