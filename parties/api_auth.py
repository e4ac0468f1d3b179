"""API authentication: no bare token for a person whose role requires a second factor.

- `ServiceTokenAuthentication` ("Authorization: Bearer <key>"): a service account's token
  (parties.ApiToken). It must be unexpired and unrevoked, its account a service account, and its
  scopes must cover the request: `read` for safe methods, `<app>:write` to change that app's data
  (the app of the API view). Every use, allowed or refused, is logged (ApiTokenUse, last used).
- `PersonTokenAuthentication` ("Authorization: Token <key>", DRF's personal tokens): kept for
  people whose role needs no second factor. An administrator's, a secretary's or a superuser's
  token is refused: they use the API from a browser session that passed TOTP
  (SessionAuthentication; parties.middleware.RequireTwoFactorMiddleware), or a service account.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from .models import ApiToken, ApiTokenUse, api_token_digest


def requires_second_factor(user) -> bool:
    """The one rule of who must pass TOTP (the pages' middleware asks the same)."""
    return bool(user.is_superuser or user.has_role(*settings.OTP_REQUIRED_ROLES))


def view_app(request) -> str:
    """The app whose API the request calls: the write scope it needs is `<app>:write`."""
    view = (getattr(request, "parser_context", None) or {}).get("view")
    module = type(view).__module__ if view is not None else ""
    if module.startswith("cooperation.agreements"):
        return "agreements"
    return module.split(".")[0]


def _client_ip(request) -> str | None:
    from .login_throttle import client_ip

    return client_ip(request)


class ServiceTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as: Authorization: Bearer <key>."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = ApiToken.objects.select_related("user").filter(digest=api_token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        now = timezone.now()
        write = request.method not in SAFE_METHODS
        app = view_app(request)
        refusal = None
        if token.revoked_at is not None:
            refusal = exceptions.AuthenticationFailed(_("The token has been revoked."))
        elif now >= token.expires_at:
            refusal = exceptions.AuthenticationFailed(_("The token has expired. Ask an administrator for a new one."))
        elif not token.user.is_active or not token.user.is_service_account:
            refusal = exceptions.AuthenticationFailed(_("The token's account may not use the API."))
        elif not token.allows(write=write, app=app):
            refusal = exceptions.PermissionDenied(
                _("The token's scopes do not allow this: it needs the scope “%(scope)s”.")
                % {"scope": f"{app}:write" if write else "read"})
        ip = _client_ip(request)
        ApiTokenUse.objects.create(token=token, method=request.method[:10], path=request.get_full_path()[:500],
                                   ip_address=ip, allowed=refusal is None)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
        if refusal is not None:
            raise refusal
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class PersonTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if requires_second_factor(user):
            raise exceptions.AuthenticationFailed(_(
                "Your role requires a second factor, so a bare token cannot be used. Use the API from a "
                "browser session that has passed two-factor verification, or a service account's token."))
        return user, token


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI schema names the two token schemes apart (drf-spectacular would call both "tokenAuth")."""

    target_class = "parties.api_auth.ServiceTokenAuthentication"
    name = "serviceToken"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A service account's expiring, scoped token (manage.py create_service_token)."}
