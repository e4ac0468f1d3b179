"""Forms of the standard agenda editor and the deliberation page (Finnish first through the catalogue)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .deliberation_models import CounterProposal, RecusalGround, Vote, VoteBallot


def _member_label(m) -> str:
    return f"{m.display_name} ({m.get_role_display()})"


class StandardItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    proposal_text = forms.CharField(label=_("Proposal for decision"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


StandardItemFormSet = forms.formset_factory(StandardItemForm, extra=2, can_delete=True, can_order=True)


class _MembersForm(forms.Form):
    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        for name in ("membership", "proposer", "seconders"):
            if name in self.fields:
                self.fields[name].choices = [(m.pk, _member_label(m)) for m in members]

    def member(self, name: str):
        return self.members[int(self.cleaned_data[name])]


class RecusalForm(_MembersForm):
    membership = forms.ChoiceField(label=_("Member"))
    ground = forms.ChoiceField(label=_("Ground of disqualification (Administrative Procedure Act 28 § 1 subsection)"))
    reason = forms.CharField(label=_("Explanation"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "–"), *RecusalGround.form_choices()]


class CounterProposalForm(_MembersForm):
    proposer = forms.ChoiceField(label=_("Proposer"))
    text = forms.CharField(label=_("Counter-proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    seconders = forms.MultipleChoiceField(label=_("Seconded by"), required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text=_("A counter-proposal nobody seconds lapses."))


class DissentForm(_MembersForm):
    membership = forms.ChoiceField(label=_("Member"))
    text = forms.CharField(label=_("Reasons (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VoteForm(forms.Form):
    counter_proposal = forms.ModelChoiceField(label=_("Counter-proposal voted on (no)"),
                                              queryset=CounterProposal.objects.none())
    kind = forms.ChoiceField(label=_("Kind of vote"), choices=Vote.Kind.choices)
    method = forms.ChoiceField(label=_("Voting method"), choices=Vote.Method.choices)
    lot_winner = forms.ChoiceField(label=_("Drawn by lot (tied election)"), required=False,
                                   choices=[("", "–"), *Vote.Side.choices])

    def __init__(self, *args, proposals=None, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter_proposal"].queryset = proposals
        self.fields["counter_proposal"].label_from_instance = lambda cp: f"{cp.label}: {cp.text[:80]}"
        self.voters = list(voters)
        for a in self.voters:
            self.fields[f"ballot_{a.membership_id}"] = forms.ChoiceField(
                label=a.person_name or a.membership.display_name, required=False,
                choices=VoteBallot.Choice.choices, widget=forms.RadioSelect)
        for side, label in (("yes", _("Yes votes (closed ballot)")), ("no", _("No votes (closed ballot)")),
                            ("abstain", _("Blank votes (closed ballot)")), ("absent", _("Not voting (closed ballot)"))):
            self.fields[f"count_{side}"] = forms.IntegerField(label=label, min_value=0, required=False)

    def ballots(self) -> dict:
        return {a.membership: self.cleaned_data[f"ballot_{a.membership_id}"] for a in self.voters
                if self.cleaned_data.get(f"ballot_{a.membership_id}")}

    def counts(self) -> dict:
        return {side: self.cleaned_data.get(f"count_{side}") or 0 for side in ("yes", "no", "abstain", "absent")}
