from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "portal_admin": {"auditlog.view_logentry", "cooperation.view_workerheartbeat"},
    }

    def ready(self) -> None:
        from . import dashboard, panels

        dashboard.register(panels.administration_panel)
