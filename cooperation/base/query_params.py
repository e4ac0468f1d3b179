"""Whole numbers read from a request (ids, years, cursor keys): one rule for every place that reads one.

`str.isdigit()` is not that rule: it accepts "²" and "٣" (int() refuses the first and reads the second
as 3) and any number of digits (int() refuses more than 4 300), so `?body=²` answered 500 where the
code meant "ignore a value that is not an id". Only ASCII digits, and not more of them than a database
integer holds, are a number here.
"""

from __future__ import annotations

import re

MAX_DIGITS = 18  # bigint holds every 18-digit number
_DIGITS = re.compile(r"[0-9]+")


def plain_int(raw: str | None, *, max_digits: int = MAX_DIGITS) -> int | None:
    """`raw` as a non-negative integer when it is one written in ASCII digits (at most `max_digits`), else None."""
    if raw is None or len(raw) > max_digits or not _DIGITS.fullmatch(raw):
        return None
    return int(raw)
