from django import template

from workgroups.personal_data import redact, reveal

register = template.Library()


@register.filter
def personal(text: str, removed: bool = False) -> str:
    """Marked personal data shown (members; the public before the appeal period ends) or removed."""
    return redact(text) if removed else reveal(text)
