from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project wiring (settings, urls, celery, the dashboard page, seed_demo).

    An app only so that Django finds the `seed_demo` command; it has no models. The label is
    "portal" because "cooperation" belongs to the agreements domain (cooperation.agreements).
    """

    name = "cooperation"
    label = "portal"
    verbose_name = _("Portal")
