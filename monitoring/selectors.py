"""What the monthly report reads from other apps, and only through here.

monitoring depends on workgroups and procurement, never the other way round; those apps may
not be installed yet (or may lack a selector), so every read is guarded and an absent source
shows as "no data" in the report instead of breaking it.
"""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module

logger = logging.getLogger(__name__)


def _call(module: str, name: str, **kwargs) -> list[dict] | None:
    """The selector's rows, or None when the app or the selector is not available."""
    try:
        fn = getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None
    try:
        return [dict(row) for row in fn(**kwargs)]
    except Exception:  # a broken neighbour must not stop the monthly report
        logger.exception("monitoring: %s.%s failed; the report shows no data for it", module, name)
        return None


def decisions_in_month(*, year: int, month: int) -> list[dict] | None:
    return _call("workgroups.selectors", "decisions_in_month", year=year, month=month)


def open_action_items(*, on: dt.date) -> list[dict] | None:
    return _call("workgroups.selectors", "open_action_items", on=on)


def quota_usage(*, year: int) -> list[dict] | None:
    return _call("procurement.selectors", "quota_usage", year=year)


def open_disruption_reports() -> list[dict] | None:
    return _call("procurement.selectors", "open_disruption_reports")

