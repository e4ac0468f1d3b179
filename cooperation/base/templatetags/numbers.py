"""Template filters for cooperation.base.numbers: {% load numbers %} {{ sum|money }}, {{ share|percent:1 }},
{{ people|count }}, {{ plan.total_person_years|person_years }}, {{ value|number:metric.decimals }}."""

from django import template

from cooperation.base import numbers

register = template.Library()


def _or_dash(text: str) -> str:
    return text or "–"


@register.filter
def money(value, decimals=2):
    return _or_dash(numbers.format_money(value, int(decimals)))


@register.filter
def percent(value, decimals=1):
    return _or_dash(numbers.format_percent(value, int(decimals)))


@register.filter
def count(value):
    return _or_dash(numbers.format_count(value))


@register.filter
def person_years(value):
    return _or_dash(numbers.format_person_years(value))


@register.filter
def number(value, decimals=0):
    return _or_dash(numbers.format_number(value, None if decimals in ("", None) else int(decimals)))


@register.filter
def metric_value(metric, value):
    """A value of a monitoring metric with the catalogue's unit and decimals (the metric's own `format`)."""
    return _or_dash(metric.format(value)) if metric is not None else _or_dash(numbers.format_number(value, None))
