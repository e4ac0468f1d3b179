"""The monthly report's content: summary, charts with comparison tables, decisions, commentary.

Plain functions, testable without Celery. `report_html()` builds the HTML the worker turns into
a tagged PDF; the monitoring pages reuse `metric_series()` and the chart for the browser.
A constant number of queries whatever the size of the data set.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.pdf import PdfAttachment, render_html
from parties.models import EmploymentAuthority

from . import charts, follow_up, selectors
from .areas import COUNTRY, REGION, AreaRegistry, authority_area_codes
from .dataset import (  # noqa: F401 (re-exported)
    DataSet,
    Value,
    add_months,
    component_names,
    format_change,
    month_range,
    month_range_between,
)
from .keyfigures import authority_figures, headline_code
from .models import Commentary, Metric, Observation, Target, report_audience
from .standing import where_we_stand

TEMPLATE = "pdf/monitoring/report.html"
MISSING = object()
# A report stays a report at any size of the portal: the decisions and open action items are counted
# by body (and status) in full, but only the most important LIST_LIMIT of each are printed, with the
# address of the full list in the portal. The comparison table of a chart is split into tables of
# TABLE_ROWS areas (a page each at most).
LIST_LIMIT = 15
TABLE_ROWS = 40
# The CSV of every value is attached as it is up to this size and gzip-compressed above it
# (300 areas × 20 metrics × 24 months is ~9 MB as text, ~1 MB compressed).
CSV_COMPRESS_ABOVE = 1_000_000


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


def chart_title(metric: Metric, months: list[dt.date]) -> str:
    return _("%(metric)s, %(first)s–%(last)s") % {
        "metric": metric.name, "first": f"{months[0]:%m/%Y}", "last": f"{months[-1]:%m/%Y}"}


def area_series(data: DataSet, metric: Metric, registry: AreaRegistry, area_codes: list[str]) -> list[tuple]:
    """A chart's lines: (area name, values of the 24 months; None where suppressed or missing)."""
    return [(registry.name(code), [data.number(metric, code, m) for m in data.months]) for code in area_codes]


def draws_country(metric: Metric) -> bool:
    """The whole country is drawn for rates, durations and indices; beside the country's count a
    municipality's count would be a flat line at the bottom of the chart (it stays in the table)."""
    return metric.unit not in (Metric.Unit.COUNT, Metric.Unit.EURO)


def target_line(metric: Metric, months: list[dt.date], targets: list[Target], area_codes: list[str]) -> list:
    """The target in force in each month, for the first of `area_codes` that has one, else for every area."""
    def in_force(month: dt.date) -> Decimal | None:
        found = {t.area_code: t.value for t in targets
                 if t.metric_id == metric.pk and t.period_start <= add_months(month, 1) - dt.timedelta(days=1)
                 and t.period_end >= month}
        return next((found[c] for c in [*area_codes, ""] if c in found), None)
    return [in_force(m) for m in months]


def chart_parts(data: DataSet, metric: Metric, registry: AreaRegistry, area_codes: list[str], *,
                highlight: list[str], targets: list[Target], markers=(), for_print: bool = False) -> dict:
    """The chart (small multiples when more than five areas are highlighted) and its series' roles."""
    codes = [c for c in area_codes if c != COUNTRY or draws_country(metric)]
    series = area_series(data, metric, registry, codes)
    names = dict(zip(codes, (name for name, _values in series), strict=True))
    country = names.get(COUNTRY)
    strong = [names[c] for c in highlight if c in names and c != COUNTRY]
    title = chart_title(metric, data.months)
    panels = charts.line_charts(title=title, months=data.months, series=series, highlight=strong, country=country,
                                decimals=metric.decimals, unit=metric.unit_symbol, for_print=for_print,
                                target=target_line(metric, data.months, targets, [c for c in highlight if c in names]),
                                markers=markers)
    return {"title": title, "series": series, "codes": codes, "panels": panels, "strong": strong, "country": country,
            "roles": charts.roles([name for name, _v in series], strong, country)}


def metric_series(data: DataSet, metric: Metric, registry: AreaRegistry, area_codes: list[str], *,
                  highlight: list[str] | None = None, markers=()) -> dict:
    """Chart + table for one metric on a page: rows = months, columns = every area drawn (highlighted
    first, then the context areas, then the country). `highlight`: the viewer's areas' codes."""
    targets = list(Target.objects.filter(metric=metric, period_end__gte=data.months[0],
                                         period_start__lte=data.month))
    parts = chart_parts(data, metric, registry, area_codes, highlight=highlight or [], targets=targets,
                        markers=markers)
    rows = charts.legend_rows(parts["series"], parts["strong"], parts["country"])
    order = {name: k for k, name in enumerate(row["name"] for row in rows)}
    columns = sorted(parts["codes"], key=lambda code: order[registry.name(code)])
    table = [{"month": month, "cells": [(data.get(metric, code, month) or Value(None)).marked_text(metric)
                                        for code in columns]} for month in data.months]
    return {"metric": metric, "svg": "".join(p["svg"] for p in parts["panels"]), "panels": parts["panels"],
            "title": parts["title"], "areas": rows, "table": table, "markers": list(markers),
            "derived": derived_notes(data, metric, registry, columns)}


def derived_notes(data: DataSet, metric: Metric, registry: AreaRegistry, area_codes: list[str]) -> list[dict]:
    """For each area with computed values: its name and the municipalities they were computed from."""
    notes = []
    for code in area_codes:
        sources = {data.cells[key].derived_from for key in ((metric.pk, code, m) for m in data.months)
                   if key in data.cells and data.cells[key].derived_from}
        if sources:
            notes.append({"area": registry.name(code), "municipalities": component_names(
                {c for group in sources for c in group}, registry)})
    return notes


def report_chart(data: DataSet, metric: Metric, registry: AreaRegistry, table_areas: list[str], *,
                 highlight: list[str], targets: list[Target], markers=()) -> dict:
    """One metric in the PDF: the 24-month chart (the scope's areas highlighted, the others as grey
    context, the country dashed, the target as a band) and, beside it, the comparison of every area
    drawn: the month's value and its change from a year earlier.

    WeasyPrint spends 1–2 ms of CPU on every table cell, so the PDF's table has one cell an area
    ("8,0 % (−0,9 %-yks.)", as printed statistics write it) rather than all 24 × 12 values the chart
    draws: those are on the monitoring pages, in the API, and attached to the PDF as CSV.
    """
    def cell(code: str) -> str:
        current = data.get(metric, code, data.month) or Value(None)
        now, before = data.number(metric, code, data.month), data.number(metric, code, year_ago)
        if now is None or before is None:
            return current.text(metric)
        return f"{current.text(metric)} ({format_change(metric, now - before)})"

    year_ago = add_months(data.month, -12)
    parts = chart_parts(data, metric, registry, table_areas, highlight=highlight, targets=targets,
                        markers=markers, for_print=True)
    roles = parts["roles"]
    rank = {"highlight": 0, "context": 1, "country": 2}
    ordered = sorted(table_areas, key=lambda c: rank[roles.get(registry.name(c), charts.CONTEXT_SWATCH)["role"]])
    rows = [{"area": registry.name(code), "swatch": roles.get(registry.name(code)), "value": cell(code),
             "strong": roles.get(registry.name(code), {}).get("role") == "highlight"} for code in ordered]
    alt = " ".join([_("Line chart: %(title)s.") % {"title": parts["title"]}, charts.describe(
        strong=parts["strong"], country=parts["country"], target=any(
            t.metric_id == metric.pk for t in targets), markers=len(markers),
        context=sum(1 for r in roles.values() if r["role"] == "context")),
        _("Every value is in the attached CSV file.")])
    # Tables of TABLE_ROWS rows: WeasyPrint lays out one long table as a whole (time and memory grow
    # faster than the rows), and a reader finds an area faster in page-sized tables.
    pages = [rows[k:k + TABLE_ROWS] for k in range(0, len(rows), TABLE_ROWS)] or [[]]
    return {"metric": metric, "images": [charts.image_src(p["svg"]) for p in parts["panels"]],
            "image": charts.image_src(parts["panels"][0]["svg"]), "alt": alt, "year_ago": year_ago, "rows": rows,
            "row_pages": pages}


def _portal_url(name: str, query: str = "") -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name) + (f"?{query}" if query else "")


def decisions_summary(rows: list[dict], *, month: dt.date, limit: int = LIST_LIMIT) -> dict:
    """The month's decisions in bounded form: counts by body, the `limit` latest (the selector gives
    meeting order; the latest meetings matter most to a reader of the month) and the full list's address.

    Only the selector's rows are used (monitoring reads other apps through monitoring.selectors only).
    """
    by_body = Counter(r["body"] for r in rows)
    return {
        "total": len(rows), "shown": rows[-limit:] if limit else [], "more": max(0, len(rows) - limit),
        "by_body": sorted(by_body.items(), key=lambda kv: (-kv[1], kv[0])),
        "link": _portal_url("workgroups:decision-list", f"year={month.year}"),
    }


def action_items_summary(rows: list[dict], *, limit: int = LIST_LIMIT) -> dict:
    """Open action items in bounded form: counts by body and status (overdue apart), the `limit` most
    urgent (overdue first, then by due date: the selector's order) and the address of the full list."""
    statuses: list[str] = []
    table: dict[str, Counter] = {}
    for row in rows:
        status = _("overdue") if row["overdue"] else row["status"]
        if status not in statuses:
            statuses.append(status)
        table.setdefault(row["body"], Counter())[status] += 1
    urgent = sorted(rows, key=lambda r: (not r["overdue"], r["due_date"] or dt.date.max))
    return {
        "total": len(rows), "shown": urgent[:limit], "more": max(0, len(rows) - limit),
        "overdue": sum(1 for r in rows if r["overdue"]), "statuses": statuses,
        "by_body": [{"body": body, "counts": [counts[s] for s in statuses], "total": sum(counts.values())}
                    for body, counts in sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))],
        "link": _portal_url("workgroups:action-list"),
    }


def data_attachment(data_csv: bytes, month: dt.date) -> PdfAttachment:
    """The CSV of every value; gzip-compressed when large (a 300-area report would otherwise carry
    megabytes of text inside the PDF)."""
    name = _("monitoring-data-%(month)s.csv") % {"month": f"{month:%Y-%m}"}
    description = _("All values of the report's charts and tables")
    if len(data_csv) > CSV_COMPRESS_ABOVE:
        return PdfAttachment(name + ".gz", gzip.compress(data_csv, compresslevel=6, mtime=0),
                             description + " " + _("(compressed with gzip)"))
    return PdfAttachment(name, data_csv, description)


def report_data_csv(data: DataSet, registry: AreaRegistry) -> bytes:
    """Every value behind the report's charts and tables, for a spreadsheet (UTF-8 with BOM and `;`,
    as Finnish Excel opens it); suppressed values are marked, never written as 0."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["metric", "metric_name", "area_code", "area_name", "month", "value", "status"])
    # Names looked up once: a translated name costs a language lookup, and there are ~8,000 rows.
    metric_names = {metric.pk: (metric.code, metric.name) for metric in data.metrics}
    area_names = {code: registry.name(code) for code in data.area_codes}
    metric_order = {metric.pk: k for k, metric in enumerate(data.metrics)}
    area_order = {code: k for k, code in enumerate(data.area_codes)}
    shown = {month: f"{month:%Y-%m}" for month in data.months}
    for (metric_id, code, month), cell in sorted(data.cells.items(), key=lambda item: (
            metric_order[item[0][0]], area_order[item[0][1]], item[0][2])):
        if month not in shown:
            continue
        value = "" if cell.suppressed or cell.value is None else str(cell.value).replace(".", ",")
        status = "suppressed" if cell.suppressed else ""
        if cell.derived_from:
            status = (status + " " if status else "") + "derived from " + " ".join(cell.derived_from)
        writer.writerow([*metric_names[metric_id], code, area_names[code], shown[month], value, status])
    return ("\ufeff" + out.getvalue()).encode()


def report_context(*, month: dt.date, authority=None, report=None, readers=None) -> dict:
    """The report's content. `readers`: its audience, by default everyone who may download reports
    (models.report_audience); the decisions, action items and disruption reports are those every
    reader may see by the rules of their own apps. Disruption reports of several parties are only
    counted, never named."""
    readers = list(report_audience() if readers is None else readers)
    registry = AreaRegistry()
    area_codes = [c for c in authority_area_codes(authority, month) if c in registry.by_code]
    if authority is None:
        headline = REGION
    elif authority.party_id:
        headline = authority.party.statfin_code
    else:
        headline = next((c for c in area_codes if c.startswith("TA")), REGION)
    metrics = list(Metric.objects.filter(is_active=True, number__isnull=False))
    data = DataSet(month=month, area_codes=area_codes, metrics=metrics, registry=registry)
    targets = targets_for(metrics, month)
    # The scope's authorities are highlighted; every other area of the scope is a grey context line.
    scope = [authority] if authority else list(EmploymentAuthority.objects.select_related(
        "party", "employment_area__responsible_municipality").order_by("name_fi"))
    highlight = [code for a in scope if (code := headline_code(a)) in area_codes] or [headline]
    chart_targets = list(Target.objects.filter(metric__in=metrics, period_end__gte=data.months[0],
                                               period_start__lte=month))
    commentary = Commentary.objects.filter(month=month).first()
    last_day = add_months(month, 1) - dt.timedelta(days=1)
    return {
        "report": report,
        "month": month,
        "scope_label": str(authority) if authority else _("Steering group"),
        "headline_area": registry.by_code.get(headline),
        "summary": summary_rows(data, headline, targets),
        "key_figures": authority_figures(scope, month=month, registry=registry),
        "charts": [report_chart(data, m, registry, area_codes, highlight=highlight, targets=chart_targets)
                   for m in metrics],
        "decisions": decisions_summary(
            selectors.decisions_in_month(year=month.year, month=month.month, readers=readers), month=month),
        "action_items": action_items_summary(selectors.open_action_items(on=last_day, readers=readers)),
        "quota_usage": selectors.quota_usage(year=month.year),
        "disruptions": selectors.open_disruption_reports(readers=readers),
        "disruption_counts": selectors.disruption_counts(),
        "commentary": commentary,
        "generated_at": timezone.localtime(),
        "colours": charts.COLOURS,
        "data_csv": report_data_csv(data, registry),
        "standings": _standings(metrics, month, registry),
        "follow_up": follow_up.report_rows(month=month, readers=readers, area_codes=area_codes, registry=registry),
    }


def _standings(metrics: list[Metric], month: dt.date, registry: AreaRegistry) -> list:
    """The report's "where we stand" page: the metrics with a national ranking for the month."""
    found = []
    for metric in metrics:
        if metric.aggregation == Metric.Aggregation.NONE and metric.source_kind != Metric.SourceKind.STATFIN:
            continue
        standing = where_we_stand(metric, month, registry=registry)
        if standing.count:
            found.append(standing)
    return found


@dataclass
class ReportDocument:
    """What the worker turns into the PDF: the HTML and the files attached to it."""

    html: str
    attachments: list[PdfAttachment]


def report_document(*, month: dt.date, authority=None, language: str = "fi", report=None,
                    readers=None) -> ReportDocument:
    with translation.override(language):
        context = report_context(month=month, authority=authority, report=report, readers=readers)
        html = render_html(TEMPLATE, context, language=language)
        attachment = data_attachment(context["data_csv"], month)
    return ReportDocument(html, [attachment])


def report_html(*, month: dt.date, authority=None, language: str = "fi", report=None, readers=None) -> str:
    return report_document(month=month, authority=authority, language=language, report=report,
                           readers=readers).html


def latest_values_provider(metric_codes: list[str], area_code: str | None):
    """cooperation.base.indicator_values provider: the newest non-missing observation per metric."""
    from cooperation.base.indicator_values import LatestValue

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
