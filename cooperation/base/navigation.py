"""Main navigation entries contributed by the apps (registered in AppConfig.ready())."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    order: int = 100
    visible: Callable | None = None  # visible(user) -> bool; None = any logged-in person


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    for item in sorted(_items, key=lambda i: i.order):
        if item.visible is not None and not item.visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "current": request.path.startswith(url)})
    return entries
