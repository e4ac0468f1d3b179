"""Names of the files the portal hands out, in the reader's language and safe for every browser.

A report is "raportti-ohjausryhma-2026-11-v1.pdf" in Finnish, "rapport-styrgruppen-2026-11-v1.pdf"
in Swedish and "report-steering-group-2026-11-v1.pdf" in English: words, not codes. The name
in `filename` is plain ASCII (ä → a, spaces → hyphens), which every browser and file system
accepts; `filename*` (RFC 5987/6266) carries the same name in UTF-8 for those that read it.
"""

from __future__ import annotations

import unicodedata
from contextlib import nullcontext
from urllib.parse import quote

from django.utils.text import slugify
from django.utils.translation import override, pgettext

# The words of file names, translated with the context "file name" (ASCII after slugify).
WORDS = {
    "report": lambda: pgettext("file name", "report"),
    "steering-group": lambda: pgettext("file name", "steering-group"),
    "agenda": lambda: pgettext("file name", "agenda"),
    "minutes": lambda: pgettext("file name", "minutes"),
    "agreement": lambda: pgettext("file name", "agreement"),
}


def ascii_slug(text: str) -> str:
    """"Lahden kaupunki" → "lahden-kaupunki", "Ohjausryhmä" → "ohjausryhma"."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return slugify(folded)


def file_name(*parts: str, extension: str, language: str | None = None) -> str:
    """Parts joined by hyphens; a part that is one of WORDS is written in `language`."""
    with override(language) if language else nullcontext():
        words = [WORDS[part]() if part in WORDS else str(part) for part in parts if part not in ("", None)]
    stem = "-".join(filter(None, (ascii_slug(word) for word in words)))
    return f"{stem or 'file'}.{extension}"


def content_disposition(filename: str, *, attachment: bool = False) -> str:
    kind = "attachment" if attachment else "inline"
    fallback = ascii_slug(filename.rsplit(".", 1)[0]) + ("." + ascii_slug(filename.rsplit(".", 1)[1])
                                                          if "." in filename else "")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"

