"""Malformed values for the bad-input battery, generated from a field's type and limits.

Each case is (label, value, must_refuse): must_refuse means no write path may accept the value for this
field (a NUL byte, text longer than the field, an impossible date, a number outside the field's range, an
unknown id, a wrong type). The others (emoji, a formula prefix, year 0001, text without a declared limit)
may be accepted or refused, but never with a server error or a half-written row.
"""

import os

from django import forms
from django.apps import apps
from django.db import connection

NUL = "a\x00b"
EMOJI = "Tervetuloa 😀👩‍👩‍👧 💥 ÅÄÖ"
FORMULA = "=cmd|' /C calc'!A0"
HUGE = "1" + "0" * 40
UNKNOWN_ID = "987654321"
# Digits that are not ASCII: str.isdigit() accepts them, int() refuses "²" (a cursor "².1.1" answered 500).
OTHER_DIGITS = "²"
OTHER_DIGITS_KEY = "².٣.1"


def form_field_cases(field: forms.Field):
    """The malformed values for one form field."""
    if isinstance(field, forms.FileField | forms.BooleanField):
        return
    if isinstance(field, forms.ModelMultipleChoiceField):
        yield "unknown id", [UNKNOWN_ID], True
        yield "wrong type", ["abc"], True
        return
    if isinstance(field, forms.ModelChoiceField):
        yield "unknown id", UNKNOWN_ID, True
        yield "wrong type", "abc", True
        yield "negative id", "-1", True
        return
    if isinstance(field, forms.ChoiceField):
        yield "unknown choice", "no-such-choice", True
        yield "NUL", NUL, True
        return
    if isinstance(field, forms.DateTimeField | forms.DateField):
        yield "impossible date", "2026-02-30", True
        yield "year 99999", "99999-12-31", True
        yield "wrong type", "eilen", True
        yield "NUL", NUL, True
        yield "year 0001", "0001-01-01" + (" 00:00" if isinstance(field, forms.DateTimeField) else ""), False
        return
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        yield "wrong type", "abc", True
        yield "NUL", NUL, True
        yield "huge", HUGE, field.max_value is not None or getattr(field, "max_digits", None) is not None
        yield "negative", "-1", field.min_value is not None and field.min_value >= 0
        yield "over-precise", "1.123456789", isinstance(field, forms.IntegerField) or (
            getattr(field, "decimal_places", None) is not None and field.decimal_places < 9)
        return
    if isinstance(field, forms.CharField):
        yield "NUL", NUL, True
        if field.max_length:
            yield "overlong", "x" * (field.max_length + 1), True
        else:
            yield "long text", "x" * 20_000, False
        yield "emoji", EMOJI, False
        yield "formula prefix", FORMULA, False
        return
    yield "NUL", NUL, True
    yield "wrong type", "abc", False


def serializer_field_cases(meta: dict):
    """The malformed values for one field of a DRF OPTIONS description ({"type", "max_length", …})."""
    kind = meta.get("type")
    if kind in ("field", "file upload", "image upload", "boolean", "nested object", "list"):
        if kind == "field":   # a related field (primary key)
            yield "unknown id", int(UNKNOWN_ID), True
            yield "wrong type", {"id": 1}, True
        return
    if kind == "choice":
        yield "unknown choice", "no-such-choice", True
        yield "wrong type", ["x"], True
        return
    if kind in ("date", "datetime"):
        yield "impossible date", "2026-02-30", True
        yield "year 99999", "99999-12-31", True
        yield "wrong type", 12, True
        yield "year 0001", "0001-01-01" + ("T00:00:00Z" if kind == "datetime" else ""), False
        return
    if kind in ("integer", "decimal", "float"):
        yield "wrong type", "abc", True
        yield "huge", HUGE, meta.get("max_value") is not None or kind == "decimal"
        yield "negative", -1, meta.get("min_value") is not None and meta["min_value"] >= 0
        return
    if kind in ("string", "email", "url", "slug", "regex"):
        yield "NUL", NUL, True
        if meta.get("max_length"):
            yield "overlong", "x" * (meta["max_length"] + 1), True
        yield "wrong type", {"a": 1}, True
        yield "emoji", EMOJI, False
        yield "formula prefix", FORMULA, False


# Tables a refused request may still touch: the session, the login throttle's log.
_UNTRACKED = ("django_session", "axes_")


def _tables() -> list[str]:
    return sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.db_table.startswith(_UNTRACKED)
    )


def snapshot(media_root) -> tuple:
    """Every table's row count (one query) and every file under MEDIA_ROOT: compared around a refusal."""
    tables = _tables()
    # Table names come from the models (quoted), never from a request.
    counts_sql = ", ".join(f"(SELECT count(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
    sql = f"SELECT {counts_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    files = sorted(os.path.join(d, f) for d, _dirs, names in os.walk(media_root) for f in names)
    return counts, files


def difference(before: tuple, after: tuple) -> list[str]:
    changed = [f"{t}: {before[0][t]} → {after[0][t]}" for t in before[0] if before[0][t] != after[0][t]]
    new_files = sorted(set(after[1]) - set(before[1]))
    return changed + [f"new file {f}" for f in new_files]
