"""Refusing malformed requests before any view runs."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """A NUL character in the query string answers 400.

    PostgreSQL cannot store or compare a string containing NUL, so a lookup such as
    `?metric=a%00b` made the database driver raise and the page answer 500. Forms and serializers
    already refuse NUL field by field (Django's and DRF's null-character validators); raw query
    parameters read by views (filters, `?metric=`, `?on=`) are refused here, in one place.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address contains a character that is not allowed."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)
