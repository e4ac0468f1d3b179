"""Publicity class of documents (julkisuuslaki 621/1999).

Everything is public unless marked otherwise, and a non-public marking must cite its ground
(25 §): e.g. "JulkL 24 § 1 mom. 20 k". Apps put PublicityMixin on attachments, agenda items
and anything else that can be secret, and filter with `.public()` / `can_be_seen_by`.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A citation of a section: JulkL 24 § 1 mom. 20 k, or another act's section (e.g. "Laki 380/2023 105 §").
SECRECY_GROUND_RE = re.compile(r"\d+\s*§")

COMMON_SECRECY_GROUNDS = [
    ("JulkL 24 § 1 mom. 6 k", _("Preparation of a procurement or negotiation (JulkL 24 § 1 mom. 6 k)")),
    ("JulkL 24 § 1 mom. 15 k", _("Inspection or supervision information (JulkL 24 § 1 mom. 15 k)")),
    ("JulkL 24 § 1 mom. 17 k", _("A company's trade secret or economic position (JulkL 24 § 1 mom. 17 k)")),
    ("JulkL 24 § 1 mom. 20 k", _("A private business or professional secret (JulkL 24 § 1 mom. 20 k)")),
    ("JulkL 24 § 1 mom. 23 k", _("A person's income and economic position (JulkL 24 § 1 mom. 23 k)")),
    ("JulkL 24 § 1 mom. 25 k", _("Social welfare client information (JulkL 24 § 1 mom. 25 k)")),
    ("JulkL 24 § 1 mom. 29 k", _("Examinations and aptitude tests (JulkL 24 § 1 mom. 29 k)")),
    ("JulkL 24 § 1 mom. 32 k", _("Private life and personal circumstances (JulkL 24 § 1 mom. 32 k)")),
]


class Publicity(models.TextChoices):
    PUBLIC = "public", _("Public")
    NOT_PUBLIC = "not_public", _("Not public")


def validate_secrecy_ground(value: str) -> None:
    if value and not SECRECY_GROUND_RE.search(value):
        raise ValidationError(
            _("Cite the section of law the secrecy is based on, e.g. “JulkL 24 § 1 mom. 20 k”."),
            code="secrecy_ground",
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
        if self.publicity == Publicity.NOT_PUBLIC and not self.secrecy_ground.strip():
            raise ValidationError({"secrecy_ground": _("A non-public document must cite its secrecy ground.")})
        if self.publicity == Publicity.PUBLIC and self.secrecy_ground:
            raise ValidationError({"secrecy_ground": _("A public document has no secrecy ground.")})
