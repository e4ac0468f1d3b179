"""Dashboard panels contributed by the apps.

Each app registers a provider in its AppConfig.ready(): a function taking the request and
returning a Panel, or None when it has nothing for this person. The dashboard renders them
in `order`; a provider must only show what the person may see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[HttpRequest], "Panel | None"]
_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(request: HttpRequest) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(request)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
