"""Dashboard panels contributed by the apps.

Each app registers a provider in its AppConfig.ready(): a function taking the request and
returning a Panel, or None when it has nothing for this person. The dashboard renders them
in `order`; a provider must only show what the person may see.

A provider registered with `cacheable=True` has its rendered panel kept per person (see
cooperation.base.panel_cache). It may do so only if its panel depends on nothing but
- rows of the database that cooperation.base.data_version tracks (not sessions, the audit log or
  the worker's heartbeat),
- the person (request.user and their rows), the language and today's date,
- the clock only through `Panel.valid_until` (the moment the panel would change by itself),
and its template has no form (a CSRF token belongs to one browser session).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    # When the content changes by the clock alone (e.g. a meeting stops being "upcoming" when it
    # starts); None = not before the date changes.
    valid_until: dt.datetime | None = None


@dataclass(frozen=True)
class RenderedPanel:
    title: str
    html: str  # safe HTML of the panel's template
    order: int


PanelProvider = Callable[[HttpRequest], "Panel | None"]
_providers: list[PanelProvider] = []
_cacheable: set[PanelProvider] = set()


def register(provider: PanelProvider, *, cacheable: bool = False) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    if cacheable:
        _cacheable.add(provider)
    return provider


def is_cacheable(provider: PanelProvider) -> bool:
    return provider in _cacheable


def providers() -> list[PanelProvider]:
    return list(_providers)


def render_panel(panel: Panel, request: HttpRequest) -> RenderedPanel:
    # The same context the dashboard's {% include %} gave it: the request's, with `panel`.
    html = render_to_string(panel.template, {"panel": panel.context}, request=request)
    return RenderedPanel(str(panel.title), html, panel.order)
