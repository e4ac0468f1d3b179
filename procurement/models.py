"""Shared resources of the cooperation: joint procurements, appropriation quotas, staff transfers.

Who sees what (docs/permissions.md, "Procurement, quotas and staff transfers"):
- a party's people see and edit their own party's needs, disruption reports and transfers;
- the procurement working group (group PROCUREMENT_GROUP, permission coordinate_procurement) sees
  every need, bundles them into coordination proposals, runs the joint procurements and forwards
  disruption reports to suppliers;
- names of transferred officials are seen only by HR officers (permission view_transferee_names)
  and portal administrators whose own party is involved in that transfer (the one rule:
  StaffTransferQuerySet.names_visible_to / with_name_visibility).

One rule per question, here on the models: who sees rows is each QuerySet's `visible_to(user)`
(cooperation.base.visibility; `can_be_viewed_by` derives from it), who may write is the model's
`can_be_created_by(user)` / `can_be_edited_by(user)`. Views, the API, the admin and the services ask
these; the services (procurement.services) enforce the write rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.base.numbers import format_money, format_percent, format_person_years
from cooperation.base.visibility import VisibilityQuerySet, VisibilityRuleMixin, protected
from parties import roles
from parties.models import Party
from parties.validators import validate_business_id

from .validators import ContractType, threshold_summary, validate_cpv_code

PROCUREMENT_GROUP = "procurement_group"   # hankintatyöryhmä / hankintayksikkö
HR_OFFICER = "hr_officer"                  # henkilöstöhallinto
MEMBER_ROLES = (roles.PORTAL_ADMIN, roles.STEERING_MEMBER, roles.SECRETARY, roles.WORKGROUP_MEMBER, roles.OFFICIAL)
MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")


def is_member(user) -> bool:
    return user.is_authenticated and user.has_role(*MEMBER_ROLES)


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.has_perm("procurement.coordinate_procurement")


# --- Needs and coordination proposals -------------------------------------------------------
def ensure_party_may_act(party: Party, field: str) -> None:
    """The parties' date rule (Party.ensure_can_act_on) for a new quota or cost share, today."""
    try:
        party.ensure_can_act_on()
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _own_party(user, party_id) -> bool:
    """The own-organisation rule: the person's account is linked to this party."""
    return bool(user.is_authenticated and user.party_id) and user.party_id == party_id


class NeedQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> NeedQuerySet:
        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user):
            return self
        if user.party_id and is_member(user):
            return self.filter(party_id=user.party_id)
        return self.none()


@protected
class ProcurementNeed(VisibilityRuleMixin, models.Model):
    """Hankintatarve: what one authority needs to buy (pilot 3.5.2: needs go to the procurement unit)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the procurement group")
        IN_PROPOSAL = "in_proposal", _("Included in a coordination proposal")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="procurement_needs",
                              verbose_name=_("party"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200)
    service_type = models.CharField(_("service type"), max_length=200)
    cpv_code = models.CharField(_("CPV code"), max_length=10, validators=[validate_cpv_code],
                                help_text=_("e.g. 79600000-0 (recruitment services)"))
    target_groups = models.CharField(_("target groups"), max_length=300)
    estimated_volume = models.CharField(_("estimated volume"), max_length=200,
                                        help_text=_("e.g. 120 customers a year"))
    estimated_value = models.DecimalField(_("estimated value (€, VAT 0 %)"), **MONEY,
                                          validators=[MinValueValidator(ZERO)])
    needed_from = models.DateField(_("needed from"))
    needed_until = models.DateField(_("needed until"), null=True, blank=True)
    justification = models.TextField(_("justification"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement need")
        verbose_name_plural = _("procurement needs")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("coordinate_procurement", "Can coordinate joint procurements (procurement working group)"),
            ("view_transferee_names", "Can see names of transferred officials of own party (HR)"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.party})"

    def clean(self) -> None:
        super().clean()
        if self.needed_from and self.needed_until and self.needed_until < self.needed_from:
            raise ValidationError({"needed_until": _("The end of the need cannot be before its start.")})

    def can_be_created_by(self, user) -> bool:
        """A new need is recorded for the person's own party (the procurement group's too)."""
        return user.has_perm("procurement.add_procurementneed") and _own_party(user, self.party_id)

    def can_be_edited_by(self, user) -> bool:
        if self.status == self.Status.IN_PROPOSAL:
            return is_coordinator(user)
        return is_coordinator(user) or (
            user.has_perm("procurement.change_procurementneed") and _own_party(user, self.party_id)
        )


class ProposalQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        if is_coordinator(user) or (user.is_authenticated
                                    and user.has_role(roles.STEERING_MEMBER, roles.SECRETARY)):
            return self
        if user.is_authenticated and user.party_id and is_member(user):
            return self.filter(needs__party_id=user.party_id).distinct()
        return self.none()


@protected
class CoordinationProposal(VisibilityRuleMixin, models.Model):
    """The procurement working group's proposal to the steering group combining several needs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the steering group")
        DECIDED = "decided", _("Decided")

    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200)
    summary = models.TextField(_("proposal"), help_text=_("What the group proposes the steering group decides."))
    needs = models.ManyToManyField(ProcurementNeed, related_name="proposals", verbose_name=_("combined needs"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    steering_reference = models.CharField(
        _("steering-group reference"), max_length=200, blank=True,
        help_text=_("The agenda item or decision (e.g. § 12/2026) where the steering group handles this."))
    workgroup_proposal = models.OneToOneField(
        "workgroups.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="procurement_proposal",
        verbose_name=_("proposal to the steering group"))
    decision = models.ForeignKey("workgroups.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("steering-group decision"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("prepared by"))
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination proposal")
        verbose_name_plural = _("coordination proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def can_be_edited_by(self, user) -> bool:
        return is_coordinator(user)


# --- Joint procurements --------------------------------------------------------------------
class Supplier(models.Model):
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=9, validators=[validate_business_id])
    email = models.EmailField(_("e-mail for complaints"), blank=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["business_id"], name="supplier_unique_business_id")]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"


class ProcurementQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        # Joint procurements are matters of all the parties: every member role sees them.
        return self if is_member(user) or is_coordinator(user) else self.none()


@protected
class JointProcurement(VisibilityRuleMixin, models.Model):
    """Yhteishankinta: one contracting process run by a lead authority on behalf of the parties."""

    class Procedure(models.TextChoices):
        OPEN = "open", _("Open procedure")
        RESTRICTED = "restricted", _("Restricted procedure")
        DPS = "dps", _("Dynamic purchasing system")
        FRAMEWORK = "framework", _("Framework agreement")

    # OCDS procurementMethod for each procedure (a DPS is "selective": admission before call-offs).
    OCDS_METHOD = {"open": "open", "restricted": "selective", "dps": "selective", "framework": "open"}

    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="led_procurements",
                                   verbose_name=_("procuring entity (lead authority)"))
    proposal = models.ForeignKey(CoordinationProposal, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="procurements", verbose_name=_("coordination proposal"))
    cpv_code = models.CharField(_("CPV code"), max_length=10, validators=[validate_cpv_code])
    contract_type = models.CharField(_("contract type"), max_length=20, choices=ContractType.CHOICES,
                                     default=ContractType.SERVICES)
    estimated_value = models.DecimalField(_("estimated value (€, VAT 0 %)"), **MONEY, null=True, blank=True,
                                          validators=[MinValueValidator(ZERO)])
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    hilma_notice_number = models.CharField(_("Hilma notice number"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = ProcurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint procurement")
        verbose_name_plural = _("joint procurements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ocid(self) -> str:
        # settings.OCDS_OCID_PREFIX: a placeholder until the prefix registered with the OCP is set.
        return f"{settings.OCDS_OCID_PREFIX}-{self.pk}"

    @property
    def is_dps(self) -> bool:
        return self.procedure == self.Procedure.DPS

    def threshold(self) -> dict:
        year = self.created_at.year if self.created_at else timezone.localdate().year
        return threshold_summary(self.contract_type, self.estimated_value, year)

    def current_stage(self) -> ProcurementStage | None:
        stages = sorted(self.stages.all(), key=lambda s: ProcurementStage.ORDER.index(s.stage))
        return stages[-1] if stages else None

    def cost_share_total(self) -> Decimal:
        return sum((s.percent for s in self.cost_shares.all()), ZERO)

    def can_be_edited_by(self, user) -> bool:
        """Also the rule for creating one: the procurement group runs the joint procurements."""
        return is_coordinator(user)


class CostShare(models.Model):
    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="cost_shares",
                                    verbose_name=_("joint procurement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    percent = models.DecimalField(_("cost share %"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        ordering = ["-percent", "party__name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["procurement", "party"], name="costshare_unique_party"),
            models.CheckConstraint(condition=Q(percent__gt=0) & Q(percent__lte=100), name="costshare_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {format_percent(self.percent, 2)}"

    def clean(self) -> None:
        if self._state.adding and self.party_id:
            ensure_party_may_act(self.party, "party")


class ProcurementStage(models.Model):
    class Stage(models.TextChoices):
        NEED = "need", _("Need identified")
        PLANNING = "planning", _("Planning")
        NOTICE = "notice", _("Notice published")
        TENDERS = "tenders", _("Tenders received")
        AWARD = "award", _("Award decision")
        CONTRACT = "contract", _("Contract signed")
        MONITORING = "monitoring", _("Contract monitoring")
        ENDED = "ended", _("Ended")

    ORDER = [s.value for s in Stage]

    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="stages",
                                    verbose_name=_("joint procurement"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    decision_reference = models.CharField(_("decision"), max_length=200, blank=True,
                                          help_text=_("e.g. Ohjausryhmä 3.2.2026 § 4"))
    decision = models.ForeignKey("workgroups.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("steering-group decision"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["procurement", "date", "pk"]
        constraints = [models.UniqueConstraint(fields=["procurement", "stage"], name="stage_unique_per_procurement")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date.day}.{self.date.month}.{self.date.year}"

    def clean(self) -> None:
        super().clean()
        if self.stage == self.Stage.NOTICE and self.procurement_id and not self.procurement.hilma_notice_number:
            raise ValidationError({"stage": _("Record the Hilma notice number before the notice stage.")})


class ProcurementContract(models.Model):
    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="contracts",
                                    verbose_name=_("joint procurement"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name=_("supplier"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200)
    terms = models.TextField(_("terms"), blank=True)
    value = models.DecimalField(_("value (€, VAT 0 %)"), **MONEY, null=True, blank=True,
                                validators=[MinValueValidator(ZERO)])
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["ends_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="contract_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.title} – {self.supplier.name}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The contract cannot end before it starts.")})


class DPSCategory(models.Model):
    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="dps_categories",
                                    verbose_name=_("joint procurement"))
    name = models.CharField(_("category"), max_length=200)
    suppliers = models.ManyToManyField(Supplier, through="DPSAdmission", related_name="dps_categories",
                                       verbose_name=_("admitted suppliers"))

    class Meta:
        verbose_name = _("DPS category")
        verbose_name_plural = _("DPS categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.procurement_id and not self.procurement.is_dps:
            raise ValidationError(_("Categories belong to a dynamic purchasing system only."))


class DPSAdmission(models.Model):
    category = models.ForeignKey(DPSCategory, on_delete=models.CASCADE, related_name="admissions",
                                 verbose_name=_("DPS category"))
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="admissions",
                                 verbose_name=_("supplier"))
    admitted_on = models.DateField(_("admitted on"))

    class Meta:
        verbose_name = _("admitted supplier")
        verbose_name_plural = _("admitted suppliers")
        ordering = ["category", "supplier__name"]
        constraints = [models.UniqueConstraint(fields=["category", "supplier"], name="admission_unique")]

    def __str__(self) -> str:
        return f"{self.supplier.name} ∈ {self.category}"


class PaymentMilestone(models.Model):
    """An outcome-based payment point of the DPS, e.g. "employed for 6 months" → 1 500 €."""

    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="milestones",
                                    verbose_name=_("joint procurement"))
    title = models.CharField(_("outcome"), max_length=200)
    description = models.TextField(_("how it is verified"), blank=True)
    amount = models.DecimalField(_("payment per customer (€)"), **MONEY, validators=[MinValueValidator(ZERO)])
    sequence = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["procurement", "sequence", "pk"]

    def __str__(self) -> str:
        return f"{self.title}: {format_money(self.amount)}"


class OcdsReleaseQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        return self.filter(procurement__in=JointProcurement.objects.visible_to(user))


class OcdsRelease(models.Model):
    """One published OCDS release of a joint procurement (procurement.ocds.publish).

    A release is stored when the procurement's data differs from its latest release, so the
    release id and date change only when the data does, and the record lists the history.
    """

    procurement = models.ForeignKey(JointProcurement, on_delete=models.CASCADE, related_name="ocds_releases",
                                    verbose_name=_("joint procurement"))
    sequence = models.PositiveIntegerField(_("order"))
    digest = models.CharField(_("content hash"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    data = models.JSONField(_("release"))

    objects = OcdsReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCDS release")
        verbose_name_plural = _("OCDS releases")
        ordering = ["procurement", "sequence"]
        constraints = [models.UniqueConstraint(fields=["procurement", "sequence"], name="ocdsrelease_unique_sequence")]

    def __str__(self) -> str:
        return self.data.get("id", "")


# --- Disruption reports --------------------------------------------------------------------
class DisruptionQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        if is_coordinator(user):
            return self
        if user.is_authenticated and user.party_id and is_member(user):
            return self.filter(reporting_party_id=user.party_id)
        return self.none()

    def open(self):
        return self.filter(resolved_on__isnull=True)

    def late(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            Q(answered_on__isnull=True, answer_due__lt=today) | Q(answered_on__gt=models.F("answer_due"))
        )


@protected
class DisruptionReport(VisibilityRuleMixin, models.Model):
    """Häiriöilmoitus: a fault in a purchased service, forwarded to the supplier by a deadline (pilot 3.5.2)."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        FORWARDED = "forwarded", _("Forwarded to the supplier")
        ANSWERED = "answered", _("Supplier answered")
        RESOLVED = "resolved", _("Resolved")

    contract = models.ForeignKey(ProcurementContract, on_delete=models.PROTECT, related_name="disruptions",
                                 verbose_name=_("contract"))
    reporting_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("reporting party"))
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("when it happened"))
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reported by"))
    forwarded_on = models.DateField(_("forwarded to the supplier on"), null=True, blank=True)
    answer_due = models.DateField(_("supplier's answer due"), null=True, blank=True)
    supplier_answer = models.TextField(_("supplier's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    objects = DisruptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("disruption report")
        verbose_name_plural = _("disruption reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        if self.resolved_on:
            return self.Status.RESOLVED
        if self.answered_on:
            return self.Status.ANSWERED
        if self.forwarded_on:
            return self.Status.FORWARDED
        return self.Status.REPORTED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def is_late(self, today: dt.date | None = None) -> bool:
        if not self.answer_due:
            return False
        if self.answered_on:
            return self.answered_on > self.answer_due
        return (today or timezone.localdate()) > self.answer_due

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.occurred_on and self.reported_on and self.occurred_on > self.reported_on:
            errors["occurred_on"] = _("The disruption cannot happen after it was reported.")
        if self.forwarded_on and self.reported_on and self.forwarded_on < self.reported_on:
            errors["forwarded_on"] = _("A report cannot be forwarded before it was made.")
        if self.answer_due and self.forwarded_on and self.answer_due < self.forwarded_on:
            errors["answer_due"] = _("The answer cannot be due before the report was forwarded.")
        if self.answered_on and not self.forwarded_on:
            errors["answered_on"] = _("Forward the report to the supplier before recording an answer.")
        if self.resolved_on and not self.resolution.strip():
            errors["resolution"] = _("Describe the resolution.")
        if errors:
            raise ValidationError(errors)

    def can_be_created_by(self, user) -> bool:
        """A report is made in the name of the person's own party."""
        return user.has_perm("procurement.add_disruptionreport") and _own_party(user, self.reporting_party_id)

    def can_be_edited_by(self, user) -> bool:
        return is_coordinator(user) or (
            user.has_perm("procurement.change_disruptionreport") and _own_party(user, self.reporting_party_id)
        )

    def can_be_handled_by(self, user) -> bool:
        """Forwarding to the supplier, recording the answer and resolving: the procurement unit."""
        return is_coordinator(user)


# --- Appropriation quotas (pilot 3.5.3) -----------------------------------------------------
class Appropriation(models.Model):
    class Item(models.TextChoices):
        EMPLOYMENT = "32.30.51", _("Employment appropriation (mom. 32.30.51)")
        BENEFIT_50 = "33.20.50", _("Unemployment benefit appropriation (mom. 33.20.50)")
        BENEFIT_52 = "33.20.52", _("Unemployment benefit appropriation (mom. 33.20.52)")

    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("budget item"), max_length=10, choices=Item.choices)
    amount = models.DecimalField(_("amount (€)"), **MONEY, validators=[MinValueValidator(ZERO)])
    description = models.CharField(_("description"), max_length=300, blank=True)
    warning_levels = models.CharField(
        _("warning levels (%)"), max_length=50, default="80,100",
        help_text=_("Usage percentages that trigger a warning, separated by commas."))

    class Meta:
        verbose_name = _("appropriation")
        verbose_name_plural = _("appropriations")
        ordering = ["-year", "item"]
        constraints = [models.UniqueConstraint(fields=["year", "item"], name="appropriation_unique_year_item")]

    def __str__(self) -> str:
        return f"{self.item} / {self.year}"

    def levels(self) -> list[Decimal]:
        return sorted(Decimal(part.strip()) for part in self.warning_levels.split(",") if part.strip())

    def clean(self) -> None:
        super().clean()
        try:
            levels = self.levels()
        except ArithmeticError as exc:
            raise ValidationError(
                {"warning_levels": _("Give whole percentages separated by commas, e.g. 80,100.")}) from exc
        if any(level <= 0 for level in levels):
            raise ValidationError({"warning_levels": _("Warning levels must be above zero.")})

    def current_split(self) -> QuotaSplit | None:
        return self.splits.filter(superseded_at__isnull=True).order_by("-version").first()


class QuotaSplit(models.Model):
    """One version of the split; a re-run adds a new version and keeps this one (superseded)."""

    appropriation = models.ForeignKey(Appropriation, on_delete=models.PROTECT, related_name="splits",
                                      verbose_name=_("appropriation"))
    version = models.PositiveIntegerField(_("version"))
    counts_on = models.DateField(_("customer counts on"))
    basis = models.TextField(_("basis"), blank=True, help_text=_("Where the customer counts come from."))
    decision_reference = models.CharField(_("decision"), max_length=200, blank=True)
    decision = models.ForeignKey("workgroups.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("steering-group decision"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("made by"))
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota split")
        verbose_name_plural = _("quota splits")
        ordering = ["appropriation", "-version"]
        constraints = [models.UniqueConstraint(fields=["appropriation", "version"], name="split_unique_version")]

    def __str__(self) -> str:
        return f"{self.appropriation} v{self.version}"


class Quota(models.Model):
    split = models.ForeignKey(QuotaSplit, on_delete=models.CASCADE, related_name="quotas",
                              verbose_name=_("split"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="quotas",
                              verbose_name=_("authority"))
    customer_count = models.PositiveIntegerField(_("customers"))
    amount = models.DecimalField(_("quota (€)"), **MONEY)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["split", "-amount", "party__name_fi"]
        constraints = [models.UniqueConstraint(fields=["split", "party"], name="quota_unique_party")]

    def __str__(self) -> str:
        return f"{self.party}: {format_money(self.amount)}"

    def clean(self) -> None:
        if self._state.adding and self.party_id:
            ensure_party_may_act(self.party, "party")


class QuotaEntryQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        return self if is_member(user) else self.none()


@protected
class QuotaEntry(VisibilityRuleMixin, models.Model):
    """A commitment (sidonta) or spending (käyttö) against an authority's quota of an appropriation.

    Usage is measured by commitments: a pay-subsidy or start-up grant decision binds the quota when
    it is made; spending records what has been paid against those commitments (KEHA reports both).
    """

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        SPENDING = "spending", _("Spending")

    appropriation = models.ForeignKey(Appropriation, on_delete=models.PROTECT, related_name="entries",
                                      verbose_name=_("appropriation"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("authority"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (€)"), **MONEY,
                                 help_text=_("A negative amount releases a commitment or corrects spending."))
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = QuotaEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment or spending")
        verbose_name_plural = _("commitments and spending")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_money(self.amount)} ({self.party})"

    def can_be_edited_by(self, user) -> bool:
        """Also the rule for recording one: the own organisation's quota (administrators: any authority)."""
        return user.has_perm("procurement.change_quotaentry") and (
            user.has_role(roles.PORTAL_ADMIN) or _own_party(user, self.party_id))


# --- Staff transfers (pilot 3.6) ------------------------------------------------------------
class TransferPlan(models.Model):
    """Henkilöstösiirto: person-years moved from the state to the municipalities, as agreed."""

    title = models.CharField(pgettext_lazy("document title", "title"), max_length=200)
    sending_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("sending office"))
    total_person_years = models.DecimalField(_("total person-years"), max_digits=6, decimal_places=2)
    base_person_years = models.DecimalField(_("base resource (person-years)"), max_digits=6, decimal_places=2)
    temporary_person_years = models.DecimalField(_("temporary resource (person-years)"), max_digits=6,
                                                 decimal_places=2, default=ZERO)
    temporary_until = models.DateField(_("temporary resource until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True,
                              help_text=_("Where the figures come from, e.g. the agreement section."))
    decision_reference = models.CharField(_("decision"), max_length=200, blank=True)
    decision = models.ForeignKey("workgroups.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("steering-group decision"))

    class Meta:
        verbose_name = _("transfer plan")
        verbose_name_plural = _("transfer plans")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        # The figures are kept as the source gives them: inconsistencies are warnings (mismatches()),
        # never silently corrected. Only a temporary resource without an end date is refused.
        if self.temporary_person_years and not self.temporary_until:
            raise ValidationError({"temporary_until": _("A temporary resource needs an end date.")})

    def mismatches(self) -> list[str]:
        from .staff import plan_mismatches

        return plan_mismatches(self)


class TransferAllocation(models.Model):
    plan = models.ForeignKey(TransferPlan, on_delete=models.CASCADE, related_name="allocations",
                             verbose_name=_("plan"))
    municipality = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("receiving municipality"))
    person_years = models.DecimalField(_("person-years"), max_digits=6, decimal_places=2,
                                       validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["plan", "-person_years"]
        constraints = [models.UniqueConstraint(fields=["plan", "municipality"], name="allocation_unique")]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.person_years} htv"


def _transfer_involves(party_id) -> Q:
    """Transfers to the party (receiving municipality) or from it (sending office)."""
    return Q(to_municipality_id=party_id) | Q(plan__sending_party_id=party_id)


def _name_condition(user) -> Q | bool:
    """Whose names the person may see, as one condition: True (all), False (none) or a Q."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user.party_id:
        return False
    if not (user.has_perm("procurement.view_transferee_names") or user.has_role(roles.PORTAL_ADMIN)):
        return False
    return _transfer_involves(user.party_id)


class StaffTransferQuerySet(VisibilityQuerySet):
    def visible_to(self, user):
        """The rows (without names): the parties involved in a transfer; administrators without a party see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or (user.has_role(roles.PORTAL_ADMIN) and not user.party_id):
            return self
        if user.party_id and (is_member(user) or user.has_perm("procurement.view_transferee_names")):
            return self.filter(_transfer_involves(user.party_id))
        return self.none()

    # The one rule for names of transferred officials: HR officers (view_transferee_names) and
    # administrators of a party involved in the transfer, and superusers. Pages, the API, the admin
    # and StaffTransfer.name_visible_to all ask one of these two methods.
    def names_visible_to(self, user) -> StaffTransferQuerySet:
        """Only the transfers whose official's name the person may see."""
        condition = _name_condition(user)
        if condition is True:
            return self
        return self.filter(condition) if condition else self.none()

    def with_name_visibility(self, user) -> StaffTransferQuerySet:
        """Annotates `name_visible` (bool) for the person: a list shows names with no per-row check."""
        condition = _name_condition(user)
        if isinstance(condition, bool):
            return self.annotate(name_visible=models.Value(condition, output_field=models.BooleanField()))
        return self.annotate(name_visible=models.Case(
            models.When(condition, then=models.Value(True)), default=models.Value(False),
            output_field=models.BooleanField()))


@protected
class StaffTransfer(VisibilityRuleMixin, models.Model):
    class Resource(models.TextChoices):
        BASE = "base", _("Base resource")
        TEMPORARY = "temporary", _("Temporary resource")

    plan = models.ForeignKey(TransferPlan, on_delete=models.PROTECT, related_name="transfers",
                             verbose_name=_("plan"))
    official_name = models.CharField(_("official"), max_length=200)
    consent_date = models.DateField(_("consent given on"))
    from_office = models.CharField(_("from office"), max_length=200, help_text=_("e.g. Lahden toimipiste"))
    to_municipality = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("under the supervision of"))
    resource = models.CharField(_("resource"), max_length=12, choices=Resource.choices, default=Resource.BASE)
    person_years = models.DecimalField(_("person-years"), max_digits=4, decimal_places=2, default=Decimal("1.00"),
                                       validators=[MinValueValidator(Decimal("0.01"))])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = StaffTransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff transfer")
        verbose_name_plural = _("staff transfers")
        ordering = ["plan", "to_municipality__name_fi", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.to_municipality} {self.starts_on:%d.%m.%Y} ({format_person_years(self.person_years)} htv)"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The transfer cannot end before it starts.")
        if self.resource == self.Resource.TEMPORARY and not self.ends_on:
            errors["ends_on"] = _("A temporary transfer needs an end date.")
        if self.consent_date and self.starts_on and self.consent_date > self.starts_on:
            errors["consent_date"] = _("The official's consent must be given before the transfer starts.")
        if errors:
            raise ValidationError(errors)

    def involved_party_ids(self) -> set[int]:
        return {self.to_municipality_id, self.plan.sending_party_id}

    def name_visible_to(self, user) -> bool:
        """May the person see this official's name? Asks the QuerySet rule (names_visible_to);
        lists use `with_name_visibility(user)` instead (no query per row). Remembered per person."""
        answers = self.__dict__.setdefault("_name_answers", {})
        key = getattr(user, "pk", None)
        if key not in answers:
            if self.pk is None:
                answers[key] = False
            else:
                answers[key] = type(self)._default_manager.all().names_visible_to(user).filter(pk=self.pk).exists()
        return answers[key]

    def involves_organisation_of(self, user) -> bool:
        """The person's organisation is a party of the transfer as it stands (superusers: any)."""
        return user.is_superuser or _own_party(user, self.to_municipality_id) or _own_party(
            user, self.plan.sending_party_id)

    def can_be_created_by(self, user) -> bool:
        """Recording a transfer: the HR permission and a party involved in it (superusers: any)."""
        return user.has_perm("procurement.add_stafftransfer") and self.involves_organisation_of(user)

    def can_be_edited_by(self, user) -> bool:
        return self.name_visible_to(user) and user.has_perm("procurement.change_stafftransfer")

    def can_be_saved_by(self, user, *, stored: StaffTransfer) -> bool:
        """Saving a change: the person may edit the transfer as stored, and the changed transfer still
        involves their organisation, so nobody moves a transfer to parties they have no part in."""
        return stored.can_be_edited_by(user) and self.involves_organisation_of(user)


def committed_and_spent(appropriation_ids) -> dict[tuple[int, int], dict[str, Decimal]]:
    """(appropriation_id, party_id) → {"commitment": …, "spending": …} in one query."""
    rows = (QuotaEntry.objects.filter(appropriation_id__in=appropriation_ids)
            .values("appropriation_id", "party_id", "kind").annotate(total=Sum("amount")))
    result: dict[tuple[int, int], dict[str, Decimal]] = {}
    for row in rows:
        bucket = result.setdefault((row["appropriation_id"], row["party_id"]),
                                   {"commitment": ZERO, "spending": ZERO})
        # SQLite returns sums with extra decimal places; money is always shown to the cent.
        bucket[row["kind"]] = (row["total"] or ZERO).quantize(Decimal("0.01"))
    return result
