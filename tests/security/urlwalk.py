"""Every URL pattern of the project, found by walking Django's resolver (the DRF router's routes are
URL patterns too), with the arguments that point each at the world's non-public objects."""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str        # the URL name, namespaced ("workgroups:meeting-detail", "admin:…", "decision-list")
    pattern: str     # the full pattern, as written in the URLconf
    params: tuple    # the converter parameter names
    suffix: bool     # a DRF format-suffix variant (…​.json)

    @property
    def key(self) -> str:
        return f"{self.name}[.json]" if self.suffix else self.name

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = tuple(a or b for a, b in _PARAM.findall(pattern))
            name = namespace + (entry.name or f"<unnamed {pattern}>")
            yield Route(name, pattern, params, "format" in params)


def routes() -> list[Route]:
    seen, out = set(), []
    for route in walk():
        # Two patterns may share a name (login is served at one path twice): probe each name once.
        if route.key not in seen:
            seen.add(route.key)
            out.append(route)
    return out


def admin_model_of(route: Route):
    """The model an admin URL is about ("admin:workgroups_meeting_change" → Meeting), or None."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if route.name.startswith(prefix):
            return model
    return None
