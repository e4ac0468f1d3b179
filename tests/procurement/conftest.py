import pytest
from django.contrib.auth.models import Group

from procurement.apps import sync_groups


@pytest.fixture(autouse=True)
def _procurement_groups(db):
    sync_groups()


@pytest.fixture
def in_group():
    """in_group(user, "procurement_group") → the same user, added to the group, with fresh caches."""
    def add(user, name):
        user.groups.add(Group.objects.get(name=name))
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "roles"):
            user.__dict__.pop(cache, None)
        return user

    return add


@pytest.fixture(autouse=True)
def _english():
    """Messages and numbers are asserted in English (the UI default is Finnish: 44,3)."""
    from django.utils import translation

    with translation.override("en"):
        yield
