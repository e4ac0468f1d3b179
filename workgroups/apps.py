from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Steering group and working groups")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict = {}
