"""Secrecy grounds as the reader's language writes them (cooperation.base.secrecy_grounds)."""

from django import template

from cooperation.base import secrecy_grounds

register = template.Library()


@register.filter
def secrecy_ground(value: str) -> str:
    """The citation: "JulkL 24 § 1 mom. 25 k." (fi) / "OffL 24 § 1 mom. 25 p." (sv); free text as written."""
    return secrecy_grounds.ground_label(value or "")


@register.filter
def secrecy_ground_title(value: str) -> str:
    """The ground's wording, or nothing for a value not on the list."""
    ground = secrecy_grounds.ground_for(value or "")
    return ground.title() if ground else ""


@register.filter
def secret_marking(value: str) -> str:
    """ "Salassa pidettävä, JulkL 24 § 1 mom. 25 k." """
    return secrecy_grounds.secret_marking(value or "")
