"""A person's roles and global permissions, kept between requests under the data version.

Every page needs them: the two-factor middleware asks for the roles, the navigation asks
has_perm. From the database that is three queries, the group permissions one a join over four
tables. They change only when rows change (the person, their groups, the groups' permissions),
so they are cached under cooperation.base.data_version.person_key: a committed change to any of them
gives the next request a new key, in every process and with any cache backend. A transaction
with uncommitted writes reads the database, as before.

Django's ModelBackend keeps the permission sets in `_user_perm_cache` / `_group_perm_cache` on
the user object once computed; parties.models.User supplies them from here (the computation is
ModelBackend's own), so the authentication backend and the sessions that name it are unchanged.
Object permissions (guardian) are not cached.
"""

from django.conf import settings
from django.core.cache import cache

from cooperation.base import data_version


def _cached(user, name: str, compute):
    timeout = settings.PERMISSION_CACHE_SECONDS
    key = data_version.person_key(user, name) if timeout > 0 else None
    if key is not None and (value := cache.get(key)) is not None:
        return value
    value = compute()
    if key is not None:
        cache.set(key, value, timeout)
    return value


def roles(user) -> frozenset[str]:
    return _cached(user, "roles", lambda: frozenset(user.groups.values_list("name", flat=True)))


def permissions(user, from_name: str) -> set[str]:
    """What ModelBackend._get_permissions computes for `from_name` ("user" or "group")."""
    # Imported here: parties.models imports this module, and auth's backends need the user model.
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Permission

    def compute():
        if user.is_superuser:
            perms = Permission.objects.all()
        else:
            perms = getattr(ModelBackend(), f"_get_{from_name}_permissions")(user)
        return {f"{app_label}.{codename}"
                for app_label, codename in perms.values_list("content_type__app_label", "codename").order_by()}

    return _cached(user, f"permissions-{from_name}", compute)
