"""Writes on agreements: signatures, amendments, accessions, withdrawals, disputes, reminders.

Every function is keyword-only, takes the acting person, checks their right, validates every row
before saving anything (bad input writes nothing) and runs in one transaction. E-mail goes out in
transaction.on_commit. The audit trail (django-auditlog) records the acting person as the actor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as
from cooperation.base.uploads import check_upload
from parties.models import ContactPerson, Party, User

from .models import (
    Accession,
    Agreement,
    AgreementParty,
    AgreementState,
    Amendment,
    Approval,
    Attachment,
    AuthorityContext,
    Dispute,
    ReminderSent,
    Section,
    SectionChange,
    SectionComment,
    ServiceAgreement,
    Signature,
    Withdrawal,
)

AGREEMENT_END_REMINDER_DAYS = (90, 30)
DISPUTE_DEADLINE_REMINDER_DAYS = (30, 7)


def _require_editor(agreement: Agreement, user: User) -> None:
    if not agreement.can_be_edited_by(user):
        raise PermissionDenied(_("Only the parties' contact people and administrators may change this agreement."))


def _decided_on(decision, decided_on: dt.date | None) -> dt.date | None:
    """The day of the joint decision: given, or taken from the recorded decision §."""
    if decided_on is None and decision is not None:
        return timezone.localdate(decision.decided_at)
    return decided_on


def _validate_all(*objects) -> None:
    errors: dict = {}
    for obj in objects:
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- signatures -------------------------------------------------------------------------------
def record_signature(
    *,
    agreement: Agreement,
    party: Party,
    acting_user: User,
    signatory: str,
    signatory_title: str = "",
    signed_on: dt.date | None,
    place: str = "",
    method: str = "",
    authorising_body: str = "",
    authorising_date: dt.date | None = None,
    authorising_section: str = "",
    note: str = "",
    accession: Accession | None = None,
) -> Signature:
    _require_editor(agreement, acting_user)
    if accession is None:
        if agreement.approval_required and not agreement.approvals.filter(party=party).exists():
            raise ValidationError({"party": _(
                "Record the approval of %(party)s's competent body (body, § and date) before its signature."
            ) % {"party": party.name}})
        if not agreement.memberships.filter(party=party, accession__isnull=True).exists():
            raise ValidationError({"party": _("This organisation is not an original party of the agreement.")})
        if agreement.signatures.filter(party=party, accession__isnull=True).exists():
            raise ValidationError({"party": _("This party has already signed the agreement.")})
    signature = Signature(
        agreement=agreement, party=party, accession=accession, signatory=signatory.strip(),
        signatory_title=signatory_title.strip(), signed_on=signed_on, place=place.strip(), method=method.strip(),
        authorising_body=authorising_body.strip(), authorising_date=authorising_date,
        authorising_section=authorising_section.strip(), note=note.strip(), recorded_by=acting_user,
    )
    if not signature.signatory:
        raise ValidationError({"signatory": _("Name the person who signed.")})
    _validate_all(signature)
    with transaction.atomic(), acting_as(acting_user):
        signature.save()
    return signature


# --- drafting: basic facts, sections, circulation, comments, approvals --------------------------
# The fields of an agreement's basic facts that the pages edit (the rest are derived or recorded
# through their own steps: signatures, amendments, accessions …).
BASIC_FIELDS = (
    "kind", "title_fi", "title_sv", "short_name", "legal_basis", "purpose", "parent", "valid_from", "valid_until",
    "end_condition_fi", "end_condition_sv", "dispute_negotiation_months", "dispute_forum", "copies_note",
    "approval_required", "source_note",
)


def create_agreement(*, acting_user: User, parties: list[Party], **fields) -> Agreement:
    """A new agreement (a draft) with its original parties, validated by the model like the admin."""
    if not acting_user.has_perm("cooperation.add_agreement"):
        raise PermissionDenied(_("Only administrators may create agreements."))
    unknown = set(fields) - set(BASIC_FIELDS)
    if unknown:
        raise TypeError(f"not basic facts of an agreement: {sorted(unknown)}")
    agreement = Agreement(**fields)
    _validate_all(agreement)
    if not parties:
        raise ValidationError({"parties": _("Choose the parties of the agreement.")})
    for party in parties:
        try:
            party.ensure_can_act_on()
        except ValidationError as exc:
            raise ValidationError({"parties": exc.messages}) from exc
    with transaction.atomic(), acting_as(acting_user):
        agreement.save()
        for order, party in enumerate(parties, start=1):
            AgreementParty.objects.create(agreement=agreement, party=party, order=order)
    return agreement


def update_agreement(*, agreement: Agreement, acting_user: User, **fields) -> Agreement:
    """Change the basic facts; the same model validation as the admin (nothing saved on an error)."""
    _require_editor(agreement, acting_user)
    unknown = set(fields) - set(BASIC_FIELDS)
    if unknown:
        raise TypeError(f"not basic facts of an agreement: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(agreement, field, value)
    _validate_all(agreement)
    with transaction.atomic(), acting_as(acting_user):
        agreement.save(update_fields=[*fields, "updated"])
    return agreement


def save_section(
    *, agreement: Agreement, acting_user: User, number: str, heading_fi: str, text_fi: str = "",
    heading_sv: str = "", text_sv: str = "", section: Section | None = None,
) -> Section:
    """Add or edit a section of a draft. Once signed, the text changes only by amendment."""
    _require_editor(agreement, acting_user)
    if not agreement.is_draft_editable():
        raise ValidationError(_("The agreement has been signed: change its text by recording an amendment."))
    if section is None:
        order = (agreement.sections.aggregate(n=Max("order"))["n"] or 0) + 1
        section = Section(agreement=agreement, order=order)
    elif section.agreement_id != agreement.pk:
        raise ValidationError(_("The section belongs to another agreement."))
    section.number, section.heading_fi, section.text_fi = number.strip(), heading_fi.strip(), text_fi.strip()
    section.heading_sv, section.text_sv = heading_sv.strip(), text_sv.strip()
    _validate_all(section)
    with transaction.atomic(), acting_as(acting_user):
        section.save()
    return section


def circulate_for_comments(*, agreement: Agreement, acting_user: User, circulated_on: dt.date | None = None,
                           comments_until: dt.date | None = None) -> Agreement:
    """Send the draft to the parties for comments: their contact people get an e-mail after commit."""
    _require_editor(agreement, acting_user)
    if not agreement.is_draft_editable():
        raise ValidationError(_("A signed agreement is no longer circulated for comments."))
    if not agreement.sections.exists():
        raise ValidationError(_("Write at least one section before circulating the draft."))
    agreement.circulated_on = circulated_on or timezone.localdate()
    agreement.comments_until = comments_until
    _validate_all(agreement)
    party_ids = {m.party_id for m in agreement.memberships.all()}
    emails = _contact_emails(party_ids)
    url = settings.PORTAL_BASE_URL + reverse("agreements:detail", args=[agreement.pk])
    with transaction.atomic(), acting_as(acting_user):
        agreement.save(update_fields=["circulated_on", "comments_until", "updated"])
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("A draft agreement for your comments: %(title)s") % {"title": agreement.title_fi}
            body = render_to_string("emails/cooperation/draft_circulated.txt",
                                    {"agreement": agreement, "url": url})
        if emails:
            transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails))
    return agreement


def represented_parties(agreement: Agreement, user: User) -> list[Party]:
    """The agreement's parties the person speaks for: their own party and those they are a contact of."""
    ids = set(user.contact_roles.values_list("party_id", flat=True)) if user.is_authenticated else set()
    if user.is_authenticated and user.party_id:
        ids.add(user.party_id)
    return [m.party for m in agreement.memberships.all() if m.party_id in ids]


def comment_on_section(*, section: Section, party: Party, acting_user: User, text: str) -> SectionComment:
    """A party's comment on a section of a circulated draft, in the name of a party the person represents."""
    agreement = section.agreement
    if party not in represented_parties(agreement, acting_user):
        raise PermissionDenied(_("You may comment only in the name of a party you represent."))
    if agreement.state not in (AgreementState.CIRCULATED, AgreementState.APPROVED):
        raise ValidationError(_("Comments are given on a draft circulated to the parties."))
    comment = SectionComment(section=section, party=party, text=text.strip(), author=acting_user)
    _validate_all(comment)
    with transaction.atomic(), acting_as(acting_user):
        comment.save()
    return comment


def record_approval(*, agreement: Agreement, party: Party, acting_user: User, body: str, section: str,
                    decided_on: dt.date | None, minutes_url: str = "") -> Approval:
    """The decision of a party's competent body approving the agreement, before signatures."""
    _require_editor(agreement, acting_user)
    if not agreement.approval_required:
        raise ValidationError(_("This agreement is not approved by the parties' bodies in the portal."))
    if agreement.approvals.filter(party=party).exists():
        raise ValidationError({"party": _("This party's approval has already been recorded.")})
    if not agreement.is_draft_editable():
        raise ValidationError(_("The agreement has already been signed."))
    approval = Approval(agreement=agreement, party=party, body=body.strip(), section=section.strip(),
                        decided_on=decided_on, minutes_url=minutes_url.strip(), recorded_by=acting_user)
    _validate_all(approval)
    with transaction.atomic(), acting_as(acting_user):
        approval.save()
    return approval


# --- service agreements between the parties -----------------------------------------------------
def record_service_agreement(
    *, main_agreement: Agreement, acting_user: User, producer: Party, buyer: Party, service: str,
    price_basis: str, valid_from: dt.date | None, valid_until: dt.date | None = None, price_note: str = "",
    procurement_id: int | None = None, procurement_label: str = "", note: str = "",
) -> ServiceAgreement:
    """Register a service one party produces for another under the main agreement (letter 3).

    A joint procurement is named by its number and label (agreements do not import procurement).
    """
    _require_editor(main_agreement, acting_user)
    row = ServiceAgreement(
        main_agreement=main_agreement, producer=producer, buyer=buyer, service=service.strip(),
        price_basis=price_basis, price_note=price_note.strip(), valid_from=valid_from, valid_until=valid_until,
        procurement_id=procurement_id, procurement_label=procurement_label.strip(), note=note.strip(),
        recorded_by=acting_user,
    )
    _validate_all(row)
    with transaction.atomic(), acting_as(acting_user):
        row.save()
    return row


def update_authority_context(*, context: AuthorityContext, acting_user: User, metric_code: str = "",
                             value=None, unit: str = "", as_of: str = "", source: str = "") -> AuthorityContext:
    """Enter (or point to monitoring for) one authority's feature; a figure entered by hand names its source."""
    if not context.version.programme.can_be_edited_by(acting_user):
        raise PermissionDenied(_("Only the programme's editors may change its context figures."))
    context.metric_code, context.value, context.unit = metric_code.strip(), value, unit.strip()
    context.as_of, context.source = as_of.strip(), source.strip()
    _validate_all(context)
    with transaction.atomic(), acting_as(acting_user):
        context.save()
    return context


# --- attachments ------------------------------------------------------------------------------
# Agreement attachments are documents; images and slides belong elsewhere.
AGREEMENT_ATTACHMENT_TYPES = (".pdf", ".docx", ".xlsx", ".odt", ".ods")


def add_attachment(
    *, agreement: Agreement, acting_user: User, title_fi: str, publicity: str, secrecy_ground: str = "",
    note: str = "", file=None, title_sv: str = "",
) -> Attachment:
    """Add the next numbered attachment (Liite n) with its publicity class and, optionally, its file."""
    _require_editor(agreement, acting_user)
    if file is not None:
        check_upload(file, allowed=AGREEMENT_ATTACHMENT_TYPES)
    with transaction.atomic(), acting_as(acting_user):
        # visibility: write path, _require_editor checked the edit rule on this agreement
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        number = (locked.attachments.aggregate(n=Max("number"))["n"] or 0) + 1
        attachment = Attachment(agreement=locked, number=number, title_fi=title_fi.strip(),
                                title_sv=title_sv.strip(), publicity=publicity,
                                secrecy_ground=secrecy_ground.strip(), note=note.strip())
        _validate_all(attachment)
        if file is not None:
            attachment.file.save(file.name, file, save=False)
        attachment.save()
    return attachment


# --- amendments -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SectionEdit:
    """One changed (or new) section of an amendment: its number, new heading and new text."""

    number: str
    heading_fi: str
    text_fi: str
    heading_sv: str = ""
    text_sv: str = ""


def _edited_sections(agreement: Agreement, changes: list[SectionEdit]) -> list[tuple[Section, tuple[str, str]]]:
    """The sections an amendment changes (new ones numbered after the last), each with its text before."""
    existing = {s.number: s for s in agreement.sections.all()}
    next_order = max((s.order for s in existing.values()), default=0) + 1
    rows = []
    for edit in changes:
        number_text = edit.number.strip()
        if not number_text or not edit.heading_fi.strip():
            raise ValidationError({"changes": _("Each changed section needs its number and heading.")})
        section = existing.get(number_text)
        if section is None:
            section = Section(agreement=agreement, number=number_text, order=next_order)
            next_order += 1
            before = ("", "")
        else:
            before = (section.heading_fi, section.text_fi)
        if before == (edit.heading_fi.strip(), edit.text_fi.strip()) and section.pk:
            raise ValidationError(
                {"changes": _("Section %(number)s: the new text is the same as the current one.")
                 % {"number": number_text}}
            )
        section.heading_fi, section.text_fi = edit.heading_fi.strip(), edit.text_fi.strip()
        if edit.heading_sv or edit.text_sv:
            section.heading_sv, section.text_sv = edit.heading_sv.strip(), edit.text_sv.strip()
        rows.append((section, before))
    return rows


def record_amendment(
    *,
    agreement: Agreement,
    acting_user: User,
    title: str,
    decision_reference: str,
    decided_on: dt.date | None,
    effective_on: dt.date | None,
    changes: list[SectionEdit],
    explanation: str = "",
    decision=None,
) -> Amendment:
    """Record an amendment made by joint decision and apply its section changes to the current text.

    The before/after text of each changed section is kept, so the history shows what changed.
    """
    _require_editor(agreement, acting_user)
    if not agreement.is_amendable():
        raise ValidationError(_("An expired or terminated agreement cannot be amended."))
    if not changes:
        raise ValidationError({"changes": _("An amendment must change at least one section.")})
    with transaction.atomic(), acting_as(acting_user):
        # visibility: write path, _require_editor checked the edit rule on this agreement
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        number = (locked.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
        amendment = Amendment(
            agreement=locked, number=number, title=title.strip(), explanation=explanation.strip(),
            decision_reference=decision_reference.strip(), decided_on=_decided_on(decision, decided_on),
            effective_on=effective_on, recorded_by=acting_user, decision=decision,
        )
        rows = _edited_sections(locked, changes)
        _validate_all(amendment, *(s for s, _b in rows))
        amendment.save()
        for section, (heading_before, text_before) in rows:
            section.save()
            SectionChange.objects.create(
                amendment=amendment, section=section, number=section.number, heading_before=heading_before,
                heading_after=section.heading_fi, text_before=text_before, text_after=section.text_fi,
            )
    return amendment


# --- accession and withdrawal -----------------------------------------------------------------
def record_accession(
    *,
    agreement: Agreement,
    party: Party,
    acting_user: User,
    decision_reference: str,
    decided_on: dt.date | None,
    effective_on: dt.date | None,
    conditions: str = "",
    role: str = AgreementParty.Role.PARTY,
    decision=None,
) -> Accession:
    _require_editor(agreement, acting_user)
    if agreement.memberships.filter(party=party).exists():
        raise ValidationError({"party": _("This organisation is already a party of the agreement.")})
    if not agreement.is_amendable():
        raise ValidationError(_("No one can join an expired or terminated agreement."))
    accession = Accession(
        agreement=agreement, party=party, role=role, conditions=conditions.strip(),
        decision_reference=decision_reference.strip(), decided_on=_decided_on(decision, decided_on),
        effective_on=effective_on, recorded_by=acting_user, decision=decision,
    )
    _validate_all(accession)
    with transaction.atomic(), acting_as(acting_user):
        accession.save()
        order = (agreement.memberships.aggregate(n=Max("order"))["n"] or 0) + 1
        AgreementParty.objects.create(
            agreement=agreement, party=party, role=role, order=order, joined_on=effective_on, accession=accession
        )
    return accession


def record_withdrawal(
    *,
    agreement: Agreement,
    party: Party,
    acting_user: User,
    decision_reference: str,
    decided_on: dt.date | None,
    effective_on: dt.date | None,
    reason: str = "",
    decision=None,
) -> Withdrawal:
    _require_editor(agreement, acting_user)
    membership = agreement.memberships.filter(party=party, left_on__isnull=True).first()
    if membership is None:
        raise ValidationError({"party": _("This organisation is not a current party of the agreement.")})
    withdrawal = Withdrawal(
        agreement=agreement, party=party, reason=reason.strip(), decision_reference=decision_reference.strip(),
        decided_on=_decided_on(decision, decided_on), effective_on=effective_on,
        recorded_by=acting_user, decision=decision,
    )
    _validate_all(withdrawal)
    if membership.joined_on and effective_on and effective_on <= membership.joined_on:
        raise ValidationError({"effective_on": _("A party cannot leave before it joined.")})
    with transaction.atomic(), acting_as(acting_user):
        withdrawal.save()
        membership.left_on = effective_on
        membership.withdrawal = withdrawal
        membership.save(update_fields=["left_on", "withdrawal"])
    return withdrawal


# --- disputes ---------------------------------------------------------------------------------
def record_dispute(
    *,
    agreement: Agreement,
    acting_user: User,
    subject: str,
    invited_by: Party,
    invited_party: Party,
    invitation_date: dt.date | None,
    description: str = "",
) -> Dispute:
    _require_editor(agreement, acting_user)
    party_ids = {m.party_id for m in agreement.memberships.all()}
    errors = {}
    if invited_by.pk not in party_ids:
        errors["invited_by"] = _("The inviting organisation is not a party of the agreement.")
    if invited_party.pk not in party_ids:
        errors["invited_party"] = _("The invited organisation is not a party of the agreement.")
    if errors:
        raise ValidationError(errors)
    dispute = Dispute(
        agreement=agreement, subject=subject.strip(), description=description.strip(), invited_by=invited_by,
        invited_party=invited_party, invitation_date=invitation_date, recorded_by=acting_user,
    )
    _validate_all(dispute)
    with transaction.atomic(), acting_as(acting_user):
        dispute.save()
    return dispute


def close_dispute(
    *, dispute: Dispute, acting_user: User, resolved_on: dt.date | None = None, resolution: str = "",
    escalated_on: dt.date | None = None,
) -> Dispute:
    """Mark a dispute resolved by negotiation, or escalated (only after the negotiation period)."""
    _require_editor(dispute.agreement, acting_user)
    dispute.resolved_on, dispute.resolution, dispute.escalated_on = resolved_on, resolution.strip(), escalated_on
    _validate_all(dispute)
    if escalated_on and escalated_on <= dispute.negotiation_deadline:
        raise ValidationError({"escalated_on": _(
            "The negotiation period runs until %(day)s; the dispute can be escalated only after it."
        ) % {"day": f"{dispute.negotiation_deadline:%-d.%-m.%Y}"}})
    with transaction.atomic(), acting_as(acting_user):
        dispute.save(update_fields=["resolved_on", "resolution", "escalated_on"])
    return dispute


# --- reminders --------------------------------------------------------------------------------
def _contact_emails(party_ids: set[int]) -> list[str]:
    emails = set()
    for contact in ContactPerson.objects.filter(party_id__in=party_ids).select_related("user"):
        address = contact.email or (contact.user.email if contact.user_id else "")
        if address:
            emails.add(address.lower())
    return sorted(emails)


def _threshold(remaining: int, thresholds: tuple[int, ...]) -> int | None:
    """The smallest reminder threshold the remaining days fall within (None: not due or past)."""
    if remaining < 0:
        return None
    due = [d for d in sorted(thresholds) if remaining <= d]
    return due[0] if due else None


def _claim_and_send(*, kind: str, object_id: int, due: dt.date, days_before: int, emails: list[str],
                    subject: str, template: str, context: dict) -> int:
    sent = 0
    for email in emails:
        try:
            with transaction.atomic():
                _row, created = ReminderSent.objects.get_or_create(
                    kind=kind, object_id=object_id, due_date=due, days_before=days_before, email=email
                )
        except IntegrityError:  # another runner claimed it at the same moment
            created = False
        if not created:
            continue
        body = render_to_string(template, context)
        transaction.on_commit(
            lambda email=email, body=body: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        )
        sent += 1
    return sent


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Remind the parties' contacts before an agreement ends and before a dispute's deadline.

    Idempotent: each (reminder, threshold, recipient) is claimed once, so running twice a day,
    or on two hosts, sends nothing twice. Returns the number of e-mails queued.
    """
    today = today or timezone.localdate()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        # visibility: reminder task, shown to no person; it mails the parties' own contact people
        agreements = Agreement.objects.filter(terminated_on__isnull=True).prefetch_related(
            "memberships", "signatures"
        )
        for agreement in agreements:
            if agreement.state_on(today) not in (AgreementState.IN_FORCE, AgreementState.SIGNED):
                continue
            end = agreement.effective_end()
            if end is None:
                continue
            threshold = _threshold((end - today).days, AGREEMENT_END_REMINDER_DAYS)
            if threshold is None:
                continue
            party_ids = {m.party_id for m in agreement.memberships_on(today)}
            sent += _claim_and_send(
                kind=ReminderSent.Kind.AGREEMENT_END, object_id=agreement.pk, due=end, days_before=threshold,
                emails=_contact_emails(party_ids),
                subject=_("Agreement ends on %(day)s: %(title)s") % {"day": f"{end:%-d.%-m.%Y}",
                                                                      "title": agreement.title_fi},
                template="emails/cooperation/agreement_end.txt",
                context={"agreement": agreement, "end": end, "days": (end - today).days,
                         "url": settings.PORTAL_BASE_URL + reverse("agreements:detail", args=[agreement.pk])},
            )
        # visibility: reminder task, shown to no person; it mails the two disputing parties' contacts
        disputes = Dispute.objects.open().select_related("agreement", "invited_by", "invited_party")
        for dispute in disputes:
            deadline = dispute.negotiation_deadline
            threshold = _threshold((deadline - today).days, DISPUTE_DEADLINE_REMINDER_DAYS)
            if threshold is None:
                continue
            sent += _claim_and_send(
                kind=ReminderSent.Kind.DISPUTE_DEADLINE, object_id=dispute.pk, due=deadline, days_before=threshold,
                emails=_contact_emails({dispute.invited_by_id, dispute.invited_party_id}),
                subject=_("Negotiation deadline of a dispute on %(day)s: %(subject)s")
                % {"day": f"{deadline:%-d.%-m.%Y}", "subject": dispute.subject},
                template="emails/cooperation/dispute_deadline.txt",
                context={"dispute": dispute, "deadline": deadline, "days": (deadline - today).days,
                         "agreement": dispute.agreement,
                         "url": settings.PORTAL_BASE_URL + reverse("agreements:detail", args=[dispute.agreement_id])},
            )
    return sent


# --- reading: history and parties on a date ---------------------------------------------------
@dataclass
class HistoryEvent:
    day: dt.date | None
    kind: str
    title: str
    obj: object


def agreement_for_history(pk: int, user: User | None = None) -> Agreement:
    """The agreement with its whole record, as `user` may see it (404 when they may not).

    Pages, the PDF and the API pass the person. Without one (tests, commands that show nobody)
    the record is loaded as it is; attachments are filtered per person by visible_attachments.
    """
    if user is not None:
        agreements = Agreement.objects.visible_to(user)
        disputes = Dispute.objects.visible_to(user)
    else:
        agreements = Agreement.objects.all()  # visibility: no person given; callers that show it pass `user`
        disputes = Dispute.objects.all()  # visibility: as above
    return get_object_or_404(
        agreements.select_related("superseded_by", "parent")
        .prefetch_related(
            Prefetch("memberships", queryset=AgreementParty.objects.select_related("party").prefetch_related(
                "party__names")),
            Prefetch("signatures", queryset=Signature.objects.select_related("party")),
            Prefetch("approvals", queryset=Approval.objects.select_related("party")),
            Prefetch("service_agreements", queryset=ServiceAgreement.objects.select_related("producer", "buyer")),
            "sections",
            "attachments",
            Prefetch("amendments", queryset=Amendment.objects.prefetch_related("changes").select_related(
                "recorded_by")),
            Prefetch("accessions", queryset=Accession.objects.select_related("party", "recorded_by")),
            Prefetch("withdrawals", queryset=Withdrawal.objects.select_related("party", "recorded_by")),
            Prefetch("disputes", queryset=disputes.select_related("invited_by", "invited_party")),
            "supersedes",
        ),
        pk=pk,
    )


def history(agreement: Agreement) -> list[HistoryEvent]:
    """Everything that happened to the agreement, oldest first (undated signatures first)."""
    events = [HistoryEvent(s.signed_on, "signature", _("Signed by %(party)s") % {"party": s.party}, s)
              for s in agreement.signatures.all()]
    start = agreement.effective_start()
    if start:
        events.append(HistoryEvent(start, "start", _("Entered into force"), agreement))
    events += [HistoryEvent(a.effective_on, "amendment", str(a), a) for a in agreement.amendments.all()]
    events += [HistoryEvent(a.effective_on, "accession", str(a), a) for a in agreement.accessions.all()]
    events += [HistoryEvent(w.effective_on, "withdrawal", str(w), w) for w in agreement.withdrawals.all()]
    events += [HistoryEvent(d.invitation_date, "dispute", _("Dispute: %(subject)s") % {"subject": d.subject}, d)
               for d in agreement.disputes.all()]
    if agreement.end_condition_met_on:
        events.append(HistoryEvent(agreement.end_condition_met_on, "end", _("End condition met"), agreement))
    elif agreement.valid_until:
        events.append(HistoryEvent(agreement.valid_until, "end", _("Last day in force"), agreement))
    if agreement.terminated_on:
        events.append(HistoryEvent(agreement.terminated_on, "terminated", _("Terminated"), agreement))
    return sorted(events, key=lambda e: (e.day or dt.date.min, e.kind))
