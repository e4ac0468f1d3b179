from django.conf import settings

from .navigation import items_for


def portal(request):
    return {"PORTAL_ENV": settings.PORTAL_ENV, "nav_items": items_for(request)}
