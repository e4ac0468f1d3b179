"""The one PDF rendering function every app uses (agendas, minutes, reports, agreements).

A plain function, testable without Celery: template + context → tagged PDF bytes.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_html(template_name: str, context: dict, *, language: str | None = None) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with PDF tags on, so screen readers can read the document (PDF/UA)."""
    from weasyprint import HTML  # imported lazily: pango is only needed where PDFs are made

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_tags=True)


def render_to_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    return html_to_pdf(render_html(template_name, context, language=language))
