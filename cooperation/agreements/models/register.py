"""Service agreements between the parties (letter of intent 3, last paragraph: services agreed case
by case) and the context per employment authority the programme is read against (letter 3 I, III).

A service agreement may name a joint procurement or its cost share. Agreements and procurement are
independent siblings (neither imports the other), so the link is kept here as the procurement's id
and its label at the time of linking; the page shows the label, and the procurement's own page is
reached by its id. Nothing here imports procurement.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parties.models import EmploymentAuthority, Party

from .agreements import Agreement, _party_may_act
from .programme import ProgrammeVersion


class ServiceAgreement(models.Model):
    """Palvelusopimus: one party produces a service for another under a main agreement."""

    class PriceBasis(models.TextChoices):
        COST = "cost", _("Actual costs")
        UNIT_PRICE = "unit_price", _("Unit price")
        LUMP_SUM = "lump_sum", _("Lump sum")
        COST_SHARE = "cost_share", _("Cost share of a joint procurement")
        FREE = "free", _("Without charge")

    main_agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="service_agreements",
                                       verbose_name=_("main agreement"))
    producer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("producing party"))
    buyer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("buying party"))
    service = models.CharField(_("service"), max_length=300)
    price_basis = models.CharField(_("price basis"), max_length=20, choices=PriceBasis.choices)
    price_note = models.CharField(_("price"), max_length=300, blank=True, help_text=_("e.g. “85 € / hour”."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    procurement_id = models.PositiveIntegerField(_("joint procurement (number)"), null=True, blank=True)
    procurement_label = models.CharField(_("joint procurement"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        ordering = ["main_agreement", "valid_from", "service"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(producer=models.F("buyer")),
                                   name="service_agreement_two_parties"),
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True)
                                   | models.Q(valid_until__gte=models.F("valid_from")),
                                   name="service_agreement_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.producer} → {self.buyer}"

    def get_additional_data(self) -> dict:
        return {"agreement": self.main_agreement_id}

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)

    def clean(self) -> None:
        errors: dict = {}
        if self.producer_id and self.producer_id == self.buyer_id:
            errors["buyer"] = _("The producing and the buying party are two different parties.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity cannot be before its start.")
        if self.price_basis == self.PriceBasis.COST_SHARE and not self.procurement_id:
            errors["procurement_id"] = _("Name the joint procurement whose cost share is the price.")
        if self.main_agreement_id:
            party_ids = set(self.main_agreement.memberships.values_list("party_id", flat=True))
            for field in ("producer", "buyer"):
                if getattr(self, f"{field}_id") and getattr(self, f"{field}_id") not in party_ids:
                    errors[field] = _("Only a party of the main agreement can be named.")
        if errors:
            raise ValidationError(errors)
        if self._state.adding:
            _party_may_act(self.producer, self.valid_from, "producer")
            _party_may_act(self.buyer, self.valid_from, "buyer")


class AuthorityContext(models.Model):
    """A distinguishing feature of one employment authority (letter of intent 3 I, III), read from
    a monitoring metric where one exists, else entered by hand with its source."""

    class Feature(models.TextChoices):
        FOREIGN_LANGUAGE = "foreign_language", _("Foreign-language speakers")
        LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
        YOUNG = "young", _("Young people")
        STUDENTS = "students", _("Students")

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="contexts",
                                verbose_name=_("programme version"))
    authority = models.ForeignKey(EmploymentAuthority, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("employment authority"))
    feature = models.CharField(_("feature"), max_length=30, choices=Feature.choices)
    metric_code = models.CharField(
        _("monitoring metric code"), max_length=40, blank=True,
        help_text=_("When monitoring has the figure, e.g. TYOTTOMAT25; the latest value is shown."),
    )
    value = models.DecimalField(_("value entered"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    as_of = models.CharField(_("as of"), max_length=40, blank=True, help_text=_("e.g. “12/2025”."))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("context of an authority")
        verbose_name_plural = _("contexts of the authorities")
        ordering = ["version", "authority__name_fi", "feature"]
        constraints = [models.UniqueConstraint(fields=["version", "authority", "feature"],
                                               name="context_once_per_feature")]

    def __str__(self) -> str:
        return f"{self.authority} – {self.get_feature_display()}"

    @property
    def area_code(self) -> str:
        """The monitoring area of the authority: a municipality acting alone has one (KU398);
        an employment area of nine municipalities has no single code, so its figures are entered."""
        return self.authority.party.statfin_code if self.authority.party_id else ""

    def clean(self) -> None:
        if self.value is not None and not self.source.strip():
            raise ValidationError({"source": _("Name the source of a figure entered by hand.")})
