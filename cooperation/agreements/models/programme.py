"""The joint employment promotion programme (työllisyyden edistämisohjelma, letter of intent 3):
versions, objectives, cooperation areas, measures and indicators.

Indicators name a monitoring metric by its code only; the values come through
cooperation.base.indicator_values (monitoring registers a provider), so nothing here imports monitoring.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parties.models import Party, localized

from .agreements import Agreement


class Programme(models.Model):
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="programmes", verbose_name=_("agreed in"))

    class Meta:
        verbose_name = _("employment promotion programme")
        verbose_name_plural = _("employment promotion programmes")
        ordering = ["title_fi"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.title_fi, self.title_sv)

    def current_version(self) -> ProgrammeVersion | None:
        versions = sorted(self.versions.all(), key=lambda v: (v.status == ProgrammeVersion.Status.ADOPTED,
                                                              v.adopted_on or v.created.date()), reverse=True)
        return versions[0] if versions else None

    def can_be_edited_by(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if user.has_perm("cooperation.change_programme"):
            return True
        return bool(self.agreement_id) and self.agreement.can_be_edited_by(user)


class ProgrammeVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions",
                                  verbose_name=_("programme"))
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision"), max_length=300, blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True, help_text=_("e.g. “2025–2027”."))
    summary = models.TextField(_("summary"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["programme", "-created"]
        constraints = [models.UniqueConstraint(fields=["programme", "version"], name="programme_version_once")]

    def __str__(self) -> str:
        return f"{self.programme} {self.version}"

    def clean(self) -> None:
        if self.status == self.Status.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("An adopted version needs its adoption date.")})


class Objective(models.Model):
    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="objectives",
                                verbose_name=_("programme version"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.CharField(_("title in Finnish"), max_length=400)
    title_sv = models.CharField(_("title in Swedish"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="objective_number_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self.title_fi, self.title_sv)


class CooperationArea(models.Model):
    """Yhteistyön kokonaisuus (letter of intent 3 IV), each with a responsible working group."""

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="areas",
                                verbose_name=_("programme version"))
    code = models.SlugField(_("code"), max_length=40)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    # The working groups live in the workgroups app; the programme names the group in words.
    responsible_group = models.CharField(_("responsible working group"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cooperation area")
        verbose_name_plural = _("cooperation areas")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="cooperation_area_code_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)

    @property
    def description(self) -> str:
        return localized(self.description_fi, self.description_sv)


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="measures",
                                verbose_name=_("programme version"))
    objective = models.ForeignKey(Objective, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="measures", verbose_name=_("objective"))
    area = models.ForeignKey(CooperationArea, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="measures", verbose_name=_("cooperation area"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("owner"))
    owner_text = models.CharField(_("owner (in words)"), max_length=200, blank=True,
                                  help_text=_("When the owner is a group rather than one party."))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_note = models.TextField(_("status note"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["version", "due_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_text

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = _("The due date cannot be before the start.")
        if self.objective_id and self.version_id and self.objective.version_id != self.version_id:
            errors["objective"] = _("The objective belongs to another programme version.")
        if self.area_id and self.version_id and self.area.version_id != self.version_id:
            errors["area"] = _("The cooperation area belongs to another programme version.")
        if errors:
            raise ValidationError(errors)


class Indicator(models.Model):
    """An objective's indicator, linked to a monitoring metric by its code (e.g. "TYOTOSUUS")."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name=_("objective"))
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    metric_code = models.CharField(_("monitoring metric code"), max_length=40, blank=True)
    area_code = models.CharField(_("area code"), max_length=10, default="MK07",
                                 help_text=_("Observation area, e.g. MK07 (Päijät-Häme), KU398 (Lahti)."))
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=20, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(_("target period"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fi, self.name_sv)
