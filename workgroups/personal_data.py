"""Personal data in minutes texts (kuntalaki 140 § 1 mom.): the secretary marks a private person's name
with double brackets, e.g. "[[Matti Meikäläinen]]". Member pages show the name; the public web shows
it until the appeal period ends, then a placeholder. Recusals (names) are treated the same way."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

MARKED = re.compile(r"\[\[(.+?)\]\]")


def has_personal_data(text: str) -> bool:
    return bool(text and MARKED.search(text))


def reveal(text: str) -> str:
    """For members: the names without the marks."""
    return MARKED.sub(r"\1", text or "")


def redact(text: str) -> str:
    """For the public web after the appeal period: each marked name replaced with a placeholder."""
    return MARKED.sub(lambda _m: _("[personal data removed]"), text or "")
