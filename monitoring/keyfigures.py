"""Key figures: the latest month of the headline metrics for the viewer's authority.

The headline metrics are data (Metric.key_figure_order, set by a data migration and kept in the
admin by the knowledge-management group). For each authority and metric: the value, its change from
the previous month and from a year earlier, whether the target in force is met (in words), and a
sparkline of the last 13 months. The dashboard panel and the report's summary page show the same
figures. A constant number of queries whatever the number of metrics, areas and months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from parties.models import EmploymentAuthority

from .areas import AreaRegistry, home_region_headline_codes
from .dataset import DataSet, add_months, format_change, month_range
from .models import Metric, Observation, Target

KEY_FIGURES = 6
SPARK_MONTHS = 13


@dataclass
class KeyFigure:
    metric: Metric
    month: dt.date
    value: Decimal | None
    value_text: str
    change_month: Decimal | None
    change_month_text: str
    change_year: Decimal | None
    change_year_text: str
    target: Decimal | None
    target_met: bool | None  # None: no target (or no value)
    target_text: str
    sparkline: str
    history: list[Decimal | None] = field(default_factory=list)


@dataclass
class AuthorityFigures:
    name: str
    area_code: str
    month: dt.date | None
    figures: list[KeyFigure]


def key_metrics() -> list[Metric]:
    return list(Metric.objects.filter(is_active=True, key_figure_order__isnull=False)
                .order_by("key_figure_order", "code")[:KEY_FIGURES])


def headline_code(authority: EmploymentAuthority) -> str | None:
    """The area an authority's figures are read from: Lahti's own code, or its employment area's."""
    if authority.party_id:
        return authority.party.statfin_code if authority.party.municipality_code else None
    if authority.employment_area_id:
        return f"TA{authority.employment_area.responsible_municipality.municipality_code}"
    return None


def viewer_authorities(user) -> list[EmploymentAuthority]:
    """The person's authority: the one their municipality belongs to; both for steering-group members
    and for people of no member municipality (e.g. the administrators and the secretariat)."""
    authorities = list(EmploymentAuthority.objects.select_related(
        "party", "employment_area__responsible_municipality").order_by("name_fi"))
    if "steering_member" in getattr(user, "roles", frozenset()):
        return authorities
    party_id = getattr(user, "party_id", None)
    own = [a for a in authorities if a.party_id and a.party_id == party_id]
    if not own and party_id:
        own = [a for a in authorities if a.employment_area_id
               and a.employment_area.members_on(timezone.localdate()).filter(pk=party_id).exists()]
    return own or authorities


def viewer_area_codes(user) -> list[str]:
    """The areas highlighted for the person; before the authorities are recorded (a database that has
    only been migrated), the home region's authorities as the reference data has them."""
    authorities = viewer_authorities(user)
    if not authorities:
        return home_region_headline_codes(timezone.localdate())
    return [code for a in authorities if (code := headline_code(a))]


def target_state(metric: Metric, value: Decimal | None, target: Decimal | None) -> tuple[bool | None, str]:
    """Met or not by the metric's good direction, in words (never colour alone)."""
    if target is None:
        return None, _("no target")
    if value is None:
        return None, _("target %(target)s, no figure") % {"target": metric.format(target)}
    if metric.good_direction == Metric.Direction.LOWER:
        met = value <= target
    elif metric.good_direction == Metric.Direction.HIGHER:
        met = value >= target
    else:
        met = value == target
    words = _("target met (%(target)s)") if met else _("target not met (%(target)s)")
    return met, words % {"target": metric.format(target)}


def sparkline(values: list[Decimal | None], width: int = 96, height: int = 24) -> str:
    """A small line of the last months, decorative: aria-hidden, the figures are in the text beside it."""
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    points, path = [], []
    for i, v in enumerate(values):
        if v is None:
            points.append(None)
            continue
        points.append((2 + i * step, 2 + (height - 4) * (1 - (float(v) - low) / span)))
    move = True
    for p in points:
        if p is None:
            move = True
            continue
        path.append(f"{'M' if move else 'L'}{p[0]:.1f} {p[1]:.1f}")
        move = False
    last = next(p for p in reversed(points) if p is not None)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-hidden="true" focusable="false">'
            f'<path d="{"".join(path)}" fill="none" stroke="#0b5394" stroke-width="1.5"/>'
            f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.2" fill="#0b5394"/></svg>')


def _targets(metrics: list[Metric], month: dt.date) -> dict[tuple[int, str], Decimal]:
    found = {}
    for target in Target.objects.filter(metric__in=metrics, period_start__lte=month, period_end__gte=month):
        found[(target.metric_id, target.area_code)] = target.value
    return found


def latest_month(metrics: list[Metric], area_codes: list[str]) -> dt.date | None:
    return (Observation.objects.totals().filter(metric__in=metrics, area_code__in=area_codes, suppressed=False,
                                                value__isnull=False)
            .order_by("-month").values_list("month", flat=True).first())


def key_figures(area_codes: list[tuple[str, str]], *, month: dt.date | None = None,
                registry: AreaRegistry | None = None, metrics: list[Metric] | None = None) -> list[AuthorityFigures]:
    """area_codes: [(name, area code)]. The month defaults to the newest month with a figure."""
    metrics = key_metrics() if metrics is None else metrics
    codes = [code for _name, code in area_codes]
    if not metrics or not codes:
        return []
    month = month or latest_month(metrics, codes)
    if month is None:
        return [AuthorityFigures(name, code, None, []) for name, code in area_codes]
    registry = registry or AreaRegistry()
    data = DataSet(month=month, area_codes=codes, metrics=metrics, months=SPARK_MONTHS, registry=registry)
    targets = _targets(metrics, month)
    prev, year_ago = add_months(month, -1), add_months(month, -12)
    months = month_range(month, SPARK_MONTHS)
    found = []
    for name, code in area_codes:
        figures = []
        for metric in metrics:
            now = data.number(metric, code, month)
            before, last_year = data.number(metric, code, prev), data.number(metric, code, year_ago)
            change_month = now - before if now is not None and before is not None else None
            change_year = now - last_year if now is not None and last_year is not None else None
            target = targets.get((metric.pk, code), targets.get((metric.pk, "")))
            met, target_text = target_state(metric, now, target)
            history = [data.number(metric, code, m) for m in months]
            cell = data.get(metric, code, month)
            figures.append(KeyFigure(
                metric=metric, month=month, value=now,
                value_text=cell.text(metric) if cell else "–",
                change_month=change_month, change_month_text=format_change(metric, change_month),
                change_year=change_year, change_year_text=format_change(metric, change_year),
                target=target, target_met=met, target_text=target_text, sparkline=sparkline(history),
                history=history))
        found.append(AuthorityFigures(name, code, month, figures))
    return found


def authority_figures(authorities: list[EmploymentAuthority], **options) -> list[AuthorityFigures]:
    pairs = [(a.name, code) for a in authorities if (code := headline_code(a))]
    return key_figures(pairs, **options)
