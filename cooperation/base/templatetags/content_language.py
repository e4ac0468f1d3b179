"""Which language a piece of content is in, for WCAG 3.1.2 (language of parts).

Texts people write (decisions, agreement sections, commentary, titles) are Finnish; names of
bodies and parties have a Swedish version where one exists and fall back to the Finnish one. On
a Swedish or English page such Finnish content is marked so that a screen reader switches voice:

    <div{% content_lang %}>{{ decision.text|linebreaks }}</div>          a Finnish-only text
    <h2{% content_lang section "heading" %}>{{ section.heading }}</h2>   heading_sv if given, else heading_fi
    {% lang_name body %}                                                   body.name, a fallback in <span lang="fi">

`content_lang` writes ` lang="fi"` (or nothing when the page is Finnish or the page's own language
version of the field exists), so it can stand in any element's attributes, also in PDFs.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


def _page_language() -> str:
    return (get_language() or "fi")[:2]


def shows_finnish(obj=None, field: str | None = None) -> bool:
    """Whether what the page shows of obj.field (or a Finnish-only text) is the Finnish version."""
    page = _page_language()
    if page == "fi":
        return False
    return not (obj is not None and field and getattr(obj, f"{field}_{page}", ""))


@register.simple_tag
def content_lang(obj=None, field: str | None = None) -> str:
    return mark_safe(' lang="fi"') if shows_finnish(obj, field) else ""


@register.simple_tag
def lang_name(obj, field: str = "name") -> str:
    """obj.name (the page's language version or the Finnish one); the Finnish fallback visibly marked."""
    text = getattr(obj, field, "") if obj is not None else ""
    if shows_finnish(obj, field):
        return format_html('<span lang="fi">{}</span>', text)
    return format_html("{}", text)
