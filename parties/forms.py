from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Party


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "kind", "name_fi", "name_sv", "business_id", "municipality_code", "postal_address",
            "street_address", "postal_code", "post_office", "website", "valid_from", "valid_until", "notes",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_business_id(self) -> str:
        # Strip spaces people paste in, but never "fix" digits: a wrong ID is refused.
        return self.cleaned_data["business_id"].strip()


class PartyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, business ID or code"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Party.Kind.choices])
    active = forms.BooleanField(label=_("Only parties in force today"), required=False)
