"""The metrics a decision aims to move, for the pages and the API of workgroups.

workgroups may not import monitoring (the layers, .importlinter), yet a decision's page and its API
show the metrics linked to it and how they moved since. monitoring registers a provider here in its
AppConfig.ready(); with none registered, decisions simply show no linked metrics.

A provider is `fn(decision_ids, user, *, follow_up) -> {decision id: [LinkedMetric, …]}`. The caller
passes decisions it read through Decision's own rule; the provider reads the links through theirs
(for `user`, or the open data for an anonymous API client). `follow_up=True` adds the figures since
the decision (a few queries for the whole page, not per decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class FollowUpFigures:
    """Since the decision, as text to show (numbers as Finns write them)."""

    decision_month: dt.date
    latest_month: dt.date | None
    value_then: str
    value_now: str
    change: str
    country_change: str
    versus_country: str
    peer_change: str
    versus_peers: str
    peer_names: str
    direction_verdict: str  # "in the intended direction", …
    target_state: str       # "reached", "not yet reached", … ("" without a target value)


@dataclass(frozen=True)
class LinkedMetric:
    metric_code: str
    metric_name: str
    metric_url: str
    area_code: str
    area_name: str
    direction: str  # "up" | "down"
    direction_label: str
    target_value: Decimal | None = None
    target_text: str = ""
    target_date: dt.date | None = None
    follow_up: FollowUpFigures | None = field(default=None, compare=False)

    # The names templates/includes/follow_up_table.html reads (one row per linked metric).
    @property
    def name(self) -> str:
        return self.metric_name

    @property
    def href(self) -> str:
        return self.metric_url

    @property
    def figures(self) -> FollowUpFigures | None:
        return self.follow_up


Provider = Callable[..., dict[int, list[LinkedMetric]]]
_providers: list[Provider] = []
_edit_urls: list[Callable[[int], str]] = []


def register(provider: Provider, *, edit_url: Callable[[int], str] | None = None) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    if edit_url is not None and edit_url not in _edit_urls:
        _edit_urls.append(edit_url)
    return provider


def linked_metrics(decision_ids: Iterable[int], user, *, follow_up: bool = False) -> dict[int, list[LinkedMetric]]:
    ids = sorted(set(decision_ids))
    found: dict[int, list[LinkedMetric]] = {}
    if not ids:
        return found
    for provider in _providers:
        for decision_id, links in provider(ids, user, follow_up=follow_up).items():
            found.setdefault(decision_id, []).extend(links)
    return found


def edit_url(decision_id: int) -> str | None:
    """Where the body's secretary names the decision's metrics (None when no app offers it)."""
    return _edit_urls[0](decision_id) if _edit_urls else None
