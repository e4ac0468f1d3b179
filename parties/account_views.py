"""Two-factor (TOTP) verification and setup, with django-otp."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import login_throttle
from .forms import LoginForm


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )


def _next_url(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or settings.LOGIN_REDIRECT_URL
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def otp_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"/account/otp/setup/?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"/account/otp/?next={_next_url(request)}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code did not match. Check the time on your phone and try again."))
    qr = segno.make(device.config_url, error="m")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request, "registration/otp_setup.html",
        {"form": form, "qr_svg": qr.svg_inline(scale=5, title=_("QR code for the authenticator app")),
         "secret": secret, "next": _next_url(request)},
    )


class LoginView(auth_views.LoginView):
    """The login page: the back-off form, and a "known device" cookie after a successful login
    so that a guesser elsewhere cannot slow this browser down (parties.login_throttle)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        login_throttle.remember_device(response, form.get_user().email)
        return response
