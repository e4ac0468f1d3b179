"""Demo data: 24 months of plausible synthetic values for every area and metric.

Deterministic (seeded by metric, area and month) and idempotent: only missing cells are
created, in one bulk insert, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.utils import timezone

from workgroups.demo import ACTIVATION_DECISION, YOUTH_DECISION
from workgroups.models import Decision
from workgroups.seed import STEERING_GROUP

from .areas import COUNTRY, REGION, AreaRegistry, authority_area_codes
from .catalogue import sync_metrics
from .models import Commentary, Metric, Observation, ReferenceArea, Target
from .reports import add_months, month_range

# Labour force per municipality (rough, synthetic); the aggregates are sums.
LABOUR_FORCE = {"KU398": 56100, "KU098": 10400, "KU016": 3600, "KU560": 7600, "KU316": 2000, "KU081": 1000,
                "KU111": 8000, "KU142": 2900, "KU576": 1100, "KU781": 1500}
COUNTRY_LABOUR_FORCE = 2_750_000
SMALL = {"KU081", "KU576"}  # foreigners' figures are suppressed here (too few people)

# code → (level, seasonal amplitude, yearly trend) where level is a % / days / index, or a count per 1,000
# people in the labour force for counts and euros.
PROFILE = {
    "unemployment-rate": (12.0, 0.8, -0.6), "foreign-unemployment-rate": (26.0, 1.5, -1.0),
    "youth-unemployment-rate": (15.0, 2.0, -0.8), "searches-ended-in-work": (9.0, 1.5, 0.4),
    "unemployment-spell-duration": (420.0, 10.0, 8.0), "extended-unemployment": (170.0, 6.0, -4.0),
    "structurally-unemployed": (70.0, 1.0, -2.0), "flow-over-3-months": (46.0, 3.0, -1.0),
    "flow-over-6-months": (31.0, 2.0, -1.0), "flow-over-12-months": (18.0, 1.5, -0.6),
    "activation-rate": (27.0, 2.5, 0.8), "activation-rate-long-term": (22.0, 2.0, 0.5),
    "started-in-services": (6.0, 1.5, 0.2), "job-offers": (14.0, 2.0, 0.5), "presentations": (8.0, 1.2, 0.4),
    "customers-per-expert": (105.0, 6.0, -3.0), "up-to-date-plans": (78.0, 3.0, 2.0),
    "kela-benefit-payments": (52_000.0, 4_000.0, -1_500.0), "customer-satisfaction": (3.9, 0.1, 0.05),
    "labour-market-readiness": (3.2, 0.1, 0.08), "unemployed-job-seekers": (120.0, 8.0, -5.0),
    "labour-force": (1000.0, 0.0, 0.0), "foreign-unemployed": (9.0, 0.6, -0.2),
    "unemployed-under-25": (14.0, 2.0, -0.6), "plan-backlog": (40.0, 4.0, -3.0),
    "kela-benefit-recipients": (95.0, 6.0, -3.0),
}
COUNTS = {Metric.Unit.COUNT, Metric.Unit.EURO}
# These are averages or levels, not per-person counts, even where the unit is a count.
LEVELS = {"unemployment-spell-duration", "customers-per-expert"}


def _value(metric: Metric, area: str, month: dt.date, labour_force: int, index: int) -> Decimal:
    level, seasonal, trend = PROFILE.get(metric.code, (50.0, 2.0, 0.0))
    rng = random.Random(f"{metric.code}|{area}|{month:%Y-%m}")
    local = random.Random(f"{metric.code}|{area}").uniform(0.8, 1.2)  # each area its own level
    shape = level * local + seasonal * math.sin((month.month - 2) / 12 * 2 * math.pi) + trend * index / 12
    shape *= rng.uniform(0.97, 1.03)
    if metric.unit in COUNTS and metric.code not in LEVELS:
        shape = shape * labour_force / 1000
    if metric.unit == Metric.Unit.INDEX:
        shape = min(5.0, max(1.0, shape))
    return Decimal(f"{max(shape, 0):.{metric.decimals}f}")


# Service lines of metrics 8–10 (Metric.breakdown = "service_line") for the two authorities: the flow
# into long unemployment is lowest among job-placement customers and highest in supported employment.
BREAKDOWN_AREAS = ("KU398", "TA098")
SERVICE_LINE_FACTORS = {"1": 0.7, "2": 1.0, "3": 1.45}


def _breakdown_rows(metrics: list[Metric], months: list[dt.date], codes: list[str]) -> list[Observation]:
    areas = [c for c in BREAKDOWN_AREAS if c in codes]
    broken_down = [m for m in metrics if m.breakdown == "service_line"]
    existing = set(Observation.objects.filter(month__gte=months[0], area_code__in=areas, metric__in=broken_down)
                   .exclude(breakdown="").values_list("metric_id", "area_code", "month", "breakdown"))
    rows = []
    for metric in broken_down:
        for code in areas:
            for i, month in enumerate(months):
                for line, factor in SERVICE_LINE_FACTORS.items():
                    if (metric.pk, code, month, line) in existing:
                        continue
                    # A few months of the smallest group in the employment area are too few people to
                    # publish: suppressed, so the page shows "suppressed" and a gap, never 0.
                    suppressed = code.startswith("TA") and line == "3" and i % 7 == 3
                    value = min(_value(metric, code, month, 1000, i) * Decimal(str(factor)), Decimal(100))
                    rows.append(Observation(
                        metric=metric, area_code=code, month=month, breakdown=line, suppressed=suppressed,
                        status="..." if suppressed else "", source="Demo (synthetic)",
                        value=None if suppressed else value.quantize(Decimal(1).scaleb(-metric.decimals)),
                    ))
    return rows


def _labour_forces(codes: list[str]) -> dict[str, int]:
    """The (synthetic) labour force of each area: municipalities, employment areas and region as sums."""
    forces = {c: LABOUR_FORCE.get(c, 3000) for c in codes if c.startswith("KU")}
    municipal_total = sum(forces.values())
    for code in codes:
        if code.startswith("TA"):
            forces[code] = sum(v for k, v in forces.items() if k.startswith("KU") and k != "KU398")
    forces[REGION] = municipal_total
    forces[COUNTRY] = COUNTRY_LABOUR_FORCE
    return forces


def _total_rows(metrics: list[Metric], months: list[dt.date], codes: list[str]) -> list[Observation]:
    """The missing totals (no breakdown) of every metric, area and month."""
    forces = _labour_forces(codes)
    existing = set(Observation.objects.filter(month__gte=months[0], area_code__in=codes, breakdown="")
                   .values_list("metric_id", "area_code", "month"))
    rows = []
    for metric in metrics:
        for code in codes:
            for i, month in enumerate(months):
                if (metric.pk, code, month) in existing:
                    continue
                suppressed = code in SMALL and metric.code in {"foreign-unemployment-rate", "foreign-unemployed"}
                rows.append(Observation(
                    metric=metric, area_code=code, month=month, suppressed=suppressed,
                    status="..." if suppressed else "", source="Demo (synthetic)",
                    value=None if suppressed else _value(metric, code, month, forces[code], i),
                ))
    return rows


def _targets_and_commentary(metrics: list[Metric], last: dt.date) -> None:
    by_code = {m.code: m for m in metrics}
    for code, value in (("unemployment-rate", "10.0"), ("activation-rate", "30.0"), ("up-to-date-plans", "85.0")):
        Target.objects.get_or_create(metric=by_code[code], kind=Target.Kind.PROGRAMME, area_code="",
                                     period_start=dt.date(2025, 1, 1), period_end=dt.date(2027, 12, 31),
                                     defaults={"value": Decimal(value), "note": "Demo"})
    Commentary.objects.get_or_create(month=last, defaults={"text": (
        "Työttömyys on laskenut vuodentakaisesta koko Päijät-Hämeessä. Nuorten työttömyys kääntyi laskuun "
        "syksyllä; pitkäaikaistyöttömien aktivointiaste on edelleen tavoitetta matalampi.")})


# The demo steering group's decisions (workgroups.demo) and the metrics they aim to move:
# (metric, area, intended direction, target value or None).
DECISION_LINKS = {
    YOUTH_DECISION: [("youth-unemployment-rate", "KU398", "down", "13.0"),
                     ("youth-unemployment-rate", "TA098", "down", None)],
    ACTIVATION_DECISION: [("activation-rate-long-term", "TA098", "up", "25.0")],
}


def _decision_links() -> None:
    """Link the demo decisions to their metrics through the service, as their secretary (idempotent: the
    same links again change nothing)."""
    from . import services

    areas = {a.code: a for a in ReferenceArea.objects.filter(code__in=["KU398", "TA098"])}
    metrics = {m.code: m for m in Metric.objects.filter(code__in=["youth-unemployment-rate",
                                                                  "activation-rate-long-term"])}
    decisions = Decision.objects.filter(body__name_fi=STEERING_GROUP, agenda_item__title__in=DECISION_LINKS,
                                        recorded_by__isnull=False).select_related(
        "agenda_item__meeting", "body", "recorded_by")
    for decision in decisions:
        year_end = dt.date(timezone.localtime(decision.agenda_item.meeting.starts_at).year + 1, 12, 31)
        links = [services.LinkSpec(metric=metrics[code], area=areas[area], direction=direction,
                                   target_value=Decimal(target) if target else None,
                                   target_date=year_end if target else None)
                 for code, area, direction, target in DECISION_LINKS[decision.agenda_item.title]
                 if area in areas and code in metrics]
        services.decision_links_save(decision=decision, links=links, acting_user=decision.recorded_by)


def seed(stdout=None) -> int:
    sync_metrics()
    registry = AreaRegistry()
    codes = [c for c in authority_area_codes(None) if c in registry.by_code]
    if not any(c.startswith("KU") for c in codes):
        return 0  # parties not seeded: nothing to attach values to
    last = add_months(timezone.localdate().replace(day=1), -1)
    months = month_range(last, 24)
    metrics = list(Metric.objects.all())
    new = _total_rows(metrics, months, codes) + _breakdown_rows(metrics, months, codes)
    Observation.objects.bulk_create(new, batch_size=2000)
    _targets_and_commentary(metrics, last)
    _decision_links()
    if stdout is not None:
        stdout.write(f"Monitoring: {len(new)} new demo values ({len(codes)} areas × {len(metrics)} metrics × "
                     f"{len(months)} months, and service lines of metrics 8–10 for {', '.join(BREAKDOWN_AREAS)}).")
    return len(new)
