"""Finnish words to search terms, with Voikko (libvoikko + voikko-fi).

Finnish inflects and compounds: "hankinnan", "hankintoja" and "yhteishankinta" all contain
the word "hankinta", and "työhönvalmennuksen" is "työhönvalmennus" (= "työhön" + "valmennus").
A stemmer cannot undo consonant gradation (nn ← nt) nor split compounds, so the index stores,
for every word of a text, its lowercase form, its base forms (one per reading Voikko gives) and
the parts of a compound (the last part in base form). A query word becomes the alternatives
"its own form or one of its base forms"; it is matched against those stored terms, so any
inflected form or compound part of a word finds the word.

Without Voikko (a bare machine running `make run`), the terms are the lowercase words and a
warning is logged: search still works for exact word forms.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

logger = logging.getLogger(__name__)

# A word: a run of letters and digits. Punctuation, hyphens and slashes separate words, so a
# register number "TYO/7/2026" is the words "tyo", "7", "2026" both in texts and in queries.
WORD_RE = re.compile(r"[^\W_]+")
MAX_WORD = 60  # longer "words" are data, not language; PostgreSQL lexemes must stay short
MAX_QUERY_WORDS = 10

_lock = threading.Lock()  # a libvoikko handle must not be used by two threads at once
_voikko = None
_voikko_tried = False


def _analyser():
    global _voikko, _voikko_tried
    if not _voikko_tried:
        _voikko_tried = True
        try:
            import libvoikko

            _voikko = libvoikko.Voikko("fi")
        except Exception as exc:  # the library, the binding or the dictionary is missing
            logger.warning("Voikko is not available (%s): search matches exact word forms only. "
                           "Install the Debian packages libvoikko1 and voikko-fi.", exc)
            _voikko = None
    return _voikko


def voikko_available() -> bool:
    return _analyser() is not None


def _split_structure(word: str, structure: str) -> list[str]:
    """The parts of a compound in its surface form: Voikko's STRUCTURE has one letter per
    character of the word and '=' where a part begins ("lautakunnan" → "=ppppp=pppppp")."""
    parts, current, i = [], [], 0
    for ch in structure:
        if ch == "=":
            if current:
                parts.append("".join(current))
                current = []
            continue
        if i < len(word):
            current.append(word[i])
            i += 1
    if current:
        parts.append("".join(current))
    return parts


@lru_cache(maxsize=200_000)
def _base_forms(word: str) -> tuple[str, ...]:
    """Base forms of one word, lowercase, without compound parts."""
    voikko = _analyser()
    if voikko is None:
        return ()
    with _lock:
        analyses = voikko.analyze(word)
    return tuple(dict.fromkeys(a["BASEFORM"].lower() for a in analyses if a.get("BASEFORM")))


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> frozenset[str]:
    """What the index stores for one word: its form, base forms and compound parts."""
    lower = word.lower()
    terms = {lower}
    voikko = _analyser()
    if voikko is None:
        return frozenset(terms)
    with _lock:
        analyses = voikko.analyze(word)
    for analysis in analyses:
        base = (analysis.get("BASEFORM") or "").lower()
        if not base:
            continue
        terms.add(base)
        parts = _split_structure(word, analysis.get("STRUCTURE", ""))
        if len(parts) < 2:
            continue
        # Only the last part of a Finnish compound inflects: the others are as written, and the
        # last one is what remains of the base form after them ("lauta|kunnan" → "kunta").
        prefix = "".join(parts[:-1]).lower()
        for part in parts[:-1]:
            part = part.lower()
            if len(part) > 1:
                terms.add(part)
                terms.update(_base_forms(part))  # "työhön" → "työ"
        if base.startswith(prefix) and len(base) > len(prefix):
            terms.add(base[len(prefix):])
    return frozenset(t for t in terms if t)


def words(text: str) -> list[str]:
    return [w[:MAX_WORD] for w in WORD_RE.findall(text or "")]


def query_alternatives(query: str) -> list[frozenset[str]]:
    """One set per query word: the word as written or any of its base forms (words AND-ed).

    A query word's own compound parts are not alternatives: "yhteishankinta" finds the joint
    procurement, not every text that mentions a procurement.
    """
    alternatives = []
    for word in words(query)[:MAX_QUERY_WORDS]:
        alternatives.append(frozenset({word.lower(), *_base_forms(word)}))
    return list(dict.fromkeys(alternatives))
