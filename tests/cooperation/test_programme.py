"""The programme page: per objective its measures' status and its indicators' latest values."""

from decimal import Decimal

import pytest

from cooperation.agreements import demo
from cooperation.agreements.models import Measure, Programme
from cooperation.base import indicator_values
from cooperation.base.indicator_values import LatestValue
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed()


@pytest.fixture
def provider():
    """A monitoring stand-in registered the way monitoring does it (no import of monitoring)."""
    def latest(codes, area_code):
        return {"TYOTOSUUS": LatestValue("TYOTOSUUS", area_code or "MK07", "2026-09", Decimal("11.4"), "%")} \
            if "TYOTOSUUS" in codes else {}
    indicator_values.register(latest)
    yield latest
    indicator_values._providers.remove(latest)


def test_programme_page_without_monitoring_data(seeded, client_for, outsider):
    page = client_for(outsider).get("/programme/").content.decode()
    assert "Työtä hakevien työllistymismahdollisuuksien parantaminen" in page
    assert "Muiden työllisyyden edistämiseksi tarpeellisten tavoitteiden edistäminen" in page
    assert "Yhteinen dynaaminen toimittajarekisteri tulosperusteisille työllisyyspalveluille" in page
    assert "Hankintaryhmä" in page and "Viestintä" in page
    assert "TYOTOSUUS" in page and "ei vielä tietoja" in page
    assert "1 / 6" not in page  # progress is words, not a fraction
    assert "/programme/measures/" not in page  # an outsider cannot update measures


def test_programme_page_shows_latest_values_once_monitoring_has_data(seeded, provider, client_for, outsider):
    page = client_for(outsider).get("/programme/").content.decode()
    assert "11.4" in page or "11,4" in page
    assert "2026-09" in page


def test_contact_of_a_party_updates_a_measure(seeded, client_for, make_user):
    from parties.models import ContactPerson

    hollola = seeded["letter_of_intent"].memberships.get(party__name_fi="Hollolan kunta").party
    contact = make_user(party=hollola)
    ContactPerson.objects.create(party=hollola, name="Yhteyshenkilö", user=contact)
    measure = Measure.objects.get(title="Työnantajien yhden luukun palvelumalli")
    client = client_for(contact)
    assert f"/programme/measures/{measure.pk}/edit/" in client.get("/programme/").content.decode()
    url = f"/programme/measures/{measure.pk}/edit/"
    response = client.post(url, {"status": "in_progress", "status_note": "", "starts_on": "2026-01-01",
                                 "due_on": "2025-01-01"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()  # due before start
    measure.refresh_from_db()
    assert measure.status == Measure.Status.PLANNED
    response = client.post(url, {"status": "in_progress", "status_note": "Alkoi."})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS


def test_others_cannot_update_measures(seeded, client_for, make_user):
    measure = Measure.objects.first()
    member = make_user("steering_member", party=PartyFactory())
    assert client_for(member).post(f"/programme/measures/{measure.pk}/edit/", {"status": "done"}).status_code == 403
    measure.refresh_from_db()
    assert measure.status != Measure.Status.DONE or measure.title == "Yhteinen viestintäsuunnitelma"


def test_programme_api(seeded, api_client_for, outsider):
    data = api_client_for(outsider).get("/api/v1/programme/").json()
    assert data["count"] == Programme.objects.count() == 1
    version = data["results"][0]["versions"][0]
    assert len(version["objectives"]) == 8 and len(version["areas"]) == 6
    assert {i["metric_code"] for o in version["objectives"] for i in o["indicators"]} >= {"TYOTOSUUS"}
