"""Bodies of every kind: the municipal joint body (kuntalaki 51 §) and a city's own body beside the
steering, follow-up and working groups; each says its host and which rules apply."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cooperation.agreements.demo import EMPLOYMENT_COMMITTEE, seed_municipal_bodies
from parties.models import Party
from parties.seed import TO_BE_COMPLETED, seed_parties
from tests.factories.parties import PartyFactory, StateAgencyFactory
from workgroups.models import Body


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_seeded_employment_committee_is_hosted_by_hollola_with_personal_deputies(db):
    bodies = seed_municipal_bodies(seed_parties())
    committee = Body.objects.get(name_fi=EMPLOYMENT_COMMITTEE)
    assert committee == bodies["committee"]
    assert committee.kind == Body.Kind.MUNICIPAL_JOINT_BODY
    assert committee.host.name_fi == "Hollolan kunta"
    assert (committee.member_count, committee.personal_deputies) == (13, True)
    assert committee.publication_required and committee.publish_minutes
    assert "51" in committee.legal_basis
    assert TO_BE_COMPLETED in committee.source_note  # the appointing decision is not in the sources
    assert not committee.terms.exists()  # no term start invented
    lahti = bodies["lahti"]
    assert lahti.kind == Body.Kind.CITY_BODY and lahti.host.name_fi == "Lahden kaupunki"
    assert TO_BE_COMPLETED.lower() in lahti.name_fi
    seed_municipal_bodies(seed_parties())  # idempotent
    assert Body.objects.filter(kind__in=Body.MUNICIPAL_KINDS).count() == 2


def test_municipal_body_needs_a_municipal_host_and_published_minutes(db):
    body = Body(kind=Body.Kind.MUNICIPAL_JOINT_BODY, name_fi="Yhteinen lautakunta")
    with pytest.raises(ValidationError) as refused:
        body.full_clean()
    assert refused.value.message_dict["host"] == ["Name the municipality that hosts this body."]
    assert "140" in refused.value.message_dict["publish_minutes"][0]
    body.host = StateAgencyFactory()
    body.publish_minutes = True
    with pytest.raises(ValidationError) as refused:
        body.full_clean()
    assert refused.value.message_dict["host"] == ["A municipal body is hosted by a municipality or a city."]
    body.host = PartyFactory(kind=Party.Kind.CITY)
    body.full_clean()


def test_steering_group_may_publish_or_not(db):
    steering = Body(kind=Body.Kind.STEERING_GROUP, name_fi="Ohjausryhmä", publish_minutes=False)
    steering.full_clean()
    assert not steering.publication_required
    steering.publish_minutes = True
    steering.full_clean()
