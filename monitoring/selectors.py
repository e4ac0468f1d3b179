"""What the monthly report reads from other apps, and only through here.

monitoring sits above workgroups and procurement (.importlinter), so it imports their selectors
plainly. A selector that is missing or fails stops the report: `ReportSourceFailed` names the
report's section, the render ends as failed with that reason shown on the reports page, and the
details go to the log. A broken neighbour never shows as an empty section in the official PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import InterfaceError, OperationalError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procurement import selectors as procurement_selectors
from workgroups import selectors as workgroup_selectors

# The report's section headings (the PDF template's own words) name what could not be read.
DECISIONS = _("Decisions of the month")
ACTION_ITEMS = _("Open action items")
QUOTAS = _("Appropriation quotas")
DISRUPTIONS = _("Open disruption reports")


class ReportSourceFailed(Exception):
    """A section of the report could not be read from its app; the cause is chained (`__cause__`)."""

    def __init__(self, section: Promise | str):
        self.section = section
        super().__init__(f"the report section {str(section)!r} could not be read")

    @property
    def reason(self) -> str:
        """For the person who asked for the report, in the active language: no path, no traceback."""
        return gettext("The report was not made: its section “%(section)s” could not be read. "
                       "The details are in the server log.") % {"section": self.section}


def _rows(section: Promise, read: Callable[[], Iterable]) -> list[dict]:
    """The selector's rows as plain dicts; a missing or failing selector raises ReportSourceFailed.

    `read` looks the selector up when called, so a selector that is missing is caught here too.

    A database that is briefly unavailable is not the selector's fault: it propagates as it is,
    so the render is retried (services.render_report).
    """
    try:
        return [dict(row) for row in read()]
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        raise ReportSourceFailed(section) from exc


def decisions_in_month(*, year: int, month: int, readers: Iterable) -> list[dict]:
    return _rows(DECISIONS, lambda: workgroup_selectors.decisions_in_month(year=year, month=month, readers=readers))


def open_action_items(*, on: dt.date, readers: Iterable) -> list[dict]:
    return _rows(ACTION_ITEMS, lambda: workgroup_selectors.open_action_items(on=on, readers=readers))


def quota_usage(*, year: int) -> list[dict]:
    return _rows(QUOTAS, lambda: procurement_selectors.quota_usage(year=year))


def open_disruption_reports(*, readers: Iterable) -> list[dict]:
    return _rows(DISRUPTIONS, lambda: procurement_selectors.open_disruption_reports(readers=readers))


def disruption_counts() -> dict:
    return _rows(DISRUPTIONS, lambda: [procurement_selectors.disruption_counts()])[0]
