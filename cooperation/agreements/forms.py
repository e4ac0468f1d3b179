"""Forms of the agreement pages; the writes themselves are in agreement_services."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from cooperation.base import secrecy_grounds
from cooperation.base.publicity import Publicity
from parties.models import Party

from .models import Agreement, AgreementParty, Measure, ServiceAgreement

DATE = {"type": "date"}


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                           **kwargs)


class JointDecisionFields(forms.Form):
    """The joint decision that makes a change: a steering-group decision §, or a reference in words."""

    decision = forms.ModelChoiceField(
        label=_("Steering-group decision (§)"), queryset=None, required=False, empty_label=_("Not in the portal"),
        help_text=_("A decision recorded in the portal's minutes, if the joint body made it there."),
    )
    decision_reference = forms.CharField(
        label=_("Decision in words"), required=False, max_length=300,
        help_text=_("e.g. “Ohjausryhmä 12.3.2025 § 14” or the parties' own decisions."),
    )
    decided_on = _date(_("Decided on"), required=False,
                       help_text=_("Taken from the decision § when one is chosen."))
    effective_on = _date(_("Takes effect on"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        decision_model = apps.get_model("workgroups", "Decision")
        self.fields["decision"].queryset = (
            decision_model.objects.visible_to(user).select_related("body").order_by("-decided_at")
        )

    def clean(self):
        data = super().clean()
        if not data.get("decision") and not (data.get("decision_reference") or "").strip():
            self.add_error("decision_reference", _("Choose the decision § or name the decision in words."))
        if not data.get("decision") and not data.get("decided_on"):
            self.add_error("decided_on", _("Give the date of the decision."))
        return data


class SignatureForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none(), empty_label=_("Choose a party"))
    signatory = forms.CharField(label=_("Signatory"), max_length=200)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200, required=False)
    signed_on = _date(_("Signed on"))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    authorising_body = forms.CharField(
        label=_("Authorising body"), max_length=200, required=False,
        help_text=_("The party's own body that authorised the signature, e.g. “Hollolan kunnanhallitus”."),
    )
    authorising_date = _date(_("Date of the authorising decision"), required=False)
    authorising_section = forms.CharField(label=_("Section (§) of the authorising decision"), max_length=50,
                                          required=False, help_text=_("e.g. “§ 45”."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [m.party_id for m in agreement.unsigned_memberships()]
        self.fields["party"].queryset = Party.objects.filter(pk__in=ids).order_by("name_fi")

    def clean_authorising_section(self):
        value = self.cleaned_data["authorising_section"].strip()
        if value and "§" not in value:
            raise forms.ValidationError(_("Write the section with the § sign, e.g. “§ 45”."))
        return value


class AmendmentForm(JointDecisionFields):
    title = forms.CharField(label=_("Title of the amendment"), max_length=300)
    explanation = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    section = forms.ChoiceField(label=_("Section to change"))
    new_number = forms.CharField(label=_("Number of a new section"), max_length=20, required=False,
                                 help_text=_("Only when adding a new section, e.g. “3.14”."))
    heading_fi = forms.CharField(label=_("Heading (Finnish)"), max_length=300, required=False,
                                 help_text=_("Leave empty to keep the current heading."))
    text_fi = forms.CharField(label=_("New text (Finnish)"), widget=forms.Textarea(attrs={"rows": 8}))

    field_order = ["title", "section", "new_number", "heading_fi", "text_fi", "explanation", "decision",
                   "decision_reference", "decided_on", "effective_on"]

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {s.number: s for s in agreement.sections.all()}
        self.fields["section"].choices = [("", _("A new section")), *(
            (number, f"{number} {s.heading_fi}") for number, s in self.sections.items()
        )]
        self.fields["section"].required = False

    def clean(self):
        data = super().clean()
        number = data.get("section") or (data.get("new_number") or "").strip()
        if not number:
            self.add_error("new_number", _("Choose a section or give the number of a new section."))
            return data
        if not data.get("section") and number in self.sections:
            self.add_error("new_number", _("Section %(number)s exists already; choose it above.") % {"number": number})
        current = self.sections.get(number)
        heading = (data.get("heading_fi") or "").strip() or (current.heading_fi if current else "")
        if not heading:
            self.add_error("heading_fi", _("A new section needs a heading."))
        data["number"], data["heading"] = number, heading
        return data


class AccessionForm(JointDecisionFields):
    party = forms.ModelChoiceField(label=_("Joining party"), queryset=Party.objects.none(),
                                   empty_label=_("Choose a party"))
    role = forms.ChoiceField(label=_("Role"), choices=AgreementParty.Role.choices)
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["party", "role", "conditions", "decision", "decision_reference", "decided_on", "effective_on"]

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        existing = [m.party_id for m in agreement.memberships.all()]
        self.fields["party"].queryset = Party.objects.exclude(pk__in=existing).order_by("name_fi")


class WithdrawalForm(JointDecisionFields):
    party = forms.ModelChoiceField(label=_("Leaving party"), queryset=Party.objects.none(),
                                   empty_label=_("Choose a party"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["party", "reason", "decision", "decision_reference", "decided_on", "effective_on"]

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        current = [m.party_id for m in agreement.memberships.all() if m.left_on is None]
        self.fields["party"].queryset = Party.objects.filter(pk__in=current).order_by("name_fi")


class DisputeForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    invited_by = forms.ModelChoiceField(label=_("Invitation sent by"), queryset=Party.objects.none())
    invited_party = forms.ModelChoiceField(label=_("Invitation sent to"), queryset=Party.objects.none())
    invitation_date = _date(_("Date of the written invitation to negotiate"))

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(pk__in=[m.party_id for m in agreement.memberships.all()]).order_by("name_fi")
        self.fields["invited_by"].queryset = parties
        self.fields["invited_party"].queryset = parties


class DisputeCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("resolved", _("Resolved by negotiation")),
                                                             ("escalated", _("Escalated"))],
                                widget=forms.RadioSelect)
    day = _date(_("Date"))
    resolution = forms.CharField(label=_("Resolution or escalation note"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    title_fi = forms.CharField(label=_("Title (Finnish)"), max_length=300)
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=300, required=False)
    publicity = forms.ChoiceField(label=_("Publicity"), choices=Publicity.choices, initial=Publicity.PUBLIC)
    secrecy_ground = secrecy_grounds.form_field()  # the controlled list (cooperation.base.secrecy_grounds)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, docx, xlsx, odt or ods. May be added later."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)


class MeasureStatusForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["status", "status_note", "starts_on", "due_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "status_note": forms.Textarea(attrs={"rows": 3}),
        }


class PartiesOnDateForm(forms.Form):
    on = _date(_("Parties on"), required=False)


# --- drafting in pages (the writes: services.create_agreement, update_agreement, save_section …) ---
class AgreementBasicsForm(forms.ModelForm):
    """An agreement's basic facts. The model's clean() validates, as in the admin."""

    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Party.objects.none(), required=False,
        help_text=_("The original parties; only organisations in existence today."),
    )

    class Meta:
        model = Agreement
        fields = ["kind", "title_fi", "title_sv", "short_name", "legal_basis", "purpose", "parent", "valid_from",
                  "valid_until", "end_condition_fi", "end_condition_sv", "dispute_negotiation_months",
                  "dispute_forum", "copies_note", "approval_required", "source_note"]
        widgets = {
            "valid_from": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "end_condition_fi": forms.Textarea(attrs={"rows": 2}),
            "end_condition_sv": forms.Textarea(attrs={"rows": 2}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            from django.utils import timezone

            self.fields["parties"].queryset = Party.objects.active_on(timezone.localdate()).order_by("name_fi")
            self.fields["parties"].required = True
        else:
            del self.fields["parties"]
        # visibility: choices for an editor; agreements are visible to every logged-in person (their rule)
        self.fields["parent"].queryset = Agreement.objects.exclude(pk=self.instance.pk).order_by("title_fi")


class SectionForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, help_text=_("e.g. “3” or “3.2”."))
    heading_fi = forms.CharField(label=_("Heading (Finnish)"), max_length=300)
    text_fi = forms.CharField(label=_("Text (Finnish)"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    heading_sv = forms.CharField(label=_("Heading (Swedish)"), max_length=300, required=False)
    text_sv = forms.CharField(label=_("Text (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)


class CirculateForm(forms.Form):
    comments_until = _date(_("Comments by"), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)


class CommentForm(forms.Form):
    party = forms.ModelChoiceField(label=_("In the name of"), queryset=Party.objects.none(), empty_label=None)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, parties: list[Party], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(pk__in=[p.pk for p in parties]).order_by("name_fi")


class ApprovalForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none(), empty_label=_("Choose a party"))
    body = forms.CharField(label=_("Competent body"), max_length=200,
                           help_text=_("The party's own body, e.g. “Hollolan kunnanvaltuusto”."))
    section = forms.CharField(label=_("Section (§)"), max_length=50, help_text=_("e.g. “§ 45”."))
    decided_on = _date(_("Decided on"))
    minutes_url = forms.URLField(label=_("Link to the published minutes"), required=False, assume_scheme="https")

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [m.party_id for m in agreement.unapproved_memberships()]
        self.fields["party"].queryset = Party.objects.filter(pk__in=ids).order_by("name_fi")


class ServiceAgreementForm(forms.Form):
    service = forms.CharField(label=_("Service"), max_length=300)
    producer = forms.ModelChoiceField(label=_("Producing party"), queryset=Party.objects.none())
    buyer = forms.ModelChoiceField(label=_("Buying party"), queryset=Party.objects.none())
    price_basis = forms.ChoiceField(label=_("Price basis"), choices=ServiceAgreement.PriceBasis.choices)
    price_note = forms.CharField(label=_("Price"), max_length=300, required=False, help_text=_("e.g. “85 € / hour”."))
    valid_from = _date(_("Valid from"))
    valid_until = _date(_("Valid until"), required=False)
    procurement_id = forms.IntegerField(label=_("Joint procurement (number)"), required=False, min_value=1,
                                        help_text=_("The number in the procurement's address, when there is one."))
    procurement_label = forms.CharField(label=_("Joint procurement"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(pk__in=[m.party_id for m in agreement.memberships.all()]).order_by("name_fi")
        self.fields["producer"].queryset = parties
        self.fields["buyer"].queryset = parties


class AuthorityContextForm(forms.Form):
    metric_code = forms.CharField(label=_("Monitoring metric code"), max_length=40, required=False,
                                  help_text=_("When monitoring has the figure, e.g. TYOTTOMAT25; the latest value is "
                                              "shown."))
    value = forms.DecimalField(label=_("Value entered"), max_digits=12, decimal_places=2, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    as_of = forms.CharField(label=_("As of"), max_length=40, required=False, help_text=_("e.g. “12/2025”."))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
