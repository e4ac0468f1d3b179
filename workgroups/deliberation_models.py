"""The standard agenda of a body and the deliberation (käsittely) of an agenda item.

Deliberation as Finnish minutes record it (kuntalaki 410/2015 §§ 99–106, hallintolaki 434/2003 § 28):
recusals with their ground, counter-proposals with their seconders (an unseconded one lapses), votes
between the preparer's proposal and a seconded counter-proposal (a tie is decided by the chair's vote,
in an election by lot), and dissenting opinions. The rows are written through workgroups.deliberation
and validated here, so the admin and the services refuse the same: nothing is recorded before the
meeting starts, only those present for the item take part, and nothing changes once the minutes are
locked.

This module is imported by workgroups.models (so the models belong to the app); it must not import it
back, so the relations name their models as strings and the rules reach other rows through them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Membership.Role values of those who vote (the chair, vice chair and members; a deputy votes in the
# seat of the member they stand in for).
VOTING_ROLE_VALUES = ("chair", "vice_chair", "member")


class RecusalGround(models.TextChoices):
    """The points of hallintolaki 28 § 1 mom."""

    PARTY = "1", _("Is a party to the matter")
    CLOSE_PERSON_IS_PARTY = "2", _("A close person is a party to the matter")
    ASSISTS_OR_REPRESENTS = "3", _("Assists or represents a party or one who can expect particular benefit or "
                                   "harm from the decision")
    BENEFIT_OR_HARM = "4", _("The decision can be expected to bring particular benefit or harm to them or a "
                             "close person")
    EMPLOYMENT_OR_ASSIGNMENT = "5", _("Is employed by or on an assignment for a party or one who can expect "
                                      "particular benefit or harm, in a matter related to it")
    MANAGEMENT_ROLE = "6", _("Holds a management post in a corporation, foundation or public enterprise that is "
                             "a party or can expect particular benefit or harm")
    OTHER_PARTICULAR_REASON = "7", _("Another particular reason puts their impartiality in doubt")

    @classmethod
    def citation(cls, value: str) -> str:
        """"HL 28 § 1 mom. 5 k." in the language in use ("" when no point is chosen)."""
        if not value:
            return ""
        return gettext("Administrative Procedure Act 28 § 1 subsection, point %(point)s") % {"point": value}

    @classmethod
    def form_choices(cls) -> list[tuple[str, str]]:
        return [(value, f"{cls.citation(value)}: {label}") for value, label in cls.choices]


# The opening items Finnish bodies begin with, in the portal's language when put on a body's list.
DEFAULT_STANDARD_ITEMS = (
    (_("Opening of the meeting"), _("The chair opens the meeting.")),
    (_("Legality and quorum of the meeting"), _("The meeting is declared lawfully convened and quorate.")),
    (_("Election of the minutes checkers"), _("Two minutes checkers are elected.")),
    (_("Adoption of the order of business"), _("The agenda is adopted as the order of business.")),
)


class StandardAgendaItem(models.Model):
    """One item of a body's standard agenda: put on every new meeting's agenda, in this order."""

    body = models.ForeignKey("workgroups.Body", on_delete=models.CASCADE, related_name="standard_items",
                             verbose_name=_("body"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    proposal_text = models.TextField(_("proposal for decision"), blank=True)

    class Meta:
        verbose_name = _("standard agenda item")
        verbose_name_plural = _("standard agenda items")
        ordering = ["body", "order"]

    def __str__(self) -> str:
        return self.title


def present_voters(item) -> list:
    """The attendance rows of those who take part in the item: present when it was handled, not recused,
    holding a voting seat (a deputy holds the seat of the member they stand in for)."""
    meeting = item.meeting
    recused = set(item.recusals.values_list("membership_id", flat=True))
    voting_ids = set(meeting.body.memberships.on(meeting.date).filter(voting=True, role__in=VOTING_ROLE_VALUES)
                     .values_list("pk", flat=True))
    rows = []
    for a in meeting.attendances.select_related("membership__user", "in_place_of", "arrived_during",
                                                "left_during"):
        if not a.present_for(item) or a.membership_id in recused:
            continue
        seat = a.in_place_of if a.status == "deputy" else a.membership
        if seat is None or seat.pk in recused or seat.pk not in voting_ids:
            continue
        rows.append(a)
    return rows


class DeliberationRow(models.Model):
    """What every deliberation row obeys: recorded only once the meeting has started, never after the
    minutes are locked; a change returns minutes sent for checking to draft (workgroups.signals)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    @property
    def item(self):
        return self.agenda_item

    def clean_recording(self) -> None:
        meeting = self.item.meeting
        if meeting.is_locked:
            raise ValidationError(_("The minutes are locked: the deliberation can no longer be changed."))
        if not meeting.has_started():
            raise ValidationError(
                _("The meeting has not started yet (it starts %(at)s): the deliberation is recorded once it has "
                  "started.") % {"at": f"{timezone.localtime(meeting.starts_at):%-d.%-m.%Y %H.%M}"})

    def _refuse_if_locked(self) -> None:
        if self.item.meeting.is_locked:
            raise ValidationError(_("The minutes are locked: the deliberation can no longer be changed."))

    def minutes_meeting_and_reason(self, deleted: bool) -> tuple[int, str]:
        item = self.item
        return item.meeting_id, gettext("%(section)s: the deliberation was changed.") % {
            "section": item.section_label}

    def _require_present(self, membership, voters: list, field: str) -> None:
        if membership is not None and membership.pk not in {a.membership_id for a in voters}:
            raise ValidationError({field: _("%(name)s was not present for this item (or was recused) and cannot "
                                            "take part in it.") % {"name": membership.display_name}})


class CounterProposal(DeliberationRow):
    """Vastaehdotus: a member's proposal against the preparer's. It lapses unless seconded."""

    agenda_item = models.ForeignKey("workgroups.AgendaItem", on_delete=models.CASCADE,
                                    related_name="counter_proposals", verbose_name=_("agenda item"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    proposer = models.ForeignKey("workgroups.Membership", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("proposer"))
    text = models.TextField(_("counter-proposal"))
    seconders = models.ManyToManyField("workgroups.Membership", blank=True, related_name="+",
                                       verbose_name=_("seconded by"))

    class Meta:
        verbose_name = _("counter-proposal")
        verbose_name_plural = _("counter-proposals")
        ordering = ["agenda_item", "order"]

    def __str__(self) -> str:
        return f"{self.proposer.display_name}: {self.text[:60]}"

    @property
    def is_seconded(self) -> bool:
        return bool(self.seconders.all())

    @property
    def seconder_names(self) -> str:
        return ", ".join(m.display_name for m in self.seconders.all())

    @property
    def label(self) -> str:
        """How a vote names it: "Matti Virtasen vastaehdotus" in the minutes' language."""
        return gettext("Counter-proposal by %(name)s") % {"name": self.proposer.display_name}

    def clean(self) -> None:
        self.clean_recording()
        if not self.text.strip():
            raise ValidationError({"text": _("Write the counter-proposal.")})
        self._require_present(self.proposer, present_voters(self.item), "proposer")


class Vote(DeliberationRow):
    """Äänestys between the preparer's proposal (JAA) and a seconded counter-proposal (EI), with its
    result. Open votes record each voter's ballot; a closed ballot (elections only) records the counts."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("Vote on the proposals")
        ELECTION = "election", _("Election")

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Roll-call vote")
        ELECTRONIC = "electronic", _("Electronic vote")
        BALLOT = "ballot", _("Closed ballot")

    class Side(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    class DecidedBy(models.TextChoices):
        COUNT = "count", _("By the votes cast")
        CHAIR = "chair", _("The votes were tied; the chair's vote decided")
        LOT = "lot", _("The votes were tied; decided by lot")

    agenda_item = models.ForeignKey("workgroups.AgendaItem", on_delete=models.CASCADE, related_name="votes",
                                    verbose_name=_("agenda item"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind of vote"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    method = models.CharField(_("voting method"), max_length=10, choices=Method.choices,
                              default=Method.ROLL_CALL)
    counter_proposal = models.ForeignKey(CounterProposal, on_delete=models.PROTECT, related_name="votes",
                                         verbose_name=_("counter-proposal"))
    yes_option = models.CharField(_("yes stands for"), max_length=300)
    no_option = models.CharField(_("no stands for"), max_length=300)
    yes_count = models.PositiveSmallIntegerField(_("yes votes"), default=0)
    no_count = models.PositiveSmallIntegerField(_("no votes"), default=0)
    abstain_count = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    absent_count = models.PositiveSmallIntegerField(_("absent"), default=0)
    lot_winner = models.CharField(_("drawn by lot"), max_length=3, choices=Side.choices, blank=True)
    result = models.CharField(_("result"), max_length=3, choices=Side.choices)
    decided_by = models.CharField(_("decided"), max_length=5, choices=DecidedBy.choices,
                                  default=DecidedBy.COUNT)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["agenda_item", "order"]

    def __str__(self) -> str:
        return f"{self.item}: {self.yes_count}–{self.no_count}"

    @property
    def winner_label(self) -> str:
        return self.yes_option if self.result == self.Side.YES else self.no_option

    def compute_result(self, *, chair_choice: str = "") -> None:
        """The side with more votes wins; on a tie the chair's vote decides, in an election the lot."""
        if self.yes_count != self.no_count:
            self.result = self.Side.YES if self.yes_count > self.no_count else self.Side.NO
            self.decided_by = self.DecidedBy.COUNT
        elif self.kind == self.Kind.ELECTION:
            if self.lot_winner not in self.Side.values:
                raise ValidationError({"lot_winner": _("The votes are tied: draw lots and record which side won.")})
            self.result, self.decided_by = self.lot_winner, self.DecidedBy.LOT
        else:
            if chair_choice not in self.Side.values:
                raise ValidationError(_("The votes are tied and the chair's vote decides: record the chair's vote "
                                        "as yes or no."))
            self.result, self.decided_by = chair_choice, self.DecidedBy.CHAIR

    def clean(self) -> None:
        self.clean_recording()
        errors = {}
        cp = self.counter_proposal
        if cp.agenda_item_id != self.agenda_item_id:
            errors["counter_proposal"] = _("The counter-proposal was made on another item.")
        elif cp.pk and not cp.is_seconded:
            errors["counter_proposal"] = _("An unseconded counter-proposal lapses and is not voted on.")
        if self.method == self.Method.BALLOT and self.kind != self.Kind.ELECTION:
            errors["method"] = _("A closed ballot is used only in elections.")
        if self.lot_winner and self.kind != self.Kind.ELECTION:
            errors["lot_winner"] = _("Only a tied election is decided by lot.")
        if errors:
            raise ValidationError(errors)
        present = len(present_voters(self.item))
        given = self.yes_count + self.no_count + self.abstain_count + self.absent_count
        if given > present:
            raise ValidationError(_("The votes (%(given)s) are more than those present for the item (%(present)s).")
                                  % {"given": given, "present": present})


class VoteBallot(DeliberationRow):
    """One voter's choice in an open vote (the minutes name how each voted)."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstain")
        ABSENT = "absent", _("Absent")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    membership = models.ForeignKey("workgroups.Membership", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("voter"))
    person_name = models.CharField(_("name"), max_length=200)
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "person_name"]
        constraints = [models.UniqueConstraint(fields=["vote", "membership"], name="ballot_once_per_voter")]

    def __str__(self) -> str:
        return f"{self.person_name}: {self.get_choice_display()}"

    @property
    def item(self):
        return self.vote.agenda_item

    def clean(self) -> None:
        self.clean_recording()
        self._require_present(self.membership, present_voters(self.item), "membership")


class DissentingOpinion(DeliberationRow):
    """Eriävä mielipide: a member who took part leaves a dissent, with or without a written reason."""

    agenda_item = models.ForeignKey("workgroups.AgendaItem", on_delete=models.CASCADE,
                                    related_name="dissenting_opinions", verbose_name=_("agenda item"))
    membership = models.ForeignKey("workgroups.Membership", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("member"))
    text = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("dissenting opinion")
        verbose_name_plural = _("dissenting opinions")
        ordering = ["agenda_item", "pk"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "membership"], name="dissent_once")]

    def __str__(self) -> str:
        return self.membership.display_name

    def clean(self) -> None:
        self.clean_recording()
        self._require_present(self.membership, present_voters(self.item), "membership")
