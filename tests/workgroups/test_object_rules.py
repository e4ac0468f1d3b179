"""Object rules found open in issue 17: linking an agenda item to a matter, and who records decisions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories.workgroups import MembershipFactory
from workgroups import services
from workgroups.models import AgendaItem, Decision, Membership

from .conftest import all_present, meeting_at

pytestmark = pytest.mark.django_db


def _other_bodys_secret_matter(w, make_user):
    other_secretary = make_user("secretary", email="toinen.sihteeri@test.example")
    MembershipFactory(body=w.other_body, user=other_secretary, role=Membership.Role.SECRETARY, voting=False)
    return services.matter_create(body=w.other_body, title="Salainen henkilöstöasia", acting_user=other_secretary,
                                  register_number="SALA/1/2026", publicity="not_public",
                                  secrecy_ground="JulkL 24 § 1 mom. 30 k")


def test_a_secretary_cannot_link_an_item_to_another_bodys_non_public_matter(world, make_user, client_for):
    w = world
    matter = _other_bodys_secret_matter(w, make_user)
    meeting = meeting_at(w, dt.date(2026, 6, 1), items=0)
    url = reverse("workgroups:item-create", args=[meeting.pk])
    sec = client_for(w.secretary)

    hidden = sec.post(url, {"title": "Kaappaus", "publicity": "public", "register_number": matter.register_number})
    missing = sec.post(url, {"title": "Kaappaus", "publicity": "public", "register_number": "EI/OLE/2026"})

    assert hidden.status_code == missing.status_code == 200
    assert not AgendaItem.objects.filter(matter=matter).exists() and not meeting.items.exists()

    def error_of(response):
        return response.context["form"].errors["register_number"]

    assert error_of(hidden) == error_of(missing) and len(error_of(hidden)) == 1, \
        "the same answer whether the number does not exist or is another body's"
    # The service refuses a Matter object just as well (every write path ends there).
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(meeting=meeting, title="Kaappaus", acting_user=w.secretary, matter=matter)
    assert refused.value.message_dict == {"register_number": ["No matter has this register number."]}
    own = services.agenda_item_create(meeting=meeting, title="Oma", acting_user=w.secretary)
    with pytest.raises(ValidationError):
        services.agenda_item_update(item=own, acting_user=w.secretary, matter=matter)
    own.refresh_from_db()
    assert own.matter.body == w.body


def test_the_superuser_does_not_record_decisions_of_a_body_it_is_not_secretary_of(world, make_user, client_for):
    """docs/permissions.md: decisions are recorded by the body's secretary; administrators do not."""
    w = world
    root = make_user(email="root@test.example", is_superuser=True, is_staff=True, totp=True)
    # A meeting that has been held (#11: nothing is recorded before the meeting starts).
    meeting = meeting_at(w, items=1)
    services.invitation_send(meeting=meeting, acting_user=w.secretary)
    all_present(w, meeting)
    item = meeting.items.get()

    assert not w.body.is_managed_by(root)
    with pytest.raises(PermissionDenied):
        services.decision_record(item=item, resolution="approved", text="Hyväksytään", acting_user=root)
    root_client = client_for(root)
    assert root_client.post(reverse("workgroups:decision-edit", args=[item.pk]),
                            {"resolution": "approved", "text": "Hyväksytään"}).status_code == 403
    assert not Decision.objects.exists()

    # The secretary records it; the superuser still reads it in the Django admin, read-only.
    decision = services.decision_record(item=item, resolution="approved", text="Hyväksytään",
                                        acting_user=w.secretary)
    admin_url = reverse("admin:workgroups_decision_change", args=[decision.pk])
    assert root_client.get(admin_url).status_code == 200
    root_client.post(admin_url, {"resolution": "rejected", "text": "Muutettu", "dissent": ""})
    decision.refresh_from_db()
    assert (decision.resolution, decision.text) == ("approved", "Hyväksytään")
    # A superuser who is also the body's secretary records as the secretary.
    MembershipFactory(body=w.body, user=root, role=Membership.Role.SECRETARY, voting=False)
    assert w.body.is_managed_by(root)
