from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.base import secrecy_grounds
from cooperation.base.publicity import Publicity

from .appeals import AppealRoute
from .models import ActionItem, Attendance, Body, Decision, Membership


def membership_choices(memberships):
    """A choice field's queryset of exactly the memberships the view passed in (already read by it)."""
    # visibility: narrows to rows the view has read; who sits in a body is public to logged-in people
    return Membership.objects.filter(pk__in=[m.pk for m in memberships])


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PublicityFields(forms.Form):
    publicity = forms.ChoiceField(label=_("Publicity"), choices=Publicity.choices, initial=Publicity.PUBLIC)
    secrecy_ground = secrecy_grounds.form_field()  # the controlled list (cooperation.base.secrecy_grounds)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput(), required=False,
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    remote_link = forms.URLField(label=_("Remote meeting link"), required=False, assume_scheme="https")


class AgendaItemForm(PublicityFields):
    title = forms.CharField(label=_("Title"), max_length=300)
    preparer_name = forms.CharField(label=_("Preparer"), max_length=200, required=False)
    background = forms.CharField(label=_("Background"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    proposal_text = forms.CharField(label=_("Proposal for decision"), widget=forms.Textarea(attrs={"rows": 4}),
                                    required=False)
    register_number = forms.CharField(
        label=_("Register number of the matter"), max_length=50, required=False,
        help_text=_("An existing matter's number links the item to it; leave empty to open a new matter."),
    )
    title_is_public = forms.BooleanField(
        label=_("The title may be shown on the public web"), required=False, initial=False,
        help_text=_("For a non-public item. If not, the public minutes only mention that a secret matter was "
                    "handled."))


class AttachmentForm(PublicityFields):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))


class AttendanceRowForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Status.choices)
    in_place_of = forms.ModelChoiceField(label=_("In place of"), queryset=Membership.objects.none(), required=False)
    arrived_at = forms.TimeField(label=_("Arrived at"), required=False, widget=TimeInput())
    left_at = forms.TimeField(label=_("Left at"), required=False, widget=TimeInput())

    def __init__(self, *args, membership=None, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["in_place_of"].queryset = membership_choices(memberships)
        self.fields["in_place_of"].label_from_instance = lambda m: m.display_name

    def clean(self):
        data = super().clean()
        if data.get("status") == Attendance.Status.DEPUTY and not data.get("in_place_of"):
            self.add_error("in_place_of", _("Choose the member the deputy replaces."))
        return data


class DecisionForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=Decision.Resolution.choices)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 6}))
    dissent = forms.CharField(label=_("Dissenting opinions"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    appeal_route = forms.ChoiceField(label=_("Appeal route"), choices=AppealRoute.choices, required=False)
    appeal_law = forms.CharField(label=_("Law providing the appeal"), max_length=300, required=False,
                                 help_text=_("Only for an administrative appeal."))
    recused = forms.ModelMultipleChoiceField(
        label=_("Recused (disqualified) for this item"), queryset=Membership.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recused"].queryset = membership_choices(memberships)
        self.fields["recused"].label_from_instance = lambda m: f"{m.display_name} ({m.get_role_display()})"


class CorrectionForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=Decision.Resolution.choices)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 6}))
    dissent = forms.CharField(label=_("Dissenting opinions"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))


class DraftMinutesForm(forms.Form):
    checkers = forms.ModelMultipleChoiceField(
        label=_("Minutes checkers (choose two)"), queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkers"].queryset = membership_choices(memberships)
        self.fields["checkers"].label_from_instance = lambda m: f"{m.display_name} ({m.get_role_display()})"

    def clean_checkers(self):
        checkers = self.cleaned_data["checkers"]
        if len(checkers) != 2:
            raise forms.ValidationError(_("Choose exactly two minutes checkers."))
        return checkers


class ProposalForm(PublicityFields):
    title = forms.CharField(label=_("Title"), max_length=300)
    proposal_text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 4}))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 6}),
                                    required=False)
    file = forms.FileField(label=_("Attachment"), required=False)


class ProposalToAgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.ModelChoiceField(label=_("Owner (person)"), queryset=None, required=False)
    owner_body = forms.ModelChoiceField(label=_("Owner (group)"), queryset=Body.objects.all(), required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_body"):
            self.add_error("owner", _("Assign the action to a person or a group."))
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(label=_("Status note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.all(), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    resolution = forms.ChoiceField(label=_("Resolution"), required=False,
                                   choices=[("", _("All")), *Decision.Resolution.choices])


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search decisions and matters"), max_length=200)

