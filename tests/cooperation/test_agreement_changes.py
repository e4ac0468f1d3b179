"""An agreement amended by a recorded joint decision, and a party added: history and parties on a date."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cooperation.agreements import services
from cooperation.agreements.models import AgreementState, Section
from parties.models import Party
from tests.factories.cooperation import SectionFactory, signed_agreement
from tests.factories.parties import PartyFactory
from workgroups.models import AgendaItem, Body, Decision, Meeting

pytestmark = pytest.mark.django_db


def steering_decision(number=14, day=dt.date(2025, 3, 12)) -> Decision:
    """A steering-group decision § as the workgroups app records it (agenda item → decision)."""
    body = Body.objects.create(kind=Body.Kind.STEERING_GROUP, name_fi="Työllisyysyhteistyön ohjausryhmä",
                               short_name="Ohjausryhmä")
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(13)))
    meeting = Meeting.objects.create(body=body, starts_at=starts)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Yhteistyösopimuksen muuttaminen")
    return Decision.objects.create(agenda_item=item, body=body, section_year=day.year, section_number=number,
                                   resolution=Decision.Resolution.APPROVED, text="Hyväksytään muutos.",
                                   decided_at=starts)


@pytest.fixture
def setting(make_user):
    lahti, hollola = PartyFactory(name_fi="Lahden kaupunki T"), PartyFactory(name_fi="Hollolan kunta T")
    contact = make_user(party=lahti)
    agreement = signed_agreement([lahti, hollola], contacts=[contact], valid_from=dt.date(2025, 1, 1),
                                 valid_until=dt.date(2027, 12, 31))
    SectionFactory(agreement=agreement, number="5", heading_fi="Sopimuksen muuttaminen",
                   text_fi="Sopimusta voidaan muuttaa osapuolten yhteisestä tahdosta.")
    return agreement, contact, lahti, hollola


def test_amendment_by_decision_and_accession_change_history_and_parties_on_date(setting, client_for, make_user):
    agreement, contact, lahti, hollola = setting
    iitti = PartyFactory(name_fi="Iitin kunta T")
    decision = steering_decision()
    before_day, after_day = dt.date(2025, 3, 31), dt.date(2025, 4, 1)
    assert [p.pk for p in agreement.parties_on(after_day)] == [lahti.pk, hollola.pk]

    amendment = services.record_amendment(
        agreement=agreement, acting_user=contact, title="Uusi osapuoli ja muutosmenettely", decision=decision,
        decision_reference="", decided_on=None, effective_on=after_day,
        changes=[services.SectionEdit(number="5", heading_fi="Sopimuksen muuttaminen",
                                      text_fi="Muutokset tehdään ohjausryhmän päätöksellä kirjallisesti.")],
    )
    services.record_accession(agreement=agreement, party=iitti, acting_user=contact, decision=decision,
                              decision_reference="", decided_on=None, effective_on=after_day,
                              conditions="Samoin ehdoin kuin muut osapuolet.")

    assert amendment.number == 1 and amendment.decision == decision
    assert amendment.decided_on == dt.date(2025, 3, 12)  # taken from the decision §
    change = amendment.changes.get()
    assert change.text_before.startswith("Sopimusta voidaan muuttaa")
    assert "ohjausryhmän päätöksellä" in change.text_after
    assert Section.objects.get(agreement=agreement, number="5").text_fi.startswith("Muutokset tehdään")
    agreement.refresh_from_db()
    assert {p.pk for p in agreement.parties_on(before_day)} == {lahti.pk, hollola.pk}
    assert {p.pk for p in agreement.parties_on(after_day)} == {lahti.pk, hollola.pk, iitti.pk}
    # The joining party signs its accession, not the agreement: the state stays "in force".
    assert agreement.state_on(after_day) == AgreementState.IN_FORCE

    member = make_user("steering_member", party=hollola)
    client = client_for(member)
    page = client.get(f"/agreements/{agreement.pk}/history/", {"on": "2025-03-31"}).content.decode()
    on_day = page.split('class="parties-on-day"')[1].split("</ul>")[0]
    assert "Lahden kaupunki T" in on_day and "Iitin kunta T" not in on_day
    page = client.get(f"/agreements/{agreement.pk}/history/", {"on": "2025-04-01"}).content.decode()
    on_day = page.split('class="parties-on-day"')[1].split("</ul>")[0]
    assert "Iitin kunta T" in on_day
    assert "Ohjausryhmä § 14/2025" in page  # the amendment links the decision §
    assert "Sopimusta voidaan muuttaa osapuolten yhteisestä tahdosta." in page  # before
    assert "Muutokset tehdään ohjausryhmän päätöksellä kirjallisesti." in page  # after
    assert "Samoin ehdoin kuin muut osapuolet." in page
    # Audit trail: who, and old → new of the section text.
    assert str(contact) in page.split('id="audit"')[1]
    entry = LogEntry.objects.filter(additional_data__agreement=agreement.pk, action=LogEntry.Action.UPDATE,
                                    content_type__model="section").get()
    assert entry.actor == contact
    assert entry.changes_dict["text_fi"][1].startswith("Muutokset tehdään")


def test_withdrawal_ends_membership_from_its_date(setting):
    agreement, contact, _lahti, hollola = setting
    services.record_withdrawal(agreement=agreement, party=hollola, acting_user=contact,
                               decision_reference="Ohjausryhmä 2.6.2026 § 30", decided_on=dt.date(2026, 6, 2),
                               effective_on=dt.date(2026, 7, 1), reason="Tehtävät siirtyvät.")
    agreement.refresh_from_db()
    assert hollola in agreement.parties_on(dt.date(2026, 6, 30))
    assert hollola not in agreement.parties_on(dt.date(2026, 7, 1))


def test_bad_amendment_writes_nothing(setting):
    agreement, contact, *_ = setting
    with pytest.raises(ValidationError) as exc:
        services.record_amendment(
            agreement=agreement, acting_user=contact, title="Muutos", decision_reference="", decided_on=None,
            effective_on=dt.date(2025, 4, 1),
            changes=[services.SectionEdit(number="5", heading_fi="Sopimuksen muuttaminen", text_fi="Uusi.")],
        )
    assert "decision_reference" in exc.value.message_dict
    assert not agreement.amendments.exists()
    assert Section.objects.get(agreement=agreement, number="5").text_fi.startswith("Sopimusta voidaan")


def test_only_editors_may_amend(setting, make_user):
    agreement, _contact, lahti, _ = setting
    stranger = make_user("steering_member", party=lahti)  # a representative, but not a contact person
    with pytest.raises(PermissionDenied):
        services.record_amendment(agreement=agreement, acting_user=stranger, title="X", decision_reference="X",
                                  decided_on=dt.date(2025, 4, 1), effective_on=dt.date(2025, 4, 1),
                                  changes=[services.SectionEdit(number="5", heading_fi="A", text_fi="B")])


def test_already_a_party_cannot_join_again(setting):
    agreement, contact, lahti, _ = setting
    with pytest.raises(ValidationError):
        services.record_accession(agreement=agreement, party=lahti, acting_user=contact, decision_reference="X",
                                  decided_on=dt.date(2025, 4, 1), effective_on=dt.date(2025, 4, 1))
    assert Party.objects.filter(agreement_memberships__agreement=agreement).count() == 2


def test_amendment_page_records_through_the_form(setting, client_for):
    agreement, contact, *_ = setting
    client = client_for(contact)
    response = client.post(f"/agreements/{agreement.pk}/amend/", {
        "title": "Kohdan 5 tarkennus", "section": "5", "text_fi": "Muutokset tehdään kirjallisesti.",
        "decision_reference": "Ohjausryhmä 12.3.2025 § 14", "decided_on": "2025-03-12", "effective_on": "2025-04-01",
    })
    assert response.status_code == 302
    assert agreement.amendments.get().changes.get().text_after == "Muutokset tehdään kirjallisesti."
    # A missing decision: the form says which field, nothing saved.
    response = client.post(f"/agreements/{agreement.pk}/amend/", {
        "title": "Toinen", "section": "5", "text_fi": "Jotain muuta.", "effective_on": "2025-04-01"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert agreement.amendments.count() == 1


def test_audit_actor_is_the_acting_person_even_after_an_earlier_request(setting, client_for, make_user):
    """A stale auditlog context from an earlier request in the same thread must not hide the actor."""
    agreement, contact, *_ = setting
    client_for(make_user("steering_member")).get(f"/agreements/{agreement.pk}/")  # leaves a request context
    services.record_amendment(
        agreement=agreement, acting_user=contact, title="Tarkennus", decision_reference="Ohjausryhmä § 3",
        decided_on=dt.date(2025, 4, 1), effective_on=dt.date(2025, 4, 1),
        changes=[services.SectionEdit(number="5", heading_fi="Sopimuksen muuttaminen", text_fi="Uusi teksti.")],
    )
    entries = LogEntry.objects.filter(additional_data__agreement=agreement.pk, content_type__model="amendment")
    assert [e.actor for e in entries] == [contact]
