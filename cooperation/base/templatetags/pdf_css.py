"""`css_string`: a value inside a CSS string in a PDF template's <style> (page headers and footers).

Neither HTML escaping nor `escapejs` fits there: the HTML parser does not decode entities inside
<style> (so "&quot;" would be printed as it is), and CSS does not know JavaScript's "\\u002D"
(it prints "u002D"). CSS's own escape is a backslash and the character's code in hex; six digits
need no terminating space. Quotes, backslashes, angle brackets (no "</style>") and control
characters are escaped; every other character, hyphens and "ä" included, is written as it is.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPED = frozenset('"\'\\<>&')


@register.filter(is_safe=True)
def css_string(value) -> str:
    text = "" if value is None else str(value)
    out = []
    for char in text:
        if char in _ESCAPED or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):06X}")
        else:
            out.append(char)
    return mark_safe("".join(out))  # noqa: S308 - every character that could end the string or <style> is escaped
