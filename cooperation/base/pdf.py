"""The one PDF rendering function every app uses (agendas, minutes, reports, agreements).

A plain function, testable without Celery: template + context → tagged PDF bytes.
"""

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


def render_to_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    return html_to_pdf(render_html(template_name, context, language=language))
