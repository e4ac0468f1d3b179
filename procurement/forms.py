from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parties.models import Party

from .models import (
    Appropriation,
    DisruptionReport,
    ProcurementContract,
    ProcurementNeed,
    ProcurementStage,
    QuotaEntry,
    StaffTransfer,
)
from .services import validate_cost_shares

DATE = {"type": "date"}


def date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


class NeedForm(forms.ModelForm):
    class Meta:
        model = ProcurementNeed
        fields = ["title", "service_type", "cpv_code", "target_groups", "estimated_volume", "estimated_value",
                  "needed_from", "needed_until", "justification"]
        widgets = {"needed_from": date_widget(), "needed_until": date_widget(),
                   "justification": forms.Textarea(attrs={"rows": 4})}

    def clean_cpv_code(self):
        return self.cleaned_data["cpv_code"].strip()


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 4}))
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs to combine"), queryset=ProcurementNeed.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = (ProcurementNeed.objects.visible_to(user)
                                         .filter(status=ProcurementNeed.Status.SUBMITTED)
                                         .select_related("party").order_by("party__name_fi", "title"))
        self.fields["needs"].label_from_instance = lambda n: f"{n.party.name}: {n.title} ({n.cpv_code})"


class CostShareForm(forms.Form):
    """One percentage field per party; the total must be exactly 100 %."""

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        current = {s.party_id: s.percent for s in procurement.cost_shares.all()}
        self.parties = list(Party.objects.municipalities().order_by("name_fi"))
        for party in self.parties:
            self.fields[f"party_{party.pk}"] = forms.DecimalField(
                label=party.name, required=False, min_value=Decimal("0"), max_value=Decimal("100"),
                max_digits=5, decimal_places=2, initial=current.get(party.pk))

    def clean(self):
        data = super().clean()
        shares = {party: data[f"party_{party.pk}"] for party in self.parties if data.get(f"party_{party.pk}")}
        try:
            validate_cost_shares(shares)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        self.shares = shares
        return data


class StageForm(forms.ModelForm):
    class Meta:
        model = ProcurementStage
        fields = ["stage", "date", "decision", "decision_reference", "note"]
        widgets = {"date": date_widget(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = self.fields["decision"].queryset.select_related("body")


class DisruptionForm(forms.ModelForm):
    class Meta:
        model = DisruptionReport
        fields = ["contract", "title", "description", "occurred_on"]
        widgets = {"occurred_on": date_widget(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = ProcurementContract.objects.select_related("supplier", "procurement")


class ForwardForm(forms.Form):
    forwarded_on = forms.DateField(label=_("Forwarded to the supplier on"), widget=date_widget())
    answer_due = forms.DateField(label=_("Supplier's answer due"), widget=date_widget())


class AnswerForm(forms.Form):
    supplier_answer = forms.CharField(label=_("Supplier's answer"), widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label=_("Answered on"), widget=date_widget())


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = forms.DateField(label=_("Resolved on"), widget=date_widget())


class DecisionLinkForm(forms.Form):
    """Link the steering group's decision on a coordination proposal (decisions the person may see)."""

    decision = forms.ModelChoiceField(label=_("Steering-group decision"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        from workgroups.models import Body, Decision

        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (Decision.objects.visible_to(user)
                                            .filter(body__kind=Body.Kind.STEERING_GROUP)
                                            .select_related("body").order_by("-section_year", "-section_number"))


class QuotaSplitForm(forms.Form):
    """Customer counts per authority; the split itself is made by services.quota_split_run."""

    appropriation = forms.ModelChoiceField(label=_("Appropriation"), queryset=Appropriation.objects.all())
    counts_on = forms.DateField(label=_("Customer counts on"), widget=date_widget())
    basis = forms.CharField(label=_("Basis"), required=False, help_text=_("Where the customer counts come from."))
    decision_reference = forms.CharField(label=_("Decision"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(Party.objects.order_by("kind", "name_fi"))
        for party in self.parties:
            self.fields[f"count_{party.pk}"] = forms.IntegerField(label=party.name, required=False, min_value=0)

    def clean(self):
        data = super().clean()
        self.counts = {p: data[f"count_{p.pk}"] for p in self.parties if data.get(f"count_{p.pk}")}
        if not self.counts:
            raise ValidationError(_("Give the customer count of at least one authority."))
        return data


class StaffTransferForm(forms.ModelForm):
    class Meta:
        model = StaffTransfer
        fields = ["official_name", "consent_date", "from_office", "to_municipality", "resource", "person_years",
                  "starts_on", "ends_on"]
        widgets = {"consent_date": date_widget(), "starts_on": date_widget(), "ends_on": date_widget()}


class QuotaEntryForm(forms.ModelForm):
    class Meta:
        model = QuotaEntry
        fields = ["appropriation", "party", "kind", "amount", "date", "description"]
        widgets = {"date": date_widget()}
