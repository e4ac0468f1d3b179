"""The role groups exist after `migrate` by itself, and the scale data's people and the demo people get the
roles their pages ask for (issue 16: /monitoring/ answered 403 to everyone on the scale data because a
freshly migrated database had no role groups)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from parties import roles
from parties.models import User


def _drop_role_groups():
    Group.objects.filter(name__in=roles.ALL_ROLES).delete()
    assert not Group.objects.filter(name__in=roles.ALL_ROLES).exists()


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_role_groups_with_their_permissions():
    _drop_role_groups()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what `migrate` sends at its end
    official = Group.objects.get(name=roles.OFFICIAL)
    assert official.permissions.filter(codename="view_observation", content_type__app_label="monitoring").exists()
    assert set(Group.objects.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)) == set(roles.ALL_ROLES)


def test_demo_and_scale_people_open_monitoring_even_without_role_groups_beforehand(client_for):
    _drop_role_groups()
    call_command("seed_demo", "--scale", "0.01", verbosity=0)
    demo = [User.objects.get(email=e) for e in
            ("jasen@lahti.example", "sihteeri@hollola.example", "virkailija@lahti.example")]
    scale = list(User.objects.filter(email__endswith="@laaja.example").order_by("pk")[:10])
    assert {roles.OFFICIAL, roles.SECRETARY, roles.WORKGROUP_MEMBER} <= {r for u in scale for r in u.roles}
    for person in demo + scale:
        assert person.roles, person.email
        response = client_for(person).get("/monitoring/")
        if roles.SECRETARY in person.roles and not person.totpdevice_set.exists():
            # A scale-data secretary has no authenticator yet: sent to set one up, not refused.
            assert response.status_code == 302 and response["Location"].startswith("/account/otp/")
        else:
            assert response.status_code == 200, (person.email, response.status_code)
