from django.apps import AppConfig
from django.db.models.signals import class_prepared
from django.utils.translation import gettext_lazy as _

from . import limits

# Connected when the app configs are imported, before any model module is: every portal model
# gets the shared date and text limits as its class is prepared (cooperation.base.limits).
class_prepared.connect(limits.limit_entered_fields, dispatch_uid="cooperation.base.limits")


class BaseConfig(AppConfig):
    """The shared base: pieces every app uses and that import no app of the portal.

    Publicity classes, PDF rendering, upload checks, the audit actor, the data version, the
    dashboard and navigation registries, API helpers, and the worker heartbeat.
    """

    name = "cooperation.base"
    label = "base"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "portal_admin": {"auditlog.view_logentry", "base.view_workerheartbeat"},
    }

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import dashboard, data_version, panels

        # Every statement passes the data-version tracker (cooperation.base.data_version).
        connection_created.connect(data_version.install, dispatch_uid="cooperation.base.data_version")
        post_migrate.connect(data_version.bump_after_migrate, sender=self, dispatch_uid="cooperation.base.data_version")

        # Not cacheable: it shows the audit log and the heartbeat, which the data version ignores.
        dashboard.register(panels.administration_panel)
