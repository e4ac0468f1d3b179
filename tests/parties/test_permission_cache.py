"""Roles and global permissions cached under the data version: a committed change shows on the
next request, and one person's cached set never answers for another.

These tests commit (transaction=True); with uncommitted writes the cache is not used at all.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parties import roles
from parties.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def fresh(user) -> User:
    """The person as the next request loads them."""
    return User.objects.get(pk=user.pk)


def test_a_second_request_reads_roles_and_permissions_from_the_cache(make_user):
    official = make_user(roles.OFFICIAL)
    first = fresh(official)
    assert first.has_role(roles.OFFICIAL) and first.has_perm("cooperation.view_agreement")
    second = fresh(official)
    with CaptureQueriesContext(connection) as queries:
        assert second.has_role(roles.OFFICIAL) and second.has_perm("cooperation.view_agreement")
        assert not second.has_perm("cooperation.change_agreement")
    assert len(queries) == 1  # the data version only


def test_losing_a_group_permission_shows_on_the_next_request(make_user):
    official = make_user(roles.OFFICIAL)
    assert fresh(official).has_perm("cooperation.view_agreement")
    Group.objects.get(name=roles.OFFICIAL).permissions.remove(
        Permission.objects.get(content_type__app_label="cooperation", codename="view_agreement"))
    assert not fresh(official).has_perm("cooperation.view_agreement")


def test_a_new_role_shows_on_the_next_request_and_asks_for_two_factor(make_user, client):
    person = make_user(roles.OFFICIAL, totp=True)
    client.force_login(person)
    assert client.get("/dashboard/").status_code == 200
    assert not fresh(person).has_role(roles.SECRETARY)
    person.groups.add(Group.objects.get(name=roles.SECRETARY))
    assert fresh(person).has_role(roles.SECRETARY)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/account/otp/")


def test_one_persons_cached_permissions_never_answer_for_another(make_user):
    admin, official, outsider = make_user(roles.PORTAL_ADMIN), make_user(roles.OFFICIAL), make_user()
    for _ in range(2):  # the second round is served from the cache
        assert fresh(admin).has_perm("cooperation.change_agreement")
        assert not fresh(official).has_perm("cooperation.change_agreement")
        assert fresh(official).has_perm("cooperation.view_agreement")
        assert not fresh(outsider).has_perm("cooperation.view_agreement")
        assert fresh(outsider).roles == frozenset()
