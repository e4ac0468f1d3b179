"""Successions, names over time and the date rule of the parties (DESIGN.md 3), with the clock moved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cooperation.agreements import services as agreement_services
from cooperation.agreements.models import Agreement
from cooperation.agreements.views import PDF_TEMPLATE, pdf_context
from cooperation.base.pdf import render_html
from parties.models import Party, PartySuccession
from parties.seed import KEHA_NAME, TO_BE_COMPLETED
from tests.factories.cooperation import AgreementFactory, AgreementPartyFactory
from tests.factories.parties import PartyFactory


@pytest.fixture
def clock(monkeypatch):
    """Move today's date: the rules read timezone.localdate()."""
    def move(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return move


def _successors(name: str) -> dict[str, PartySuccession]:
    return {s.successor.name_fi: s for s in PartySuccession.objects.filter(predecessor__name_fi=name)}


def test_te_office_duties_went_to_lahti_and_the_employment_area_on_1_1_2025(seeded_parties):
    te = Party.objects.get(name_fi="Hämeen TE-toimisto")
    assert te.valid_until == dt.date(2024, 12, 31)
    successors = _successors("Hämeen TE-toimisto")
    assert set(successors) == {"Lahden kaupunki", "Hollolan kunta"}
    assert {s.effective_date for s in successors.values()} == {dt.date(2025, 1, 1)}
    assert "työllisyysalueella" in successors["Hollolan kunta"].duties
    assert all("380/2023" in s.source for s in successors.values())
    assert TO_BE_COMPLETED in successors["Hollolan kunta"].note  # successors outside Päijät-Häme not in sources


def test_ely_centre_has_two_successors_each_with_its_duties_on_1_1_2026(seeded_parties):
    successors = _successors("Hämeen ELY-keskus")
    assert set(successors) == {"Kaakkois-Suomen elinvoimakeskus", "Lupa- ja valvontavirasto"}
    assert {s.effective_date for s in successors.values()} == {dt.date(2026, 1, 1)}
    assert "lupa- ja valvontatehtävät" in successors["Lupa- ja valvontavirasto"].duties
    assert "lukuun ottamatta" in successors["Kaakkois-Suomen elinvoimakeskus"].duties
    agency = Party.objects.get(name_fi="Lupa- ja valvontavirasto")
    assert agency.business_id == "" and TO_BE_COMPLETED in agency.notes  # never invented


def test_keha_was_renamed_not_succeeded_and_keeps_its_business_id(seeded_parties):
    keha = Party.objects.get(name_fi=KEHA_NAME)
    assert keha.business_id == "2296962-1" and keha.valid_until is None
    assert not keha.successions_out.exists()
    assert not Party.objects.filter(name_fi="Elinvoimakeskusten kehittämis- ja hallintokeskus").exists()
    assert keha.name_on(dt.date(2021, 3, 1)).startswith("Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja")
    assert keha.name_on(dt.date(2025, 12, 31)).startswith("Elinkeino-")
    assert keha.name_on(dt.date(2026, 1, 1)) == KEHA_NAME == keha.name_on(None)


def test_party_page_shows_names_over_time_and_successors(seeded_parties, client_for, official):
    client = client_for(official)
    keha = Party.objects.get(name_fi=KEHA_NAME)
    page = client.get(f"/parties/{keha.pk}/").content.decode()
    assert "Elinkeino-, liikenne- ja ympäristökeskusten" in page and "31.12.2025" in page
    ely = Party.objects.get(name_fi="Hämeen ELY-keskus")
    page = client.get(f"/parties/{ely.pk}/").content.decode()
    assert "Kaakkois-Suomen elinvoimakeskus" in page and "Lupa- ja valvontavirasto" in page
    assert "lupa- ja valvontatehtävät" in page
    # A former name finds the party in the list.
    assert KEHA_NAME in client.get("/parties/", {"q": "työ- ja elinkeinotoimistojen"}).content.decode()


def test_api_gives_name_history_and_successions_with_dates(seeded_parties, client_for, official):
    client = client_for(official)
    rows = {p["name_fi"]: p for p in client.get("/api/v1/parties/", {"page_size": 100}).json()["results"]}
    keha = rows[KEHA_NAME]
    assert keha["former_names"][0]["valid_until"] == "2025-12-31"
    assert keha["former_names"][0]["name_fi"].startswith("Elinkeino-")
    ely = rows["Hämeen ELY-keskus"]
    assert {(s["name_fi"], s["effective_date"]) for s in ely["successors"]} == {
        ("Kaakkois-Suomen elinvoimakeskus", "2026-01-01"), ("Lupa- ja valvontavirasto", "2026-01-01")}
    assert rows["Lupa- ja valvontavirasto"]["predecessors"][0]["name_fi"] == "Hämeen ELY-keskus"
    assert all(s["source"] for s in ely["successors"])


def test_pilot_agreement_pages_and_pdf_show_the_name_of_its_date(seeded_parties, client_for, official):
    from cooperation.agreements.demo import seed

    pilot = seed()["pilot"]
    page = client_for(official).get(f"/agreements/{pilot.pk}/").content.decode()
    assert "Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen" in page
    assert KEHA_NAME not in page
    membership = pilot.memberships.get(party__name_fi=KEHA_NAME)
    assert membership.party_name.startswith("Elinkeino-")
    record = agreement_services.agreement_for_history(pilot.pk)
    html = render_html(PDF_TEMPLATE, pdf_context(record, official), language="fi")
    parties = html.split("Ajantasainen teksti")[0]
    assert "Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen" in parties
    assert KEHA_NAME not in parties
    assert "allekirjoitettaessa (allekirjoituspäivä ei tiedossa)" in html


# --- the date rule --------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _finnish():
    with translation.override("fi"):
        yield


def _ended_with_successor():
    ended = PartyFactory(kind=Party.Kind.STATE_AGENCY, municipality_code="", name_fi="Vanha virasto",
                         valid_until=dt.date(2025, 12, 31))
    successor = PartyFactory(kind=Party.Kind.STATE_AGENCY, municipality_code="", name_fi="Uusi keskus",
                             valid_from=dt.date(2026, 1, 1))
    PartySuccession.objects.create(predecessor=ended, successor=successor, effective_date=dt.date(2026, 1, 1))
    return ended, successor


def test_rule_message_names_the_successor(db, clock):
    ended, _successor = _ended_with_successor()
    ended.ensure_can_act_on(dt.date(2025, 12, 31))  # its last day: still acts
    with pytest.raises(ValidationError) as refused:
        ended.ensure_can_act_on(dt.date(2026, 1, 1))
    assert refused.value.messages == [
        "Vanha virasto päättyi 31.12.2025; sen tehtävät siirtyivät: Uusi keskus. Nimeä seuraaja sen sijaan."]
    lonely = PartyFactory(valid_until=dt.date(2024, 12, 31))
    clock(dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="eikä sillä ole kirjattua seuraajaa"):
        lonely.ensure_can_act_on()


def test_ended_party_cannot_sign_accede_or_be_named_in_a_new_dispute(db, clock, admin_user):
    ended, _successor = _ended_with_successor()
    other = PartyFactory()
    agreement = AgreementFactory(kind=Agreement.Kind.COOPERATION)
    for order, party in enumerate((ended, other)):
        AgreementPartyFactory(agreement=agreement, party=party, order=order)
    clock(dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        agreement_services.record_signature(agreement=agreement, party=ended, acting_user=admin_user,
                                            signatory="N. N.", signed_on=None)
    assert "Uusi keskus" in refused.value.message_dict["party"][0]
    assert not agreement.signatures.exists()
    # Signed while it still existed: accepted.
    agreement_services.record_signature(agreement=agreement, party=ended, acting_user=admin_user,
                                        signatory="N. N.", signed_on=dt.date(2025, 6, 1))
    with pytest.raises(ValidationError) as refused:
        agreement_services.record_accession(agreement=agreement, party=PartyFactory(valid_until=dt.date(2025, 1, 31)),
                                            acting_user=admin_user, decision_reference="Ohjausryhmä § 1",
                                            decided_on=dt.date(2026, 1, 15), effective_on=dt.date(2026, 2, 1))
    assert "päättyi 31.1.2025" in refused.value.message_dict["party"][0]
    with pytest.raises(ValidationError) as refused:
        agreement_services.record_dispute(agreement=agreement, acting_user=admin_user, subject="Kustannukset",
                                          invited_by=other, invited_party=ended, invitation_date=dt.date(2026, 2, 1))
    assert "Uusi keskus" in refused.value.message_dict["invited_party"][0]
    assert not agreement.disputes.exists()
