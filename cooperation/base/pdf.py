"""The one PDF rendering function every app uses (agendas, minutes, reports, agreements).

A plain function, testable without Celery: template + context → tagged PDF bytes.

Agendas, minutes and agreements render inside the web request. WeasyPrint's time grows with the
pages (a 3 MB field once took 57 s, past gunicorn's 30 s timeout), and even texts within the
limits of cooperation.base.limits add up on a loaded machine. So a render in a request runs in a
forked child with a deadline (PDF_REQUEST_TIME_LIMIT seconds): past it the child is killed and
the request answers 503 with a message (RenderTooSlow, handled in cooperation.base.middleware),
so no request waits longer. The monthly reports render in the worker, without this deadline.
"""

import os
import select
import signal
import time
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_html(template_name: str, context: dict, *, language: str | None = None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


class PdfAttachment(NamedTuple):
    """A file embedded in the PDF (e.g. a report's data as CSV)."""

    name: str
    content: bytes
    description: str = ""


def html_to_pdf(html: str, attachments: list[PdfAttachment] = ()) -> bytes:
    """WeasyPrint with PDF tags on, so screen readers can read the document (PDF/UA).

    The base URL is the project directory: templates/pdf/fonts.css loads the fonts from static/.
    """
    from weasyprint import HTML, Attachment  # imported lazily: pango is only needed where PDFs are made

    files = [Attachment(string=a.content, name=a.name, description=a.description) for a in attachments]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True, attachments=files)


class RenderTooSlow(Exception):
    """A PDF that could not be rendered within the request's deadline."""


def html_to_pdf_within(html: str, seconds: float) -> bytes:
    """html_to_pdf in a forked child, killed after `seconds` (then RenderTooSlow).

    A fork, not a thread: a thread cannot be stopped, and would go on burning the web worker's
    CPU after the answer. The child touches no database connection and leaves with os._exit, so
    nothing of the parent's state is flushed or closed twice.
    """
    deadline = time.monotonic() + seconds
    import weasyprint  # noqa: F401  (imported before the fork, so each child need not import it)

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        status = 1
        try:
            data = html_to_pdf(html)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                raise RenderTooSlow
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("PDF rendering failed in the child process")
    return b"".join(chunks)


def render_to_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a PDF for a web request, within settings.PDF_REQUEST_TIME_LIMIT seconds."""
    html = render_html(template_name, context, language=language)
    return html_to_pdf_within(html, settings.PDF_REQUEST_TIME_LIMIT)
