from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = _("Parties and people")
    default_auto_field = "django.db.models.BigAutoField"

    # Global permissions per role; see parties.roles and docs/permissions.md.
    role_permissions = {
        "portal_admin": {
            "parties.view_party", "parties.add_party", "parties.change_party", "parties.delete_party",
            "parties.view_employmentarea", "parties.add_employmentarea", "parties.change_employmentarea",
            "parties.view_employmentauthority", "parties.change_employmentauthority",
            "parties.view_contactperson", "parties.add_contactperson", "parties.change_contactperson",
            "parties.delete_contactperson", "parties.view_user", "parties.add_user", "parties.change_user",
        },
        "steering_member": {"parties.view_party", "parties.view_employmentarea", "parties.view_contactperson"},
        "secretary": {"parties.view_party", "parties.view_employmentarea", "parties.view_contactperson"},
        "workgroup_member": {"parties.view_party", "parties.view_employmentarea", "parties.view_contactperson"},
        "official": {"parties.view_party", "parties.view_employmentarea", "parties.view_contactperson"},
    }

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cooperation.base import dashboard, navigation
        from cooperation.base.navigation import NavItem

        from . import models, panels, roles

        # Once per migrate/flush, after the last app's permissions exist: post_migrate is sent per
        # app *that has models*, in INSTALLED_APPS order. Bound to the last app of all, it never came
        # once that app was one without models (`portal`), and a migrated database had no role
        # groups: every person, the demo and scale-data people included, got 403 on /monitoring/.
        last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(roles.sync_roles, sender=last_app, dispatch_uid="parties.sync_roles")
        navigation.register(NavItem(_("Parties"), "parties:list", order=80))
        navigation.register(NavItem(_("Employment areas"), "parties:areas", order=85))
        dashboard.register(panels.my_party_panel, cacheable=True)
        for model in (models.Party, models.PartySuccession, models.ContactPerson, models.EmploymentArea,
                      models.EmploymentAreaMembership, models.EmploymentAuthority):
            auditlog.register(model)
        auditlog.register(models.User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
