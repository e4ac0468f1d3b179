"""Agreements between the parties, as living records: parties over time, signatures, sections,
attachments (Liite 1…n), amendments, accessions, withdrawals and disputes.

The state of an agreement is never stored: it is derived from its signatures and dates, so it
cannot drift from the facts it rests on.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.base.publicity import Publicity, PublicityMixin, PublicityQuerySet
from cooperation.base.visibility import VisibilityQuerySet, VisibilityRuleMixin, protected
from parties.models import Party, localized


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated to the parties for comments")
    APPROVED = "approved", _("Approved by the parties, awaiting signatures")
    SIGNED_BY_SOME = "signed_by_some", _("Signed by some parties")
    SIGNED = "signed", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class AgreementQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> AgreementQuerySet:
        """Agreements themselves are public to everyone logged in; non-public parts are filtered apart."""
        if not user.is_authenticated:
            return self.none()
        return self

    def non_public_parts_visible_to(self, user) -> AgreementQuerySet:
        """The agreements whose non-public parts (attachments, audit trail) the person may see.

        The one rule for it: the permission view_non_public_agreement_parts, or a representative
        (user.party or a contact person of a party that is a current party of the agreement).
        Attachment.objects.visible_to and Agreement.can_see_non_public both ask it.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("cooperation.view_non_public_agreement_parts"):
            return self
        own = Q(party_id__in=user.contact_roles.values("party_id"))
        if user.party_id:
            own |= Q(party_id=user.party_id)
        today = timezone.localdate()
        represented = AgreementParty.objects.filter(own).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=today)).values("agreement_id")
        return self.filter(pk__in=represented)

    def with_parties(self) -> AgreementQuerySet:
        return self.prefetch_related(
            models.Prefetch("memberships", queryset=AgreementParty.objects.select_related("party")),
            models.Prefetch("signatures", queryset=Signature.objects.select_related("party")),
        )


@protected
class Agreement(VisibilityRuleMixin, models.Model):
    """Sopimus: a letter of intent, a cooperation agreement, a sub-agreement …"""

    class Kind(models.TextChoices):
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
        COOPERATION = "cooperation", _("Cooperation agreement")
        SUB_AGREEMENT = "sub_agreement", _("Sub-agreement")
        MUNICIPAL_COOPERATION = "municipal_cooperation", _(
            "Municipal cooperation agreement (Local Government Act, chapter 8)"
        )
        OTHER = "other", _("Other agreement")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title_fi = models.CharField(_("title in Finnish"), max_length=400)
    title_sv = models.CharField(_("title in Swedish"), max_length=400, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("References to the acts the agreement rests on, one a line.")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_agreements",
        verbose_name=_("main agreement"), help_text=_("For a sub-agreement: the agreement it belongs to."),
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    valid_from = models.DateField(
        _("in force from"), null=True, blank=True,
        help_text=_("Empty: in force when every party has signed."),
    )
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    end_condition_fi = models.TextField(
        _("end condition in Finnish"), blank=True,
        help_text=_("An end in words, e.g. “until the employment areas are established”."),
    )
    end_condition_sv = models.TextField(_("end condition in Swedish"), blank=True)
    end_condition_met_on = models.DateField(
        _("end condition met on"), null=True, blank=True,
        help_text=_("The day the end condition was fulfilled; the agreement is no longer in force from that day."),
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    dispute_negotiation_months = models.PositiveSmallIntegerField(
        _("negotiation period of a dispute (months)"), null=True, blank=True,
        help_text=_("Months from a written invitation to negotiate before the matter may be escalated."),
    )
    dispute_forum = models.CharField(
        _("escalation route of a dispute"), max_length=300, blank=True,
        help_text=_("Where an unresolved dispute goes, e.g. an administrative court."),
    )
    copies_note = models.CharField(_("copies"), max_length=300, blank=True)
    approval_required = models.BooleanField(
        _("approval by each party's body before signatures"), default=False,
        help_text=_("Each party's competent body approves the agreement (a decision §) before it is signed."),
    )
    circulated_on = models.DateField(_("circulated for comments on"), null=True, blank=True)
    comments_until = models.DateField(_("comments by"), null=True, blank=True)
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("Where the record comes from and what the source leaves open."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    search_documents = GenericRelation("base.SearchDocument")  # cooperation.base.search
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "title_fi"]
        permissions = [("view_non_public_agreement_parts", _("Can view non-public parts of any agreement"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_validity_in_order",
            ),
            models.CheckConstraint(condition=~Q(superseded_by=models.F("id")), name="agreement_not_superseded_by_self"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.pk}

    @property
    def title(self) -> str:
        return localized(self.title_fi, self.title_sv)

    @property
    def end_condition(self) -> str:
        return localized(self.end_condition_fi, self.end_condition_sv)

    def clean(self) -> None:
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity cannot be before its start.")
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("An agreement cannot supersede itself.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agreement cannot be its own main agreement.")
        if self.terminated_on and not self.termination_reason.strip():
            errors["termination_reason"] = _("Give the reason for the termination.")
        if self.comments_until and not self.circulated_on:
            errors["comments_until"] = _("A comment deadline needs the day the draft was circulated.")
        elif self.comments_until and self.comments_until < self.circulated_on:
            errors["comments_until"] = _("Comments cannot close before the draft was circulated.")
        if errors:
            raise ValidationError(errors)

    # --- parties over time -----------------------------------------------------------------
    def memberships_on(self, day: dt.date) -> list[AgreementParty]:
        """Memberships in force on `day` (uses the prefetched rows when there are some)."""
        return [m for m in self.memberships.all() if m.is_party_on(day)]

    def parties_on(self, day: dt.date) -> list[Party]:
        return [m.party for m in self.memberships_on(day)]

    # --- derived state ---------------------------------------------------------------------
    def signing_memberships(self) -> list[AgreementParty]:
        """The original parties: those who sign the agreement itself (joiners sign their accession)."""
        return [m for m in self.memberships.all() if m.accession_id is None]

    def signed_party_ids(self) -> set[int]:
        return {s.party_id for s in self.signatures.all() if s.accession_id is None}

    def unsigned_memberships(self) -> list[AgreementParty]:
        signed = self.signed_party_ids()
        return [m for m in self.signing_memberships() if m.party_id not in signed]

    def approved_party_ids(self) -> set[int]:
        return {a.party_id for a in self.approvals.all()}

    def unapproved_memberships(self) -> list[AgreementParty]:
        """The original parties whose competent body has not yet approved (when approval is required)."""
        if not self.approval_required:
            return []
        approved = self.approved_party_ids()
        return [m for m in self.signing_memberships() if m.party_id not in approved]

    def is_draft_editable(self) -> bool:
        """The text may be edited in place until the first signature; after that only by amendment."""
        return not self.signed_party_ids()

    def effective_start(self) -> dt.date | None:
        if self.valid_from:
            return self.valid_from
        dates = [s.signed_on for s in self.signatures.all() if s.signed_on and s.accession_id is None]
        return max(dates) if dates else None

    def start_date_unknown(self) -> bool:
        """In force on signature, but the source leaves the signing dates blank (the pilot agreement)."""
        return (self.valid_from is None and bool(self.signing_memberships())
                and not self.unsigned_memberships() and self.effective_start() is None)

    def document_date(self) -> dt.date:
        """The date whose names the record shows: its start, else its end, else today (a draft)."""
        return self.effective_start() or self.effective_end() or timezone.localdate()

    def effective_end(self) -> dt.date | None:
        """The last day in force, from the end date, a met end condition or a termination."""
        ends = [d for d in (self.valid_until,) if d]
        ends += [d - dt.timedelta(days=1) for d in (self.end_condition_met_on, self.terminated_on) if d]
        return min(ends) if ends else None

    def state_on(self, day: dt.date | None = None) -> str:
        day = day or timezone.localdate()
        if self.terminated_on and self.terminated_on <= day:
            return AgreementState.TERMINATED
        end = self.effective_end()
        if end and end < day:
            return AgreementState.EXPIRED
        signers = self.signing_memberships()
        signed = self.signed_party_ids()
        if not signers or not signed:
            if self.approval_required and signers and not self.unapproved_memberships():
                return AgreementState.APPROVED
            if self.circulated_on and self.circulated_on <= day:
                return AgreementState.CIRCULATED
            return AgreementState.DRAFT
        if any(m.party_id not in signed for m in signers):
            return AgreementState.SIGNED_BY_SOME
        start = self.effective_start()
        if start and start > day:
            return AgreementState.SIGNED
        return AgreementState.IN_FORCE

    @property
    def state(self) -> str:
        return self.state_on()

    def get_state_display(self) -> str:
        return str(AgreementState(self.state).label)

    # --- permissions -----------------------------------------------------------------------
    def _current_party_ids(self) -> set[int]:
        today = timezone.localdate()
        return {m.party_id for m in self.memberships.all() if m.left_on is None or m.left_on > today}

    def can_see_non_public(self, user) -> bool:
        """Non-public attachments and the audit trail: AgreementQuerySet.non_public_parts_visible_to."""
        return Agreement.objects.non_public_parts_visible_to(user).filter(pk=self.pk).exists()

    def can_be_edited_by(self, user) -> bool:
        """Administrators (the global permission) or a contact person of a current party."""
        if not user.is_authenticated:
            return False
        if user.has_perm("cooperation.change_agreement"):
            return True
        return user.contact_roles.filter(party_id__in=self._current_party_ids()).exists()

    def visible_attachments(self, user) -> list[Attachment]:
        """The attachments the person may see (Attachment.objects.visible_to): one query, remembered per person."""
        answers = self.__dict__.setdefault("_visible_attachments", {})
        key = getattr(user, "pk", None)
        if key not in answers:
            answers[key] = list(Attachment.objects.visible_to(user).filter(agreement=self))
        return answers[key]

    def is_amendable(self) -> bool:
        return self.state not in (AgreementState.EXPIRED, AgreementState.TERMINATED)


class AgreementParty(models.Model):
    """A party's membership of an agreement over time (joined by accession, left by withdrawal)."""

    class Role(models.TextChoices):
        PARTY = "party", _("Party")
        RESPONSIBLE_MUNICIPALITY = "responsible_municipality", _("Responsible municipality")
        ADMINISTRATIVE_RESPONSIBLE = "administrative_responsible", _("Administrative responsible municipality")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name=_("agreement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="agreement_memberships",
                              verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.PARTY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    designation = models.CharField(_("referred to as"), max_length=100, blank=True,
                                   help_text=_("The short name the agreement uses, e.g. “Lahti”."))
    joined_on = models.DateField(_("party from"), null=True, blank=True,
                                 help_text=_("Empty: a party from the start."))
    left_on = models.DateField(_("no longer a party from"), null=True, blank=True)
    accession = models.OneToOneField("Accession", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="membership", verbose_name=_("accession"))
    withdrawal = models.OneToOneField("Withdrawal", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="membership", verbose_name=_("withdrawal"))

    class Meta:
        verbose_name = _("party of an agreement")
        verbose_name_plural = _("parties of agreements")
        ordering = ["agreement", "order", "party__name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreement_party_once"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="agreement_party_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} – {self.agreement}"

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}


    def is_party_on(self, day: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or self.left_on > day)

    @property
    def party_name(self) -> str:
        """The party's name as it was on the agreement's date (KEHA-keskus kept its 2021 name there)."""
        return self.party.name_on(self.agreement.document_date())


class Signature(models.Model):
    """A party's signature, with the decision of its own body that authorised it (kept as text:
    it is the party's council or board, not a joint body of the portal)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures",
                                  verbose_name=_("agreement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("party"))
    accession = models.ForeignKey("Accession", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="signatures", verbose_name=_("accession"))
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True,
                                 help_text=_("Empty when the source does not give the date."))
    place = models.CharField(_("place"), max_length=100, blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True,
                              help_text=_("e.g. “approved electronically”."))
    authorising_body = models.CharField(_("authorising body"), max_length=200, blank=True,
                                        help_text=_("The party's own body, e.g. “Hollolan kunnanhallitus”."))
    authorising_date = models.DateField(_("date of the authorising decision"), null=True, blank=True)
    authorising_section = models.CharField(_("section of the authorising decision"), max_length=50, blank=True,
                                           help_text=_("e.g. “§ 45”."))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["agreement", "signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], condition=Q(accession__isnull=True),
                                    name="signature_once_per_party"),
            models.UniqueConstraint(fields=["accession", "party"], name="signature_once_per_accession"),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.signatory or '–'} {self.signed_on or ''}".strip()

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}


    @property
    def authorisation(self) -> str:
        parts = [self.authorising_body, self.authorising_date.strftime("%-d.%-m.%Y") if self.authorising_date else "",
                 self.authorising_section]
        return " ".join(p for p in parts if p)

    def clean(self) -> None:
        if self.authorising_section and "§" not in self.authorising_section:
            raise ValidationError({"authorising_section": _("Write the section with the § sign, e.g. “§ 45”.")})
        if self._state.adding and self.party_id:
            _party_may_act(self.party, self.signed_on, "party")


class Section(models.Model):
    """A numbered section of the agreement's current (consolidated) text."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections",
                                  verbose_name=_("agreement"))
    number = models.CharField(_("number"), max_length=20, help_text=_("e.g. “3” or “3.2”."))
    heading_fi = models.CharField(_("heading in Finnish"), max_length=300)
    heading_sv = models.CharField(_("heading in Swedish"), max_length=300, blank=True)
    text_fi = models.TextField(_("text in Finnish"), blank=True)
    text_sv = models.TextField(_("text in Swedish"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["agreement", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="section_number_once")]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}"

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}


    @property
    def heading(self) -> str:
        return localized(self.heading_fi, self.heading_sv)

    @property
    def text(self) -> str:
        return localized(self.text_fi, self.text_sv)


class AttachmentQuerySet(VisibilityQuerySet, PublicityQuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        """Public attachments to everyone logged in; non-public ones by the agreement's non-public rule."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("cooperation.view_non_public_agreement_parts"):
            return self
        return self.filter(Q(publicity=Publicity.PUBLIC)
                           | Q(agreement__in=Agreement.objects.non_public_parts_visible_to(user)))


@protected
class Attachment(VisibilityRuleMixin, PublicityMixin):
    """Liite n: numbered per agreement, with its publicity class; the file is optional (may come later)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments",
                                  verbose_name=_("agreement"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="agreements/attachments/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="attachment_number_once")]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}


    @property
    def label(self) -> str:
        return _("Attachment %(number)s") % {"number": self.number}

    @property
    def title(self) -> str:
        return localized(self.title_fi, self.title_sv)


class JointDecisionMixin(models.Model):
    """A change made by the parties' joint decision: its reference in words (a decision of a joint
    body recorded elsewhere, or of each party's bodies) and who recorded it."""

    # The steering group's decision § (workgroups) when the joint body made it; otherwise the
    # reference in words, e.g. to matching decisions of each party's own council or board.
    decision = models.ForeignKey(
        "workgroups.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("joint decision (§)"),
    )
    decision_reference = models.CharField(
        _("decision"), max_length=300, blank=True,
        help_text=_("The joint decision that made the change, e.g. “Ohjausryhmä 12.3.2025 § 14”."),
    )
    decided_on = models.DateField(_("decided on"))
    effective_on = models.DateField(_("takes effect on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def decision_label(self) -> str:
        if self.decision_id:
            return str(self.decision)
        return self.decision_reference

    def clean(self) -> None:
        super().clean()
        if not self.decision_id and not self.decision_reference.strip():
            raise ValidationError({"decision_reference": _("Name the joint decision that made the change.")})
        if self.decided_on and self.effective_on and self.effective_on < self.decided_on:
            raise ValidationError({"effective_on": _("A change cannot take effect before it was decided.")})


class Amendment(JointDecisionMixin):
    """Muutos: written, made by joint decision; its section changes keep the before and after text."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments",
                                  verbose_name=_("agreement"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(pgettext_lazy("document title", "title"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="amendment_number_once")]

    def __str__(self) -> str:
        return _("Amendment %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}



class SectionChange(models.Model):
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes",
                                  verbose_name=_("amendment"))
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes",
                                verbose_name=_("section"))
    number = models.CharField(_("section number"), max_length=20)
    heading_before = models.CharField(_("heading before"), max_length=300, blank=True)
    heading_after = models.CharField(_("heading after"), max_length=300, blank=True)
    text_before = models.TextField(_("text before"), blank=True)
    text_after = models.TextField(_("text after"), blank=True)

    class Meta:
        verbose_name = _("section change")
        verbose_name_plural = _("section changes")
        ordering = ["amendment", "pk"]

    def __str__(self) -> str:
        return f"{self.amendment} / {self.number}"

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.amendment.agreement_id}


    @property
    def is_new_section(self) -> bool:
        return not self.text_before and not self.heading_before


def _party_may_act(party: Party, day: dt.date | None, field: str) -> None:
    """The party rule (Party.ensure_can_act_on) under the form field that names the party."""
    try:
        party.ensure_can_act_on(day)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


class Accession(JointDecisionMixin):
    """Liittyminen: a new party joins on conditions, from a date, by joint decision."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="accessions",
                                  verbose_name=_("agreement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="accessions", verbose_name=_("party"))
    role = models.CharField(_("role"), max_length=30, choices=AgreementParty.Role.choices,
                            default=AgreementParty.Role.PARTY)
    conditions = models.TextField(_("conditions"), blank=True)

    class Meta:
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        ordering = ["agreement", "effective_on"]

    def __str__(self) -> str:
        return _("%(party)s joins from %(day)s") % {"party": self.party, "day": f"{self.effective_on:%-d.%-m.%Y}"}

    def clean(self) -> None:
        super().clean()
        if self._state.adding and self.party_id:
            _party_may_act(self.party, self.effective_on, "party")

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}



class Withdrawal(JointDecisionMixin):
    """A party leaves the agreement from a date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="withdrawals",
                                  verbose_name=_("agreement"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="withdrawals", verbose_name=_("party"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ["agreement", "effective_on"]

    def __str__(self) -> str:
        return _("%(party)s leaves from %(day)s") % {"party": self.party, "day": f"{self.effective_on:%-d.%-m.%Y}"}

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}



class DisputeQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> DisputeQuerySet:
        """A dispute is part of its agreement's record: seen by whoever sees the agreement."""
        return self.filter(agreement__in=Agreement.objects.visible_to(user))

    def open(self) -> DisputeQuerySet:
        return self.filter(resolved_on__isnull=True, escalated_on__isnull=True)


@protected
class Dispute(VisibilityRuleMixin, models.Model):
    """Erimielisyys: negotiated first; after the agreement's period from the written invitation
    to negotiate it may be escalated (the pilot agreement: 3 months, Hämeenlinna administrative court)."""

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", _("Negotiating")
        ESCALATION_POSSIBLE = "escalation_possible", _("Negotiation period over – may be escalated")
        RESOLVED = "resolved", _("Resolved by negotiation")
        ESCALATED = "escalated", _("Escalated")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="disputes",
                                  verbose_name=_("agreement"))
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    invited_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="disputes_raised",
                                   verbose_name=_("invitation sent by"))
    invited_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="disputes_received",
                                      verbose_name=_("invitation sent to"))
    invitation_date = models.DateField(_("date of the written invitation to negotiate"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-invitation_date"]

    def __str__(self) -> str:
        return self.subject

    def get_additional_data(self) -> dict:
        """Lets the agreement's history page find this row's audit entries (django-auditlog)."""
        return {"agreement": self.agreement_id}


    DEFAULT_NEGOTIATION_MONTHS = 3

    @property
    def negotiation_months(self) -> int:
        return self.agreement.dispute_negotiation_months or self.DEFAULT_NEGOTIATION_MONTHS

    @property
    def negotiation_deadline(self) -> dt.date:
        """The last day to settle by negotiation: `months` after the written invitation."""
        return self.invitation_date + relativedelta(months=self.negotiation_months)

    @property
    def escalation_route(self) -> str:
        return self.agreement.dispute_forum

    def status_on(self, day: dt.date | None = None) -> str:
        day = day or timezone.localdate()
        if self.resolved_on and self.resolved_on <= day:
            return self.Status.RESOLVED
        if self.escalated_on and self.escalated_on <= day:
            return self.Status.ESCALATED
        if day > self.negotiation_deadline:
            return self.Status.ESCALATION_POSSIBLE
        return self.Status.NEGOTIATING

    def days_left(self, day: dt.date | None = None) -> int:
        return (self.negotiation_deadline - (day or timezone.localdate())).days

    # The parties as they were named on the day of the written invitation (a later renaming, such as
    # KEHA's on 1.1.2026, does not rewrite the record of a dispute).
    @property
    def invited_by_name(self) -> str:
        return self.invited_by.name_on(self.invitation_date)

    @property
    def invited_party_name(self) -> str:
        return self.invited_party.name_on(self.invitation_date)

    def clean(self) -> None:
        errors = {}
        if self.invited_by_id and self.invited_by_id == self.invited_party_id:
            errors["invited_party"] = _("A party cannot invite itself to negotiate.")
        if self.resolved_on and self.invitation_date and self.resolved_on < self.invitation_date:
            errors["resolved_on"] = _("A dispute cannot be resolved before the invitation to negotiate.")
        if self.escalated_on and self.invitation_date and self.escalated_on < self.invitation_date:
            errors["escalated_on"] = _("A dispute cannot be escalated before the invitation to negotiate.")
        if self.resolved_on and self.escalated_on:
            errors["escalated_on"] = _("A dispute is either resolved or escalated, not both.")
        if self.resolved_on and not self.resolution.strip():
            errors["resolution"] = _("Describe how the dispute was resolved.")
        if self._state.adding:
            # An organisation that has ended cannot be named in a new dispute: its successor is.
            for field in ("invited_by", "invited_party"):
                party = getattr(self, field) if getattr(self, f"{field}_id") else None
                if party is not None:
                    try:
                        party.ensure_can_act_on(self.invitation_date)
                    except ValidationError as exc:
                        errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)


class ReminderSent(models.Model):
    """One row per reminder and recipient: claimed before sending, so two runners never send twice."""

    class Kind(models.TextChoices):
        AGREEMENT_END = "agreement_end", _("Agreement ends")
        DISPUTE_DEADLINE = "dispute_deadline", _("Dispute negotiation deadline")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    due_date = models.DateField(_("due date"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "due_date", "days_before", "email"],
                                    name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.email} ({self.days_before} d)"
