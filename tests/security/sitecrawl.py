"""The site crawl's tools: follow a person's links breadth-first with the test client, read a page's
visible text, run the Nu HTML checker once over a folder of pages, and serve crawled pages to a browser
for axe without a live server (the crawl world lives in a transaction a server thread cannot see)."""

import html
import json
import os
import re
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "var/node/node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java")

# Followed for their status only (a person is shown these links; they must not answer 403/404/500),
# never parsed: leaving, files, the admin (Django's own pages) and the machine-readable API.
NOT_PARSED = ("/account/logout", "/admin/", "/api/", "/static/", "/media/", "/jsi18n/", "/healthz")


@dataclass
class Page:
    url: str
    url_name: str
    html: str
    found_on: str


@dataclass
class Crawl:
    pages: list[Page] = field(default_factory=list)
    bad_links: list[str] = field(default_factory=list)   # "url → status (shown on …)"
    files: int = 0                                       # downloads and API answers checked by status


class _Parser(HTMLParser):
    """Links (a[href]) and visible text: text nodes outside script/style/template plus the attributes
    a person reads or hears (alt, title, aria-label, placeholder, value of buttons)."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for name in ("alt", "title", "aria-label", "placeholder"):
            if a.get(name):
                self.text.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.text.append(a["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data.strip())


def parse(body: str) -> tuple[list[str], str]:
    parser = _Parser()
    parser.feed(body)
    return parser.links, "\n".join(parser.text)


def visible_text(body: str) -> str:
    return parse(body)[1]


def url_name(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return "<unresolved>"
    return match.view_name


def _same_site(href: str, base: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url = urldefrag(urljoin(base, href))[0]
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start=("/dashboard/",), limit: int = 400, files_seen: set | None = None,
          per_url_name: int = 2) -> Crawl:
    """GET only, breadth-first from the start pages, following the same-site links each page shows.
    files_seen: downloads already checked for this person (in another language): not fetched again,
    a PDF is the slowest thing to answer. per_url_name: pages visited per URL name, enough to reach every
    kind of page without walking every filter and page number of every list."""
    out = Crawl()
    files_seen = set() if files_seen is None else files_seen
    queue = deque((url, "(start)") for url in start)
    seen = set(start)
    per_name: dict[str, int] = {}
    while queue and len(out.pages) < limit:
        url, found_on = queue.popleft()
        if url in files_seen:
            continue
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code >= 400:
            out.bad_links.append(f"{url} → {response.status_code} (shown on {found_on})")
            continue
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        if "/account/login/" in final and "/account/login/" not in url:
            out.bad_links.append(f"{url} → sends a logged-in person to the login page (shown on {found_on})")
            continue
        if not response.get("Content-Type", "").startswith("text/html") or url.startswith(NOT_PARSED):
            out.files += 1
            files_seen.add(url)
            continue
        text = body.decode()
        out.pages.append(Page(url, url_name(urlsplit(url).path), text, found_on))
        links, _text = parse(text)
        for href in links:
            target = _same_site(html.unescape(href), url)
            if target is None or target in seen:
                continue
            name = url_name(urlsplit(target).path)
            if not target.startswith(NOT_PARSED):
                # Skip further variants of an already well-visited kind of page (pages and filters).
                if per_name.get(name, 0) >= per_url_name:
                    continue
                per_name[name] = per_name.get(name, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return out


def vnu_errors(folder: Path) -> list[str]:
    """The Nu HTML checker's errors over every .html file in the folder, in one run of the checker."""
    result = subprocess.run([JAVA, "-Xss1m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
                             str(folder)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in report["messages"] if m.get("type") == "error"]


def vnu_available() -> bool:
    return bool(JAVA) and VNU_JAR.is_file()


def safe_file_name(role: str, index: int, url: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:80] or "root"
    return f"{role}-{index:03d}-{slug}.html"


def serve_from(pages: dict[str, str]):
    """A Playwright route handler: crawled HTML for the crawled URLs, static files from the finders,
    nothing from anywhere else (so axe sees the page as the person saw it, without a server)."""
    from django.contrib.staticfiles import finders

    def handler(route):
        parts = urlsplit(route.request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in pages:
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=pages[path])
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if found and os.path.isfile(found):
                return route.fulfill(status=200, path=found)
        return route.fulfill(status=204, body="")

    return handler
