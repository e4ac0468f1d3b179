"""Per-person cache of the dashboard's rendered panels.

A panel costs 5–50 ms to build (permission subqueries, prefetches, rendering) and changes only
when data changes, so cacheable panels (see cooperation.base.dashboard) are kept rendered under

    dashboard-panel:<data version>:<person id>:<language>:<date>:<provider>

- The person's id: an entry is only ever read back for the same person, so one person's panel
  can never reach another, whatever their roles.
- The data version (cooperation.base.data_version) lives in the database and is read on every
  dashboard load, so a committed write anywhere makes every older entry unreachable in every
  process, with a shared cache (Redis) and with the per-process default (LocMem) alike.
- While the request's own transaction has uncommitted writes the cache is neither read nor
  written: those rows are visible to this connection only.
- `Panel.valid_until` ends an entry early when the clock alone would change the panel; the
  timeout (DASHBOARD_PANEL_CACHE_SECONDS, 0 = no caching) bounds everything else, e.g. a write
  made outside Django straight into the database.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import data_version
from .dashboard import RenderedPanel, is_cacheable, providers, render_panel


def _keys(request, providers) -> dict:
    """provider → cache key for the cacheable providers; {} when the cache must not be used."""
    timeout = settings.DASHBOARD_PANEL_CACHE_SECONDS
    user = request.user
    cacheable = [p for p in providers if is_cacheable(p)]
    if not cacheable or timeout <= 0:
        return {}
    person = data_version.person_key(user, "dashboard-panel")
    if person is None:
        return {}
    prefix = f"{person}:{translation.get_language()}:{timezone.localdate().isoformat()}"
    return {provider: f"{prefix}:{provider.__module__}.{provider.__qualname__}" for provider in cacheable}


def rendered_panels(request, providers) -> list[RenderedPanel]:
    keys = _keys(request, providers)
    entries = cache.get_many(list(keys.values())) if keys else {}
    now = timezone.now()
    panels, fresh = [], {}
    for provider in providers:
        key = keys.get(provider)
        entry = entries.get(key) if key else None
        if entry is not None and (entry[1] is None or now < entry[1]):
            if entry[0] is None:
                rendered = None
            else:
                title, html, order = entry[0]
                rendered = RenderedPanel(title, mark_safe(html), order)  # noqa: S308 (our own rendering)
        else:
            panel = provider(request)
            rendered = render_panel(panel, request) if panel is not None else None
            if key:
                # Plain tuples: nothing but str/int/datetime is pickled into a shared cache.
                fresh[key] = ((rendered.title, rendered.html, rendered.order) if rendered else None,
                              panel.valid_until if panel is not None else None)
        if rendered is not None:
            panels.append(rendered)
    if fresh:
        cache.set_many(fresh, settings.DASHBOARD_PANEL_CACHE_SECONDS)
    return panels


def panels_for(request) -> list[RenderedPanel]:
    """The dashboard's panels for this person, in their order (cached ones from the cache)."""
    return sorted(rendered_panels(request, providers()), key=lambda panel: panel.order)
