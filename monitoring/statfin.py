"""Querying a StatFin table through the PxWeb API (v1): the table's metadata, then a JSON query for
the areas, months and contents the portal needs, answered as JSON-stat 2.0.

Plain HTTP with `requests` and PxWeb's JSON query format. pxwebpy 0.6 (no pandas) was considered:
it adds requests-cache, whose HTTP cache would get in the way of a scheduled fetch that must see the
new month, and hides the retries the tests script (429 + Retry-After, 5xx, time-outs). The base
URL is `settings.STATFIN_API_BASE_URL`.

Dimensions are recognised by what they hold, not by their names (StatFin has renamed dimensions
before): the time variable is flagged `time`, the area variable is the one whose values are area
codes the portal knows, the content variable the one holding the metrics' content codes. A table
whose dimensions no longer fit raises `FetchFailed` with a reason a person can act on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class FetchFailed(Exception):
    """The fetch could not be completed. The reason is kept as its untranslated parts (a lazy message
    and its values each), because the worker that meets the failure does not know who will read the
    monitoring page: `reason` is the text in the active language, `texts()` in each of the portal's."""

    def __init__(self, *parts: tuple[str, dict]):
        self.parts = parts
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        return " ".join(str(message) % values if values else str(message) for message, values in self.parts)

    def texts(self) -> dict[str, str]:
        texts = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts[language] = self.reason
        return texts


@dataclass
class Response:
    url: str
    query: dict
    content: bytes


def table_url(table: str) -> str:
    path = settings.STATFIN_TABLES.get(table)
    if path is None:
        raise FetchFailed((_("The StatFin table %(table)s is not configured."), {"table": table}))
    return f"{settings.STATFIN_API_BASE_URL.rstrip('/')}/{path}"


def _wait_seconds(response: requests.Response, attempt: int) -> float:
    """Retry-After (seconds) when the server gives it, else a short growing pause; capped."""
    header = response.headers.get("Retry-After", "") if response is not None else ""
    wait = float(header) if header.strip().isdigit() else 2.0 ** attempt
    return min(wait, settings.STATFIN_MAX_WAIT)


def _request(method: str, url: str, payload: dict | None = None) -> requests.Response:
    """One request with retries on time-outs, HTTP 429 (honouring Retry-After) and 5xx."""
    reason: tuple = ("", {})
    for attempt in range(settings.STATFIN_ATTEMPTS):
        response = None
        try:
            response = requests.request(method, url, json=payload, timeout=settings.STATFIN_TIMEOUT)
        except requests.Timeout:
            reason = (_("Statistics Finland's service did not answer in time."), {})
        except requests.ConnectionError:
            reason = (_("Statistics Finland's service could not be reached."), {})
        else:
            if response.status_code == 429:
                reason = (_("Statistics Finland's service asked us to wait (too many requests)."), {})
            elif response.status_code >= 500:
                reason = (_("Statistics Finland's service had an error (HTTP %(status)d)."),
                          {"status": response.status_code})
            elif response.status_code >= 400:
                raise FetchFailed((_("Statistics Finland's service refused the query (HTTP %(status)d); the "
                                     "table or its dimensions may have changed."), {"status": response.status_code}))
            else:
                return response
        logger.warning("StatFin %s %s: %s (attempt %d)", method, url, FetchFailed(reason).reason, attempt + 1)
        if attempt + 1 < settings.STATFIN_ATTEMPTS:
            time.sleep(_wait_seconds(response, attempt))
    raise FetchFailed(reason, (_("Tried %(n)d times; nothing was imported."), {"n": settings.STATFIN_ATTEMPTS}))


def build_query(metadata: object, *, area_codes: set[str], content_codes: set[str], months: int) -> dict:
    """The PxWeb JSON query for the newest `months` months of the wanted areas and contents."""
    variables = metadata.get("variables") if isinstance(metadata, dict) else None
    if not isinstance(variables, list):
        raise FetchFailed((_("Statistics Finland's answer did not describe the table."), {}))
    time_vars = [v for v in variables if v.get("time")]
    area_vars = [v for v in variables if set(v.get("values", [])) & area_codes]
    content_vars = [v for v in variables if set(v.get("values", [])) & content_codes]
    if len(time_vars) != 1 or len(area_vars) != 1 or len(content_vars) != 1:
        names = ", ".join(str(v.get("text") or v.get("code")) for v in variables)
        raise FetchFailed((_("The table's dimensions have changed: no single month, area and content dimension "
                             "the portal knows was found (the table has: %(names)s)."), {"names": names}))
    time_var, area_var, content_var = time_vars[0], area_vars[0], content_vars[0]
    query = [
        {"code": area_var["code"], "selection": {"filter": "item", "values": [
            v for v in area_var["values"] if v in area_codes]}},
        {"code": time_var["code"], "selection": {"filter": "top", "values": [str(months)]}},
        {"code": content_var["code"], "selection": {"filter": "item", "values": [
            v for v in content_var["values"] if v in content_codes]}},
    ]
    # Any other dimension (sex, age …): its first category, usually the total.
    for variable in variables:
        if variable not in (time_var, area_var, content_var) and variable.get("values"):
            query.append({"code": variable["code"], "selection": {"filter": "item",
                                                                  "values": [variable["values"][0]]}})
    return {"query": query, "response": {"format": "json-stat2"}}


def fetch(table: str, *, area_codes: set[str], content_codes: set[str], months: int) -> Response:
    """The table's JSON-stat 2.0 answer for the areas and months needed (raises FetchFailed)."""
    url = table_url(table)
    try:
        metadata = _request("GET", url).json()
    except ValueError as exc:
        raise FetchFailed((_("Statistics Finland's answer was not JSON."), {})) from exc
    query = build_query(metadata, area_codes=area_codes, content_codes=content_codes, months=months)
    response = _request("POST", url, query)
    return Response(url=url, query=query, content=response.content)
