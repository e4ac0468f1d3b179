"""Two-factor authentication for the roles that can change records for everyone."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Paths a half-signed-in person may still reach: the verification itself and the way out.
EXEMPT_PREFIXES = ("/account/otp/", "/account/logout/", "/static/", "/i18n/", "/healthz", "/jsi18n/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and self._requires_otp(user)
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Two-factor verification is required.")}, status=403)
            return redirect(f"/account/otp/?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _requires_otp(user) -> bool:
        from .api_auth import requires_second_factor

        return requires_second_factor(user)
