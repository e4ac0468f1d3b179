"""Numbers as people write them, one rule for pages, PDFs and e-mails.

Finnish and Swedish (as written in Finland) share the CLDR conventions: decimal comma, a
no-break space between groups of three digits, and a no-break space before the unit:
"1 416 666,67 €", "10,3 %", "3 960 674". English uses the decimal point, a comma between
groups, the euro sign before the amount and no space before the per cent sign: "€1,416,666.67",
"10.3%". The no-break spaces keep a number and its unit on one line.

Decimals come from the caller (a metric's catalogue entry, two for money); a stored value with
four decimals ("10.3000") is never shown with more than asked for.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation

NBSP = "\u00a0"

# language → (decimal separator, group separator, money pattern, per cent pattern)
_RULES = {
    "fi": (",", NBSP, "{n}" + NBSP + "€", "{n}" + NBSP + "%"),
    "sv": (",", NBSP, "{n}" + NBSP + "€", "{n}" + NBSP + "%"),
    "en": (".", ",", "€{n}", "{n}%"),
}


def _rules(lang: str | None):
    lang = (lang or translation.get_language() or "fi")[:2]
    return _RULES.get(lang, _RULES["fi"])


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_number(value, decimals: int | None = 0, *, lang: str | None = None) -> str:
    """The number with `decimals` decimals (None: as many as it has, trailing zeros dropped),
    grouped by thousands; "" for no value. A minus is the typographic minus sign."""
    number = _decimal(value)
    if number is None:
        return ""
    if decimals is None:
        number = number.normalize()
        decimals = max(0, -number.as_tuple().exponent)
    else:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    decimal_sep, group_sep, _money, _percent = _rules(lang)
    sign = "\u2212" if number < 0 and number != 0 else ""
    whole, _dot, fraction = f"{abs(number):.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group_sep.join(groups)
    return f"{sign}{text}{decimal_sep}{fraction}" if fraction else f"{sign}{text}"


def format_count(value, *, lang: str | None = None) -> str:
    return format_number(value, 0, lang=lang)


def format_money(value, decimals: int = 2, *, lang: str | None = None) -> str:
    """Euros: "1 416 666,67 €" (fi, sv), "€1,416,666.67" (en)."""
    text = format_number(value, decimals, lang=lang)
    return _rules(lang)[2].format(n=text) if text else ""


def format_percent(value, decimals: int = 1, *, lang: str | None = None) -> str:
    """A share already in per cent (10.3 → "10,3 %")."""
    text = format_number(value, decimals, lang=lang)
    return _rules(lang)[3].format(n=text) if text else ""


def format_person_years(value, *, lang: str | None = None) -> str:
    """Person-years (htv) with at most two decimals, none if whole: "50,6", "41,2", "4"."""
    number = _decimal(value)
    if number is None:
        return ""
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_number(number, None, lang=lang)


def format_with_symbol(value, decimals: int | None, symbol: str, *, lang: str | None = None) -> str:
    """A value with a unit's symbol as the language writes it: "10,5 %", "10.5%", "1 200 €", "30 pv";
    no symbol, the bare number (chart axes and labels)."""
    if symbol == "%":
        text = format_number(value, decimals, lang=lang)
        return _rules(lang)[3].format(n=text) if text else ""
    if symbol == "€":
        text = format_number(value, decimals, lang=lang)
        return _rules(lang)[2].format(n=text) if text else ""
    text = format_number(value, decimals, lang=lang)
    return f"{text}{NBSP}{symbol}" if text and symbol else text


def format_with_unit(value, unit: str, decimals: int, *, lang: str | None = None) -> str:
    """A value of a metric's unit ("percent", "euro", others plain) with the metric's decimals."""
    if unit == "percent":
        return format_percent(value, decimals, lang=lang)
    if unit == "euro":
        return format_money(value, decimals, lang=lang)
    return format_number(value, decimals, lang=lang)
