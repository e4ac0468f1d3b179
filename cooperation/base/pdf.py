"""The one PDF rendering function every app uses (agendas, minutes, reports, agreements).

A plain function, testable without Celery: template + context → tagged PDF bytes.

Agendas, minutes and agreements render inside the web request. WeasyPrint's time grows with the
pages (a 3 MB field once took 57 s, past gunicorn's 30 s timeout), and even texts within the
limits of cooperation.base.limits add up on a loaded machine. So a render in a request runs in a
forked child with a deadline (PDF_REQUEST_TIME_LIMIT seconds): past it the child is killed and
the request answers 503 with a message (RenderTooSlow, handled in cooperation.base.middleware),
so no request waits longer. The monthly reports render in the worker, without this deadline.

Every PDF is made as PDF/UA-1 (WeasyPrint's pdf/ua-1 variant: tags, the XMP identifier
pdfuaid:part=1 and dc:title from the HTML <title>, /Lang from <html lang>). What the variant
leaves out is added here, for every kind of PDF at once: dc:language in the XMP, each attached
file's /AFRelationship and the catalogue's /AF array (as PDF/A-3 asks), the language of parts in
another language (lang="fi" on Finnish commentary in a Swedish report) on their structure
elements, and the shared print rules (a table row is never split across pages).
"""

import os
import select
import signal
import time
from functools import cache
from typing import NamedTuple
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_html(template_name: str, context: dict, *, language: str | None = None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


class PdfAttachment(NamedTuple):
    """A file embedded in the PDF (e.g. a report's data as CSV).

    `relationship` is the file's /AFRelationship: "Data" is the data the document's tables and
    charts are drawn from (ISO 32000-2, 7.11.3), which is what the portal attaches.
    """

    name: str
    content: bytes
    description: str = ""
    relationship: str = "Data"


# Print rules shared by every PDF, on top of each template's own style: a table row stays on one
# page (its header row repeats instead), and so do figures.
SHARED_CSS = """
tr, img, figure, svg { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
"""


@cache
def _shared_stylesheet():
    from weasyprint import CSS

    return CSS(string=SHARED_CSS)


def _xmp_language(language: str) -> bytes:
    """An rdf:Description giving dc:language (the XMP of the pdf/ua-1 variant has only dc:title)."""
    return (f'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
            f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
            f"</rdf:Description>").encode()


def _finisher(files):
    """WeasyPrint finisher: dc:language in the XMP, /AFRelationship on each file and the /AF array."""
    import pydyf

    def finish(document, pdf):
        objects = pdf.objects  # a reference "N 0 R" is objects[N]
        language = getattr(pdf.catalog.get("Lang"), "string", "") or settings.LANGUAGE_CODE
        metadata = objects[int(pdf.catalog["Metadata"].split()[0])]
        content = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
        metadata.stream = [content.replace(b"</rdf:RDF>", _xmp_language(language) + b"</rdf:RDF>", 1)]
        relationships = {f"<{f.md5}>": f.relationship for f in files if f.md5}
        specs = [obj for obj in pdf.objects if isinstance(obj, dict) and obj.get("Type") == "/Filespec"]
        for spec in specs:
            checksum = objects[int(spec["EF"]["F"].split()[0])].extra["Params"]["CheckSum"]
            spec["AFRelationship"] = f"/{relationships.get(checksum, 'Unspecified')}"
        if specs:
            pdf.catalog["AF"] = pydyf.Array(spec.reference for spec in specs)

    return finish


def _tag_languages():
    """Give a structure element the /Lang of its HTML element's lang attribute.

    WeasyPrint 70 tags the document's language only (/Lang in the catalogue); a part in another
    language, e.g. Finnish commentary in a Swedish report, must say so (PDF/UA 7.2, WCAG 3.1.2).
    Wraps the tag builder of weasyprint.pdf.tags (pinned ~=70.0; tests/test_pdf_ua.py checks it).
    """
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "portal_lang", False):
        return

    def build_with_lang(box, parent, *args):
        lang = None if box.element is None else box.element.get("lang")
        for element in build(box, parent, *args):
            if lang and box.element_tag != "html" and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    build_with_lang.portal_lang = True
    tags._build_box_tree = build_with_lang


def html_to_pdf(html: str, attachments: list[PdfAttachment] = ()) -> bytes:
    """WeasyPrint as PDF/UA-1, so screen readers can read the document; see the module docstring.

    The base URL is the project directory: templates/pdf/fonts.css loads the fonts from static/.
    """
    from weasyprint import HTML, Attachment  # imported lazily: pango is only needed where PDFs are made

    _tag_languages()
    files = [Attachment(string=a.content, name=a.name, description=a.description, relationship=a.relationship)
             for a in attachments]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", attachments=files, stylesheets=[_shared_stylesheet()], finisher=_finisher(files))


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
