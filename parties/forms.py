from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


class LoginForm(AuthenticationForm):
    """Django's login form with the per-account back-off of parties.login_throttle in front of it.

    An attempt inside the back-off is refused before the password is checked, so it neither counts
    as a failure nor tells whether the password was right."""

    def clean(self):
        from axes.handlers.proxy import AxesProxyHandler

        from . import login_throttle

        username = login_throttle.normalise_login(self.data.get("username"))
        credentials = {"username": username}
        if (username and self.request is not None and not AxesProxyHandler.is_locked(self.request, credentials)
                and not login_throttle.is_known_device(self.request, username)):
            wait = login_throttle.backoff_seconds(username)
            if wait:
                raise forms.ValidationError(
                    ngettext("There have been many failed attempts to log in to this account. "
                             "Wait %(seconds)d second and try again.",
                             "There have been many failed attempts to log in to this account. "
                             "Wait %(seconds)d seconds and try again.", wait) % {"seconds": wait},
                    code="backoff")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_service_account:
            raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
