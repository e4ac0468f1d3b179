"""Validators for Finnish identifiers used in the parties registry."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
MUNICIPALITY_CODE_RE = re.compile(r"^\d{3}$")


def business_id_check_digit(first_seven: str) -> int | None:
    """The Y-tunnus check digit for seven digits, or None when no valid ID can have them.

    Weighted sum mod 11: remainder 0 gives 0, remainder 1 is never issued, otherwise 11 - r.
    """
    remainder = sum(int(d) * w for d, w in zip(first_seven, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate_business_id(value: str) -> None:
    match = BUSINESS_ID_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("A business ID is seven digits, a hyphen and a check digit, e.g. 0149669-3."),
            code="business_id_format",
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("The check digit of business ID %(value)s is wrong: check the number against the source."),
            code="business_id_check_digit",
            params={"value": value},
        )


def validate_municipality_code(value: str) -> None:
    if not MUNICIPALITY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A municipality code is three digits, e.g. 398 for Lahti."), code="municipality_code"
        )
