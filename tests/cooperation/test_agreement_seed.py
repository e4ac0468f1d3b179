"""Both seed agreements as data: parties, signatures, periods, attachments, state, superseded-by."""

import datetime as dt

import pytest

from cooperation.agreements import demo
from cooperation.agreements.models import Agreement, AgreementParty, AgreementState, Attachment, Objective, Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed()


def test_seed_is_idempotent(seeded):
    counts = (Agreement.objects.count(), AgreementParty.objects.count(), Signature.objects.count(),
              Attachment.objects.count(), Objective.objects.count())
    demo.seed()
    assert counts == (Agreement.objects.count(), AgreementParty.objects.count(), Signature.objects.count(),
                      Attachment.objects.count(), Objective.objects.count())


def test_pilot_agreement_facts(seeded):
    pilot = seeded["pilot"]
    assert pilot.memberships.count() == 8
    lahti = pilot.memberships.get(party__name_fi="Lahden kaupunki")
    assert lahti.role == AgreementParty.Role.ADMINISTRATIVE_RESPONSIBLE
    # In force on signature (6.1), the signing dates blank in the source: no start is invented.
    assert (pilot.valid_from, pilot.valid_until) == (None, dt.date(2023, 6, 30))
    assert pilot.effective_start() is None and pilot.start_date_unknown()
    assert list(pilot.attachments.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert pilot.attachments.get(number=4).note.startswith("Tulee myöhemmin")
    assert pilot.signatures.get(party__name_fi__contains="KEHA-keskus").signatory == "Mikko Salmenoja"
    assert pilot.dispute_negotiation_months == 3 and "Hämeenlinnan hallinto-oikeus" in pilot.dispute_forum
    # State derived from signatures and dates.
    assert pilot.state_on(dt.date(2022, 1, 1)) == AgreementState.IN_FORCE
    assert pilot.state_on(dt.date(2023, 7, 1)) == AgreementState.EXPIRED
    assert "50,7" in pilot.source_note  # the source's staff figures do not add up; the record says so


def test_letter_of_intent_facts(seeded):
    loi = seeded["letter_of_intent"]
    assert loi.memberships.count() == 10 and loi.signatures.count() == 10
    assert loi.kind == Agreement.Kind.LETTER_OF_INTENT
    assert "kunnes varsinaiset työllisyysalueet on perustettu" in loi.end_condition_fi
    assert loi.state_on(dt.date(2024, 10, 1)) == AgreementState.IN_FORCE
    assert loi.state_on(dt.date(2025, 1, 1)) == AgreementState.EXPIRED
    assert loi.superseded_by == seeded["follow_up"]
    assert seeded["follow_up"].state_on(dt.date(2026, 1, 1)) == AgreementState.DRAFT
    programme = loi.programmes.get()
    version = programme.current_version()
    assert version.objectives.count() == 8
    assert list(version.areas.values_list("code", flat=True)) == [
        "procurement", "employer-services", "integration", "multi-sector", "competence", "communication"]
    assert all(area.responsible_group for area in version.areas.all())


def test_seed_agreements_are_browsable(seeded, client_for, outsider):
    client = client_for(outsider)
    listing = client.get("/agreements/").content.decode()
    assert "Aiesopimus työvoimaviranomaisten välisestä yhteistyöstä" in listing
    assert "kuntakokeilusta" in listing
    pilot = client.get(f"/agreements/{seeded['pilot'].pk}/").content.decode()
    for text in ("Kärkölän kunta", "0149669-3", "Hallinnollinen vastuukunta", "Mikko Salmenoja",
                 "allekirjoitettaessa (allekirjoituspäivä ei tiedossa)",
                 "30.6.2023", "Liite 4", "Seurantaryhmän nimeämispäätös", "Erimielisyyksien ratkaiseminen",
                 "Vanhentunut"):
        assert text in pilot, text
    loi = client.get(f"/agreements/{seeded['letter_of_intent'].pk}/").content.decode()
    assert "Sysmän kunta" in loi and "Korvattu sopimuksella" in loi
    assert f"/agreements/{seeded['follow_up'].pk}/" in loi
