"""Publicity class of documents (julkisuuslaki 621/1999).

Everything is public unless marked otherwise, and a non-public marking must cite its ground
(25 §): e.g. "JulkL 24 § 1 mom. 20 k". Apps put PublicityMixin on attachments, agenda items
and anything else that can be secret, and filter with `.public()` / `can_be_seen_by`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .secrecy_grounds import choices as secrecy_ground_choices
from .secrecy_grounds import ground_for, normalise

# Kept for callers that offered the old short list: now the whole controlled list, in the current language.
COMMON_SECRECY_GROUNDS = secrecy_ground_choices


class Publicity(models.TextChoices):
    PUBLIC = "public", _("Public")
    NOT_PUBLIC = "not_public", _("Not public")


def validate_secrecy_ground(value: str) -> None:
    """A ground from the controlled list (cooperation.base.secrecy_grounds), e.g. "JulkL 24 § 1 mom. 20 k"."""
    if value and ground_for(value) is None:
        raise ValidationError(
            _("Choose the secrecy ground from the list (e.g. “JulkL 24 § 1 mom. 20 k.”); “%(value)s” is not on it."),
            code="secrecy_ground", params={"value": value[:80]},
        )


class PublicityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(publicity=Publicity.PUBLIC)


class PublicityMixin(models.Model):
    publicity = models.CharField(
        _("publicity"), max_length=12, choices=Publicity.choices, default=Publicity.PUBLIC
    )
    secrecy_ground = models.CharField(
        _("secrecy ground"), max_length=200, blank=True, validators=[validate_secrecy_ground],
        help_text=_("Required when not public, e.g. “JulkL 24 § 1 mom. 20 k”."),
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.publicity == Publicity.PUBLIC

    def clean(self) -> None:
        super().clean()
        self.secrecy_ground = normalise(self.secrecy_ground)  # one spelling per ground
        if self.publicity == Publicity.NOT_PUBLIC and not self.secrecy_ground.strip():
            raise ValidationError({"secrecy_ground": _("A non-public document must cite its secrecy ground.")})
        if self.publicity == Publicity.PUBLIC and self.secrecy_ground:
            raise ValidationError({"secrecy_ground": _("A public document has no secrecy ground.")})
