"""Latest values of monitoring metrics, for the programme's indicators.

The programme (cooperation) must not import monitoring (dependencies point one way), so
monitoring registers a provider here in its AppConfig.ready(). With no provider registered
(monitoring has no data yet) the programme simply shows no values.

A provider is `fn(metric_codes: list[str], area_code: str | None) -> dict[str, LatestValue]`.
`area_code` is an observation area code as monitoring uses it (e.g. "KU398", "MK07", "SSS");
None means the provider's default scope for the programme (the region, MK07).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LatestValue:
    metric_code: str
    area_code: str
    month: str            # "YYYY-MM"
    value: Decimal | None  # None when the value is suppressed (shown as suppressed, never 0)
    unit: str = ""
    suppressed: bool = False


Provider = Callable[[list[str], "str | None"], dict[str, LatestValue]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def latest_values(metric_codes: list[str], area_code: str | None = None) -> dict[str, LatestValue]:
    found: dict[str, LatestValue] = {}
    for provider in _providers:
        for code, value in provider(list(metric_codes), area_code).items():
            found.setdefault(code, value)
    return found
