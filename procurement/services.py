"""Writes of procurement that are multi-step or carry a rule beyond the model permission.

Every function is keyword-only and takes the acting person (`acting_user`); it asks the model's
rule (`can_be_created_by` / `can_be_edited_by` / `can_be_handled_by`, procurement.models) and raises
PermissionDenied when it says no, validates (ValidationError, nothing written), writes in one
`transaction.atomic()` and records the acting person as the audit actor (`acting_as`,
cooperation.base.audit): the auditlog middleware does not know the person of a token-authenticated
API call, a task or a command. Pages, the API and the admin call these; none writes these rows itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as
from cooperation.base.numbers import format_money
from parties.models import Party, User

from .allocation import AllocationError, split_amount
from .models import (
    Appropriation,
    CoordinationProposal,
    CostShare,
    DisruptionReport,
    JointProcurement,
    ProcurementNeed,
    ProcurementStage,
    Quota,
    QuotaEntry,
    QuotaSplit,
    StaffTransfer,
    ensure_party_may_act,
    is_coordinator,
)
from .selectors import quota_state

HUNDRED = Decimal("100")


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You may not do this."))


def _save_checked(obj, *, acting_user: User, allowed: bool, update_fields: list[str] | None = None) -> None:
    """The shared tail of the single-row writes: the rule's answer, validation, one transaction, the audit actor."""
    _require(allowed)
    obj.full_clean()
    with transaction.atomic(), acting_as(acting_user):
        obj.save(update_fields=update_fields)


# --- Needs and proposals --------------------------------------------------------------------
def need_save(*, need: ProcurementNeed, acting_user: User) -> ProcurementNeed:
    """Record a new need for the person's own party, or save changes to one they may edit.

    A new need (no pk) gets the person's party and `created_by`; the own-organisation rule is
    ProcurementNeed.can_be_created_by / can_be_edited_by.
    """
    if need.pk is None:
        need.party_id, need.created_by = acting_user.party_id, acting_user
        allowed = need.can_be_created_by(acting_user)
    else:
        # The rule is asked of the row as stored, not of the edited copy.
        stored = ProcurementNeed.objects.get(pk=need.pk)  # visibility: write path, the edit rule is asked next
        allowed = stored.can_be_edited_by(acting_user)
    _save_checked(need, acting_user=acting_user, allowed=allowed)
    return need


def proposal_create(*, title: str, summary: str, needs: Iterable[ProcurementNeed],
                    acting_user: User) -> CoordinationProposal:
    """The procurement group bundles submitted needs into one proposal to the steering group."""
    _require(is_coordinator(acting_user))
    needs = list(needs)
    if not needs:
        raise ValidationError({"needs": _("Choose at least one need to combine.")})
    unavailable = [n for n in needs if n.status not in (ProcurementNeed.Status.SUBMITTED,)]
    if unavailable:
        raise ValidationError({"needs": _("These needs are not open for a proposal: %(titles)s.")
                               % {"titles": ", ".join(n.title for n in unavailable)}})
    with transaction.atomic(), acting_as(acting_user):
        proposal = CoordinationProposal.objects.create(title=title, summary=summary, created_by=acting_user)
        proposal.needs.set(needs)
        for need in needs:
            need.status = ProcurementNeed.Status.IN_PROPOSAL
            need.save(update_fields=["status"])
    return proposal


def steering_group():
    """The active steering group (workgroups), or None before one is recorded."""
    from workgroups.models import Body

    return Body.objects.filter(kind=Body.Kind.STEERING_GROUP, active=True).order_by("pk").first()


def proposal_send_to_steering(*, proposal: CoordinationProposal, acting_user: User,
                              to_body=None) -> CoordinationProposal:
    """Send the coordination proposal to the steering group as a workgroups proposal.

    The steering group's secretary then puts it on an agenda (workgroups.services.proposal_to_agenda)
    and the decision recorded there is linked back here (decision_link).
    """
    from workgroups import services as workgroup_services

    _require(proposal.can_be_edited_by(acting_user))
    if proposal.status != CoordinationProposal.Status.DRAFT:
        raise ValidationError(_("The proposal has already been sent to the steering group."))
    to_body = to_body or steering_group()
    if to_body is None:
        raise ValidationError(_("No steering group is recorded in the portal yet."))
    needs = proposal.needs.select_related("party").order_by("party__name_fi", "title")
    lines = [f"- {n.party.name_fi}: {n.title} ({n.cpv_code}, {format_money(n.estimated_value)})" for n in needs]
    with transaction.atomic(), acting_as(acting_user):
        wg_proposal = workgroup_services.proposal_submit(
            to_body=to_body, title=proposal.title, proposal_text=proposal.summary,
            justification=_("Combined procurement needs:") + "\n" + "\n".join(lines),
            source="procurement", acting_user=acting_user)
        proposal.workgroup_proposal = wg_proposal
        proposal.status = CoordinationProposal.Status.SENT
        proposal.steering_reference = proposal.steering_reference or to_body.name_fi
        proposal.save(update_fields=["workgroup_proposal", "status", "steering_reference"])
    return proposal


def proposal_link_decision(*, proposal: CoordinationProposal, decision, acting_user: User) -> CoordinationProposal:
    _require(proposal.can_be_edited_by(acting_user))
    with transaction.atomic(), acting_as(acting_user):
        proposal.decision = decision
        proposal.status = CoordinationProposal.Status.DECIDED
        proposal.steering_reference = str(decision)
        proposal.save(update_fields=["decision", "status", "steering_reference"])
    return proposal


# --- Joint procurements ---------------------------------------------------------------------
def validate_cost_shares(shares: Mapping[Party, Decimal]) -> None:
    """Shares must add up to exactly 100 % (Decimal, two decimals), each above zero, no party twice."""
    if not shares:
        raise ValidationError(_("Give at least one party's cost share."))
    for party, percent in shares.items():
        if percent is None or percent <= 0:
            raise ValidationError(_("The cost share of %(party)s must be above 0 %%.") % {"party": party})
        if percent != percent.quantize(Decimal("0.01")):
            raise ValidationError(_("Give cost shares with at most two decimals (%(party)s: %(percent)s).")
                                  % {"party": party, "percent": percent})
    total = sum(shares.values(), Decimal("0"))
    if total != HUNDRED:
        raise ValidationError(
            _("The cost shares add up to %(total)s %%; they must add up to exactly 100 %% (difference %(diff)s)."),
            code="cost_shares_total", params={"total": total, "diff": (total - HUNDRED)},
        )


def _write_shares(procurement: JointProcurement, shares: Mapping[Party, Decimal]) -> None:
    existing = set(procurement.cost_shares.values_list("party_id", flat=True)) if procurement.pk else set()
    for party in shares:
        if party.pk not in existing:  # an ended party gets no new share (the parties' date rule)
            ensure_party_may_act(party, "cost_shares")
    procurement.cost_shares.exclude(party__in=list(shares)).delete()
    for party, percent in shares.items():
        CostShare.objects.update_or_create(procurement=procurement, party=party, defaults={"percent": percent})


def cost_shares_set(*, procurement: JointProcurement, shares: Mapping[Party, Decimal], acting_user: User) -> None:
    _require(procurement.can_be_edited_by(acting_user))
    validate_cost_shares(shares)
    with transaction.atomic(), acting_as(acting_user):
        _write_shares(procurement, shares)


def procurement_save(*, procurement: JointProcurement, acting_user: User,
                     cost_shares: Mapping[Party, Decimal] | None = None) -> JointProcurement:
    """Create or change a joint procurement and, when given, replace its cost shares: all or nothing."""
    _require(procurement.can_be_edited_by(acting_user))
    if cost_shares is not None:
        validate_cost_shares(cost_shares)
    procurement.full_clean()
    with transaction.atomic(), acting_as(acting_user):
        procurement.save()
        if cost_shares is not None:
            _write_shares(procurement, cost_shares)
    return procurement


def stage_record(*, procurement: JointProcurement, stage: str, date: dt.date, acting_user: User,
                 decision_reference: str = "", note: str = "", decision=None) -> ProcurementStage:
    _require(procurement.can_be_edited_by(acting_user))
    obj = ProcurementStage.objects.filter(procurement=procurement, stage=stage).first() or ProcurementStage(
        procurement=procurement, stage=stage)
    obj.date, obj.decision_reference, obj.note = date, decision_reference, note
    if decision is not None:
        obj.decision = decision
        obj.decision_reference = obj.decision_reference or str(decision)
    _save_checked(obj, acting_user=acting_user, allowed=True)
    return obj


# --- Disruption reports ---------------------------------------------------------------------
def disruption_save(*, report: DisruptionReport, acting_user: User) -> DisruptionReport:
    """Report a disruption in the name of the person's own party, or save changes they may make."""
    if report.pk is None:
        report.reporting_party_id, report.reported_by = acting_user.party_id, acting_user
        allowed = report.can_be_created_by(acting_user)
    else:
        stored = DisruptionReport.objects.get(pk=report.pk)  # visibility: write path, the edit rule is asked next
        allowed = stored.can_be_edited_by(acting_user)
    _save_checked(report, acting_user=acting_user, allowed=allowed)
    return report


def disruption_forward(*, report: DisruptionReport, forwarded_on: dt.date, answer_due: dt.date,
                       acting_user: User) -> DisruptionReport:
    _require(report.can_be_handled_by(acting_user))
    report.forwarded_on, report.answer_due = forwarded_on, answer_due
    _save_checked(report, acting_user=acting_user, allowed=True, update_fields=["forwarded_on", "answer_due"])
    return report


def disruption_answer(*, report: DisruptionReport, answer: str, answered_on: dt.date,
                      acting_user: User) -> DisruptionReport:
    _require(report.can_be_handled_by(acting_user))
    if not answer.strip():
        raise ValidationError({"supplier_answer": _("Write down the supplier's answer.")})
    report.supplier_answer, report.answered_on = answer, answered_on
    _save_checked(report, acting_user=acting_user, allowed=True, update_fields=["supplier_answer", "answered_on"])
    return report


def disruption_resolve(*, report: DisruptionReport, resolution: str, resolved_on: dt.date,
                       acting_user: User) -> DisruptionReport:
    _require(report.can_be_handled_by(acting_user))
    report.resolution, report.resolved_on = resolution, resolved_on
    _save_checked(report, acting_user=acting_user, allowed=True, update_fields=["resolution", "resolved_on"])
    return report


# --- Appropriation quotas -------------------------------------------------------------------
@transaction.atomic
def quota_split_run(*, appropriation: Appropriation, customer_counts: Mapping[Party, int], counts_on: dt.date,
                    acting_user: User, basis: str = "", decision_reference: str = "", decision=None) -> QuotaSplit:
    """Split the appropriation by customer counts (largest remainder, exact to the cent).

    A re-run adds a new version and marks the earlier one superseded; nothing is deleted.
    """
    _require(acting_user.has_perm("procurement.add_quotasplit"))
    try:
        amounts = split_amount(appropriation.amount, dict(customer_counts))
    except AllocationError as exc:
        raise ValidationError({"customer_counts": str(exc)}) from exc
    for party in customer_counts:  # an ended authority gets no new quota (the parties' date rule)
        ensure_party_may_act(party, "customer_counts")
    # Lock the appropriation row so two concurrent re-runs cannot take the same version number.
    Appropriation.objects.select_for_update().get(pk=appropriation.pk)
    last = appropriation.splits.order_by("-version").first()
    now = timezone.now()
    with acting_as(acting_user):
        if last is not None:
            appropriation.splits.filter(superseded_at__isnull=True).update(superseded_at=now)
        split = QuotaSplit.objects.create(
            appropriation=appropriation, version=(last.version + 1 if last else 1), counts_on=counts_on,
            basis=basis, decision_reference=decision_reference or (str(decision) if decision else ""),
            decision=decision, created_by=acting_user, created_at=now)
        Quota.objects.bulk_create(
            Quota(split=split, party=party, customer_count=customer_counts[party], amount=amounts[party])
            for party in customer_counts)
    return split


@transaction.atomic
def quota_entry_record(*, appropriation: Appropriation, party: Party, kind: str, amount: Decimal, date: dt.date,
                       description: str, acting_user: User) -> tuple[QuotaEntry, Decimal | None]:
    """Record a commitment or spending; returns the entry and a warning level newly passed (or None)."""
    entry = QuotaEntry(appropriation=appropriation, party=party, kind=kind, amount=amount, date=date,
                       description=description, recorded_by=acting_user)
    _require(entry.can_be_edited_by(acting_user))
    entry.full_clean()
    split = appropriation.current_split()
    if split is None or not split.quotas.filter(party=party).exists():
        raise ValidationError({"party": _("%(party)s has no quota in the current split of %(appropriation)s.")
                               % {"party": party, "appropriation": appropriation}})
    before = quota_state(appropriation, party)
    with acting_as(acting_user):
        entry.save()
    after = quota_state(appropriation, party)
    newly = after["warning"] if after["warning"] != before["warning"] and after["warning"] is not None else None
    return entry, newly


# --- Staff transfers ------------------------------------------------------------------------
def staff_transfer_save(*, transfer: StaffTransfer, acting_user: User) -> StaffTransfer:
    """Record a transfer of a party the person's organisation is involved in, or save changes to one
    whose names they may see that leave it involving their organisation (StaffTransfer.can_be_created_by /
    can_be_saved_by)."""
    if transfer.pk is None:
        allowed = transfer.can_be_created_by(acting_user)
    else:
        stored = StaffTransfer.objects.get(pk=transfer.pk)  # visibility: write path, the edit rule is asked next
        allowed = transfer.can_be_saved_by(acting_user, stored=stored)
    _save_checked(transfer, acting_user=acting_user, allowed=allowed)
    return transfer
