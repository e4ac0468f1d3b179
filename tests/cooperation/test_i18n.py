"""Finnish first, Swedish and English complete: every catalogue entry translated and compiled."""

import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/*.po") if ".venv" not in p.parts)


def _entries(path: Path):
    """(msgid, msgstr-or-plurals, fuzzy) per entry, enough of the PO format for a completeness check."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M)
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)?\s*"(.*)"$', block.split("msgstr")[0], re.M))
        strs = re.findall(r'^msgstr(?:\[\d\])?\s+"(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        yield msgid, ["".join([first, *re.findall(r'"(.*)"', rest)]) for first, rest in strs], bool(fuzzy)


@pytest.mark.parametrize("path", [p for p in PO_FILES if p.parts[-3] in ("fi", "sv")], ids=str)
def test_finnish_and_swedish_catalogues_are_complete(path):
    missing = [msgid for msgid, strs, fuzzy in _entries(path) if msgid and (fuzzy or not all(strs))]
    assert not missing, f"{path}: {len(missing)} untranslated or fuzzy, e.g. {missing[:5]}"


def test_catalogues_are_compiled():
    for po in PO_FILES:
        assert po.with_suffix(".mo").exists(), f"{po} is not compiled (make messages)"


@pytest.mark.parametrize(("lang", "expected"), [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Log in")])
def test_login_page_in_each_language(client, db, lang, expected):
    client.cookies["django_language"] = lang
    page = client.get("/account/login/").content.decode()
    assert f'lang="{lang}"' in page and expected in page


def test_finnish_is_the_default(client, db):
    with translation.override(None):
        page = client.get("/").content.decode()
    assert 'lang="fi"' in page


def test_language_switch_sets_swedish(client, db):
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert 'lang="sv"' in client.get("/").content.decode()
