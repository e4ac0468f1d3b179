"""Making one probe: the URL for a route in the world, a client for a role, and the text of a response
(HTML, JSON, iCal, CSV, a file or a PDF's extracted text) to search for markers."""

import hashlib
import io

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.conftest import login_verified
from tests.security.world import ANON, MARKER_READERS, MARKERS, TOKEN_ROLES


def client_for(w, role: str) -> Client:
    cache = w.__dict__.setdefault("_clients", {})
    if role not in cache:
        client = Client()
        if role in TOKEN_ROLES:
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {w.tokens[role]}"
        elif role != ANON:
            login_verified(client, w.users[role])
        cache[role] = client
    return cache[role]


_PDF_TEXT: dict[str, str] = {}  # one report PDF is downloaded by many roles: extract its text once


def _pdf_text(body: bytes) -> str:
    key = hashlib.sha256(body).hexdigest()
    if key not in _PDF_TEXT:
        _PDF_TEXT[key] = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return _PDF_TEXT[key]


def response_text(response) -> str:
    """Everything a reader of the response gets: headers, body, a PDF's text, a file's content."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    parts = [str(dict(response.headers)), body.decode("utf-8", "replace")]
    if body.startswith(b"%PDF"):
        parts.append(_pdf_text(body))
    return "\n".join(parts)


def leaked(text: str, role: str, extra_readers: dict | None = None) -> list[str]:
    """The markers in the text that the role may not read (extra_readers: marker → roles, for one URL)."""
    extra = extra_readers or {}
    return [m for m in MARKERS if m in text and role not in MARKER_READERS[m] | extra.get(m, set())]


def url_of(route, kwargs: dict, query: str = "") -> str:
    url = reverse(route.name, kwargs=kwargs) if not route.name.startswith("admin:<unnamed") else None
    if url is None:  # an unnamed pattern: fill in its parameters by hand
        url = "/" + route.pattern
        for param, value in kwargs.items():
            url = url.replace(f"<path:{param}>", str(value))
    return url + (f"?{query}" if query else "")


