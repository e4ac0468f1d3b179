"""Recording the deliberation (käsittely) of an agenda item: recusals with their ground, counter-proposals
and their seconders, votes and dissenting opinions.

Keyword-only services taking the acting user (the body's secretary), as in workgroups.services: each runs
in one transaction with the meeting row locked, checks the meeting may still be changed (not locked, has
started, agenda numbered) and validates on the models (workgroups.deliberation_models), so the admin
and these refuse the same. A change to minutes sent for checking returns them to draft (signals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext as _

from cooperation.base.audit import acting_as

from . import services
from .deliberation_models import CounterProposal, DissentingOpinion, Vote, VoteBallot, present_voters
from .models import AgendaItem, Meeting, Membership, Recusal

if TYPE_CHECKING:
    from parties.models import User


def _open_item(item: AgendaItem, acting_user: User) -> AgendaItem:
    """Lock the item's meeting and check the deliberation may be recorded on it now."""
    services._require_manager(item.meeting.body, acting_user)
    meeting = services._locked(Meeting, item.meeting_id, "body", "chair")
    services._require_meeting_edit(meeting, acting_user)
    if meeting.status not in services.RECORDING:
        raise ValidationError(_("The deliberation is recorded once the invitation has been sent."))
    services._require_started(meeting)
    services._number_meeting(meeting)
    item = services._locked(AgendaItem, item.pk)
    item.meeting = meeting
    return item


def _save(row) -> None:
    row.full_clean()
    row.save()


# --- recusals (esteellisyys, hallintolaki 28 §) -----------------------------------------------------


def recusal_record(*, item: AgendaItem, membership: Membership, ground: str, acting_user: User,
                   reason: str = "") -> Recusal:
    """Record that a member was disqualified from the item, with the point of HL 28 § 1 mom."""
    with transaction.atomic(), acting_as(acting_user):
        item = _open_item(item, acting_user)
        services._require_member(item.meeting, membership)
        recusal = Recusal.objects.filter(agenda_item=item, membership=membership).first() or Recusal(
            agenda_item=item, membership=membership)
        recusal.ground, recusal.reason = ground, reason.strip()
        if not ground:
            raise ValidationError({"ground": _("Choose the ground of disqualification.")})
        recusal.full_clean(exclude=["agenda_item", "membership"], validate_constraints=False)
        recusal.save()
    return recusal


def recusal_remove(*, recusal: Recusal, acting_user: User) -> None:
    with transaction.atomic(), acting_as(acting_user):
        _open_item(recusal.agenda_item, acting_user)
        recusal.delete()


# --- counter-proposals and seconders ---------------------------------------------------------------


def counter_proposal_record(*, item: AgendaItem, proposer: Membership, text: str, acting_user: User,
                            seconders: Iterable[Membership] = ()) -> CounterProposal:
    """A counter-proposal with those who seconded it; with no seconder it lapses ("raukesi kannattamattomana")."""
    seconders = list(seconders)
    with transaction.atomic(), acting_as(acting_user):
        item = _open_item(item, acting_user)
        order = (item.counter_proposals.aggregate(m=Max("order"))["m"] or 0) + 1
        proposal = CounterProposal(agenda_item=item, order=order, proposer=proposer, text=text.strip())
        proposal.full_clean()
        voters = {a.membership_id for a in present_voters(item)}
        for seconder in seconders:
            if seconder.pk == proposer.pk:
                raise ValidationError({"seconders": _("The proposer cannot second their own proposal.")})
            if seconder.pk not in voters:
                raise ValidationError({"seconders": _("%(name)s was not present for this item (or was recused) "
                                                      "and cannot second.") % {"name": seconder.display_name}})
        proposal.save()
        proposal.seconders.set(seconders)
    return proposal


def counter_proposal_remove(*, proposal: CounterProposal, acting_user: User) -> None:
    with transaction.atomic(), acting_as(acting_user):
        _open_item(proposal.agenda_item, acting_user)
        if proposal.votes.exists():
            raise ValidationError(_("The counter-proposal has been voted on: remove the vote first."))
        proposal.delete()


# --- votes (äänestys) ------------------------------------------------------------------------------


def vote_record(*, item: AgendaItem, counter_proposal: CounterProposal, acting_user: User,
                ballots: Mapping[Membership, str] | None = None, kind: str = Vote.Kind.MOTION,
                method: str = Vote.Method.ROLL_CALL, counts: Mapping[str, int] | None = None,
                lot_winner: str = "", yes_option: str = "", no_option: str = "") -> Vote:
    """A vote between the preparer's proposal (yes) and a seconded counter-proposal (no).

    An open vote gives each present voter's choice in `ballots` (those not given are recorded absent);
    a closed ballot (elections) gives only the `counts` (yes, no, abstain, absent). The result is
    computed: the side with more votes wins; a tie is decided by the chair's vote, an election by lot.
    """
    with transaction.atomic(), acting_as(acting_user):
        item = _open_item(item, acting_user)
        order = (item.votes.aggregate(m=Max("order"))["m"] or 0) + 1
        with translation.override(settings.LANGUAGE_CODE):  # the minutes' language, as the standard items
            yes_option, no_option = yes_option or _("The preparer's proposal"), no_option or counter_proposal.label
        vote = Vote(agenda_item=item, order=order, kind=kind, method=method, counter_proposal=counter_proposal,
                    yes_option=yes_option, no_option=no_option, lot_winner=lot_winner)
        voters = present_voters(item)
        rows, chair_choice = [], ""
        if method == Vote.Method.BALLOT:
            counts = counts or {}
            vote.yes_count, vote.no_count = counts.get("yes", 0), counts.get("no", 0)
            vote.abstain_count, vote.absent_count = counts.get("abstain", 0), counts.get("absent", 0)
        else:
            rows, chair_choice = _ballots(vote, voters, dict(ballots or {}), item.meeting)
        vote.full_clean(exclude=["result"])
        vote.compute_result(chair_choice=chair_choice)
        vote.save()
        VoteBallot.objects.bulk_create(rows)
    return vote


def _ballots(vote: Vote, voters: list, given: dict, meeting: Meeting) -> tuple[list[VoteBallot], str]:
    """One ballot per present voter (absent where none was given), the counts, and the chair's choice."""
    by_id = {a.membership_id: a for a in voters}
    for membership, choice in given.items():
        if membership.pk not in by_id:
            raise ValidationError(_("%(name)s was not present for this item (or was recused) and cannot vote.")
                                  % {"name": membership.display_name})
        if choice not in VoteBallot.Choice.values:
            raise ValidationError(_("%(name)s: choose yes, no, abstain or absent.") % {"name": membership.display_name})
    choices = {m.pk: c for m, c in given.items()}
    rows = [VoteBallot(vote=vote, membership=a.membership, person_name=a.person_name or a.membership.display_name,
                       choice=choices.get(a.membership_id, VoteBallot.Choice.ABSENT)) for a in voters]
    tally = {c: sum(1 for r in rows if r.choice == c) for c in VoteBallot.Choice.values}
    vote.yes_count, vote.no_count = tally["yes"], tally["no"]
    vote.abstain_count, vote.absent_count = tally["abstain"], tally["absent"]
    return rows, choices.get(_chair_seat(meeting, voters), "")


def _chair_seat(meeting: Meeting, voters: list) -> int | None:
    """Who chairs when the item is handled: the meeting's chair if present for it, else the vice chair."""
    ids = {a.membership_id for a in voters}
    if meeting.chair_id in ids:
        return meeting.chair_id
    return next((a.membership_id for a in voters if a.membership.role == Membership.Role.VICE_CHAIR), None)


def vote_remove(*, vote: Vote, acting_user: User) -> None:
    with transaction.atomic(), acting_as(acting_user):
        _open_item(vote.agenda_item, acting_user)
        vote.delete()


# --- dissenting opinions (eriävä mielipide) -------------------------------------------------------


def dissent_record(*, item: AgendaItem, membership: Membership, acting_user: User, text: str = ""
                   ) -> DissentingOpinion:
    with transaction.atomic(), acting_as(acting_user):
        item = _open_item(item, acting_user)
        dissent = DissentingOpinion.objects.filter(agenda_item=item, membership=membership).first() or \
            DissentingOpinion(agenda_item=item, membership=membership)
        dissent.text = text.strip()
        _save(dissent)
    return dissent


def dissent_remove(*, dissent: DissentingOpinion, acting_user: User) -> None:
    with transaction.atomic(), acting_as(acting_user):
        _open_item(dissent.agenda_item, acting_user)
        dissent.delete()


# --- reading ---------------------------------------------------------------------------------------


def prefetch_deliberation(items: list[AgendaItem]) -> None:
    """The deliberation of items already read through their visibility rule, in a constant number of queries."""
    # visibility: the seconders are members of the body of items already read through their rule
    seconders = Membership.objects.select_related("user")
    prefetch_related_objects(
        items,
        Prefetch("counter_proposals", queryset=CounterProposal.objects.select_related("proposer__user")
                 .prefetch_related(Prefetch("seconders", queryset=seconders))),
        Prefetch("votes", queryset=Vote.objects.select_related("counter_proposal")
                 .prefetch_related("ballots")),
        Prefetch("dissenting_opinions", queryset=DissentingOpinion.objects.select_related("membership__user")),
    )
