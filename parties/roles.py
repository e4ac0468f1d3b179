"""Roles are Django groups. This module is the one place that names them.

Global (model-level) permissions for each role are declared by each app's AppConfig in
`role_permissions`; `sync_roles()` collects them after every migrate, so the table in
docs/permissions.md and the database never drift apart. Object-level rights (a body's
secretary, a party's officials) are granted with django-guardian by the apps' services.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

PORTAL_ADMIN = "portal_admin"
STEERING_MEMBER = "steering_member"
SECRETARY = "secretary"
WORKGROUP_MEMBER = "workgroup_member"
OFFICIAL = "official"

ROLE_LABELS = {
    PORTAL_ADMIN: _("Portal administrator"),
    STEERING_MEMBER: _("Steering-group member"),
    SECRETARY: _("Secretary"),
    WORKGROUP_MEMBER: _("Working-group member"),
    OFFICIAL: _("Official"),
}
ALL_ROLES = tuple(ROLE_LABELS)


def declared_role_permissions() -> dict[str, set[str]]:
    """role → {"app_label.codename"} gathered from every installed app's config."""
    table: dict[str, set[str]] = {role: set() for role in ALL_ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            table[role].update(perms)
    return table


def sync_roles(**_kwargs) -> None:
    """Create the role groups and set their global permissions exactly as declared."""
    declared = declared_role_permissions()
    # One query for every permission; an app not migrated yet simply has none (next migrate adds it).
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in declared.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[dotted] for dotted in sorted(perms) if dotted in by_name])


def role_label(role: str) -> str:
    """A role's or group's name for people; the code never shows (apps name their own groups in
    their AppConfig's `group_labels`, e.g. the procurement working group)."""
    if role in ROLE_LABELS:
        return str(ROLE_LABELS[role])
    for config in apps.get_app_configs():
        label = getattr(config, "group_labels", {}).get(role)
        if label:
            return str(label)
    return role.replace("_", " ").capitalize()
