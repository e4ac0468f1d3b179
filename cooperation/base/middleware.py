"""Request guards every page and API route shares: malformed input and refused deletions.

A NUL character in a query parameter reaches PostgreSQL, which refuses it with an error that
used to answer 500 wherever a filter passed it on; it is refused here once for every route.
A PDF that cannot be rendered within the request's deadline (cooperation.base.pdf) answers 503
with a message instead of holding the web worker. A deletion the database model forbids
(PROTECT/RESTRICT: the object is still referred to) answers 409 with a message on pages; the API
does the same in its exception handler (cooperation.base.api.exception_handler).
"""

from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from .pdf import RenderTooSlow


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists())


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET):
            return HttpResponseBadRequest(_("The address contains a character that is not allowed."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ProtectedError | RestrictedError):
            return render(request, "errors/409.html", {"message": refused_deletion_message(exception)}, status=409)
        if isinstance(exception, RenderTooSlow):
            response = render(request, "errors/503_pdf.html", status=503)
            response["Retry-After"] = "60"
            return response
        return None


def refused_deletion_message(exception) -> str:
    """What a person is told when the object they deleted is still referred to."""
    related = exception.protected_objects if isinstance(exception, ProtectedError) else exception.restricted_objects
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in related})
    return _("This cannot be deleted because other records refer to it: %(kinds)s. "
             "Remove or change those first.") % {"kinds": ", ".join(kinds)}
