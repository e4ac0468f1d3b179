from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The baseline: a view doing no work, behind the same middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), path("", include("cooperation.urls"))]
