"""Since the decision: how a metric a decision aims to move has changed, beside the country and peers.

For a link (decision, metric, area): the value in the month of the decision (its meeting's month)
and in the latest month with a value up to `as_of`; the change between them; the change over the
same two months for the whole country (SSS) and for the area's peer group (monitoring.standing: the
employment areas closest in size, or settings.MONITORING_PEER_AREAS), the peer group's change being
the average of its areas' changes (each area counts once); and the difference of the area's change
against each. A descriptive comparison, not a causal one: pages and the report say so.

A constant number of queries for any number of links: one data set for all of them, and one
peer group per distinct area kind (monitoring.standing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.decision_metrics import FollowUpFigures, LinkedMetric

from .areas import COUNTRY, AreaRegistry
from .dataset import DataSet, add_months, format_change, month_range_between
from .models import DecisionMetricLink, Metric, Observation
from .standing import where_we_stand


@dataclass
class Comparison:
    change: Decimal | None
    difference: Decimal | None  # the area's change minus this change
    areas: list[str] = field(default_factory=list)  # names (the peer group)


@dataclass
class FollowUp:
    link: DecisionMetricLink
    decision_month: dt.date
    latest_month: dt.date | None
    value_then: Decimal | None
    value_now: Decimal | None
    change: Decimal | None
    country: Comparison
    peers: Comparison
    target_reached: bool | None  # None: no target value, or no figure
    target_passed: bool = False  # the target date's month is behind the latest figure

    @property
    def metric(self) -> Metric:
        return self.link.metric

    @property
    def in_intended_direction(self) -> bool | None:
        if self.change is None or self.change == 0:
            return None
        return (self.change < 0) == (self.link.direction == DecisionMetricLink.Direction.DOWN)

    def direction_verdict(self) -> str:
        if self.change is None:
            return _("no figures since the decision yet")
        if self.change == 0:
            return _("unchanged")
        return _("in the intended direction") if self.in_intended_direction else _("against the intended direction")

    def target_state(self) -> str:
        if self.link.target_value is None:
            return ""
        if self.target_reached is None:
            return _("no figure yet")
        if self.target_reached:
            return _("reached")
        return _("not reached by the target date") if self.target_passed else _("not yet reached")

    def figures(self) -> FollowUpFigures:
        metric = self.metric
        return FollowUpFigures(
            decision_month=self.decision_month, latest_month=self.latest_month,
            value_then=metric.format(self.value_then) or "–", value_now=metric.format(self.value_now) or "–",
            change=format_change(metric, self.change),
            country_change=format_change(metric, self.country.change),
            versus_country=format_change(metric, self.country.difference),
            peer_change=format_change(metric, self.peers.change),
            versus_peers=format_change(metric, self.peers.difference),
            peer_names=", ".join(self.peers.areas), direction_verdict=self.direction_verdict(),
            target_state=self.target_state())


def decision_month(link: DecisionMetricLink) -> dt.date:
    return timezone.localtime(link.decision.agenda_item.meeting.starts_at).date().replace(day=1)


def latest_month() -> dt.date | None:
    """The newest month with any figure: "now" for the pages."""
    return Observation.objects.order_by("-month").values_list("month", flat=True).first()


def _peer_codes(link: DecisionMetricLink, as_of: dt.date, registry: AreaRegistry, cache: dict) -> list[str]:
    """The link's area's peer group as monitoring.standing forms it: for an employment area its own,
    for a municipality that of its employment area, for the region that of the two authorities."""
    code = link.area.code
    if link.area.kind == "area":
        focus: list[str] | None = [code]
    elif link.area.kind == "municipality":
        home = registry.employment_area_of(code, as_of)
        focus = [home] if home else None
    else:
        focus = None
    key = tuple(focus or ())
    if key not in cache:
        cache[key] = [p.code for p in where_we_stand(link.metric, as_of, registry=registry, focus=focus).peers]
    return [c for c in cache[key] if c != code]


def _change(data: DataSet, metric: Metric, code: str, first: dt.date, last: dt.date) -> Decimal | None:
    then, now = data.number(metric, code, first), data.number(metric, code, last)
    return now - then if then is not None and now is not None else None


def follow_ups(links: list[DecisionMetricLink], *, as_of: dt.date | None = None,
               registry: AreaRegistry | None = None) -> list[FollowUp]:
    """The figures since the decision for each link (read with decision__agenda_item__meeting, metric, area)."""
    links = list(links)
    as_of = as_of or latest_month()
    if not links or as_of is None:
        return []
    registry = registry or AreaRegistry()
    peer_cache: dict = {}
    peers = {link.pk: _peer_codes(link, as_of, registry, peer_cache) for link in links}
    first = min(min(decision_month(link) for link in links), as_of)
    codes = list(dict.fromkeys([COUNTRY, *(link.area.code for link in links), *(c for p in peers.values() for c in p)]))
    metrics = list({link.metric_id: link.metric for link in links}.values())
    data = DataSet(month=as_of, area_codes=codes, metrics=metrics, registry=registry,
                   months=len(month_range_between(first, as_of)))
    return [_follow_up(link, data, as_of, peers[link.pk], registry) for link in links]


def _follow_up(link: DecisionMetricLink, data: DataSet, as_of: dt.date, peer_codes: list[str],
               registry: AreaRegistry) -> FollowUp:
    metric, code, start = link.metric, link.area.code, decision_month(link)
    then = data.number(metric, code, start) if start <= as_of else None
    latest, now = None, None
    month = as_of
    while month > start:  # the latest month after the decision with a figure for the area
        if (value := data.number(metric, code, month)) is not None:
            latest, now = month, value
            break
        month = add_months(month, -1)
    change = now - then if now is not None and then is not None else None
    country = Comparison(None, None)
    peers = Comparison(None, None, [registry.name(c) for c in peer_codes])
    if latest is not None and change is not None:
        country_change = _change(data, metric, COUNTRY, start, latest)
        peer_changes = [c for p in peer_codes if (c := _change(data, metric, p, start, latest)) is not None]
        peer_change = (sum(peer_changes) / len(peer_changes)).quantize(Decimal("0.0001")) if peer_changes else None
        country = Comparison(country_change, change - country_change if country_change is not None else None)
        peers = Comparison(peer_change, change - peer_change if peer_change is not None else None, peers.areas)
    reached = None
    if link.target_value is not None and now is not None:
        reached = now <= link.target_value if link.direction == DecisionMetricLink.Direction.DOWN \
            else now >= link.target_value
    passed = bool(link.target_date and latest and latest >= link.target_date.replace(day=1))
    return FollowUp(link=link, decision_month=start, latest_month=latest, value_then=then, value_now=now,
                    change=change, country=country, peers=peers, target_reached=reached, target_passed=passed)


def decision_href(decision) -> str:
    """The decision's § on its meeting page."""
    item = decision.agenda_item
    return reverse("workgroups:meeting-detail", args=[item.meeting_id]) + f"#item-{item.pk}"


def decision_label(decision) -> str:
    """“Ohjausryhmä § 3/2026”."""
    return f"{decision.body.section_label} {decision.section}"


def table_rows(items: list[FollowUp], *, by_decision: bool = False) -> list[dict]:
    """Rows for templates/includes/follow_up_table.html: one per link, named by its metric or its decision."""
    rows = []
    for item in items:
        link, metric = item.link, item.link.metric
        if by_decision:
            name, href = f"{link.decision} {link.decision.agenda_item.title}", decision_href(link.decision)
        else:
            name, href = metric.name, reverse("monitoring:metric", args=[metric.code])
        rows.append({"name": name, "href": href, "metric_name": metric.name, "area_name": link.area.name,
                     "direction_label": link.get_direction_display(),
                     "target_text": metric.format(link.target_value) if link.target_value is not None else "",
                     "target_date": link.target_date, "figures": item.figures()})
    return rows


def scope_codes(area_codes: list[str], day: dt.date, registry: AreaRegistry) -> list[str]:
    """A scope's areas with the employment areas of its municipalities (Lahti's own TA398 beside KU398)."""
    homes = [registry.employment_area_of(c, day) for c in area_codes if c.startswith("KU")]
    return list(dict.fromkeys([*area_codes, *(c for c in homes if c and c in registry.by_code)]))


def report_rows(*, month: dt.date, readers, area_codes: list[str], registry: AreaRegistry) -> dict:
    """The report's "follow-up of decisions": links of decisions made by the end of the report's month
    whose area is in the report's scope, only of decisions that every reader of the report may see
    (VisibilityQuerySet.visible_to_every), with the figures up to the report's month."""
    readers = list(readers)
    end = add_months(month, 1)
    area_codes = scope_codes(area_codes, month, registry)
    by_then = timezone.make_aware(dt.datetime(end.year, end.month, 1))
    made_by_then = Q(decision__agenda_item__meeting__starts_at__lt=by_then)
    links = list(DecisionMetricLink.objects.filter(made_by_then, area__code__in=area_codes).visible_to_every(readers)
                 .select_related("decision__body", "decision__agenda_item__meeting", "metric", "area")
                 .order_by("decision__agenda_item__meeting__starts_at", "decision_id", "metric__number", "area__code"))
    rows = table_rows(follow_ups(links, as_of=month, registry=registry), by_decision=True)
    return {"rows": rows, "peer_groups": list(dict.fromkeys(r["figures"].peer_names for r in rows
                                                            if r["figures"].peer_names))}


def readable_links(user):
    """The links a person (or, for None/anonymous, the open API) may read, ready for follow_ups()."""
    if user is not None and user.is_authenticated:
        rows = DecisionMetricLink.objects.visible_to(user)
    else:
        rows = DecisionMetricLink.objects.open_data()  # visibility: anonymous API clients get the open data
    return rows.select_related("decision__body", "decision__agenda_item__meeting", "metric", "area")


def linked_metrics_provider(decision_ids: list[int], user, *, follow_up: bool = False) -> dict[int, list[LinkedMetric]]:
    """cooperation.base.decision_metrics provider: the decisions' links as the pages and the API show them."""
    links = list(readable_links(user).filter(decision_id__in=decision_ids).order_by(
        "decision_id", "metric__number", "area__code"))
    figures = {f.link.pk: f.figures() for f in follow_ups(links)} if follow_up else {}
    found: dict[int, list[LinkedMetric]] = {}
    for link in links:
        metric = link.metric
        found.setdefault(link.decision_id, []).append(LinkedMetric(
            metric_code=metric.code, metric_name=metric.name,
            metric_url=reverse("monitoring:metric", args=[metric.code]), area_code=link.area.code,
            area_name=link.area.name, direction=link.direction, direction_label=str(link.get_direction_display()),
            target_value=link.target_value,
            target_text=metric.format(link.target_value) if link.target_value is not None else "",
            target_date=link.target_date, follow_up=figures.get(link.pk)))
    return found


def edit_url(decision_id: int) -> str:
    return reverse("monitoring:decision-metrics", args=[decision_id])
