"""Disputes (pilot agreement 8): the 3-month negotiation deadline from the written invitation, the
escalation route, and reminders before deadlines and before an agreement's end date — the clock is
moved by passing `today` to the services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cooperation.agreements import services
from cooperation.agreements.models import Dispute, ReminderSent
from parties.models import ContactPerson
from tests.factories.cooperation import signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement_and_parties(make_user):
    lahti, hollola, orimattila = PartyFactory(), PartyFactory(), PartyFactory()
    contact = make_user(party=lahti, email="yhteys@lahti.example")
    agreement = signed_agreement([lahti, hollola, orimattila], contacts=[contact],
                                 valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2026, 6, 30))
    ContactPerson.objects.create(party=hollola, name="Hanna Hollola", email="hanna@hollola.example")
    ContactPerson.objects.create(party=orimattila, name="Olli Orimattila", email="olli@orimattila.example")
    return agreement, contact, lahti, hollola


def test_deadline_is_three_months_from_the_written_invitation(agreement_and_parties):
    agreement, contact, lahti, hollola = agreement_and_parties
    dispute = services.record_dispute(agreement=agreement, acting_user=contact, subject="Kustannusten jako",
                                      invited_by=lahti, invited_party=hollola,
                                      invitation_date=dt.date(2025, 11, 30))
    assert dispute.negotiation_deadline == dt.date(2026, 2, 28)  # month arithmetic, end of February
    assert dispute.status_on(dt.date(2026, 2, 28)) == Dispute.Status.NEGOTIATING
    assert dispute.status_on(dt.date(2026, 3, 1)) == Dispute.Status.ESCALATION_POSSIBLE
    assert dispute.escalation_route == "Hämeenlinnan hallinto-oikeus (hallintoriita-asia)"
    assert dispute.days_left(dt.date(2026, 2, 1)) == 27
    # Escalation is refused before the period is over, and nothing changes.
    with pytest.raises(ValidationError):
        services.close_dispute(dispute=dispute, acting_user=contact, escalated_on=dt.date(2026, 2, 1))
    dispute.refresh_from_db()
    assert dispute.escalated_on is None
    services.close_dispute(dispute=dispute, acting_user=contact, escalated_on=dt.date(2026, 3, 2))
    assert dispute.status_on(dt.date(2026, 3, 2)) == Dispute.Status.ESCALATED


def test_page_shows_deadline_and_escalation_route(agreement_and_parties, client_for):
    agreement, contact, lahti, hollola = agreement_and_parties
    services.record_dispute(agreement=agreement, acting_user=contact, subject="Tilakustannukset",
                            invited_by=lahti, invited_party=hollola, invitation_date=dt.date(2020, 1, 15))
    page = client_for(contact).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "15.4.2020" in page  # deadline
    assert "Hämeenlinnan hallinto-oikeus" in page


def test_dispute_reminders_before_the_deadline_with_the_clock_moved(agreement_and_parties,
                                                                    django_capture_on_commit_callbacks):
    agreement, contact, lahti, hollola = agreement_and_parties
    agreement.valid_until = dt.date(2027, 12, 31)  # far away: only the dispute is due
    agreement.save()
    services.record_dispute(agreement=agreement, acting_user=contact, subject="Kustannusten jako",
                            invited_by=lahti, invited_party=hollola, invitation_date=dt.date(2026, 1, 10))
    # deadline 10.4.2026: nothing 40 days before, a reminder 30 days before, another 7 days before.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 3, 1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 3, 11)) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["hanna@hollola.example", "yhteys@lahti.example"]  # the disputing parties' contacts
    assert "10.4.2026" in mail.outbox[0].subject and "Hämeenlinnan hallinto-oikeus" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 3, 12)) == 0  # already reminded
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 4, 3)) == 2  # the 7-day reminder
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 4, 11)) == 0  # deadline passed
    assert len(mail.outbox) == 4


def test_agreement_end_reminders_to_all_parties_contacts(agreement_and_parties, django_capture_on_commit_callbacks):
    # the agreement of the fixture ends 30.6.2026
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 3, 1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 4, 1)) == 3
    assert {m.to[0] for m in mail.outbox} == {"yhteys@lahti.example", "hanna@hollola.example",
                                              "olli@orimattila.example"}
    assert "30.6.2026" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(today=dt.date(2026, 4, 2))
        services.send_due_reminders(today=dt.date(2026, 4, 2))  # twice the same day: nothing new
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 6, 1)) == 3  # the 30-day reminder
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.AGREEMENT_END).count() == 6
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 7, 1)) == 0  # expired


@pytest.mark.usefixtures("agreement_and_parties")
def test_celery_task_calls_the_service(django_capture_on_commit_callbacks):
    from cooperation.agreements.tasks import send_agreement_reminders_task

    with django_capture_on_commit_callbacks(execute=True):
        assert send_agreement_reminders_task() >= 0


def test_a_dispute_names_the_parties_as_they_were_on_the_invitation_day():
    """A party renamed later (KEHA on 1.1.2026) keeps its old name in the record of an earlier dispute."""
    from parties.models import PartyName
    from tests.factories.cooperation import AgreementFactory, DisputeFactory

    renamed, other = PartyFactory(name_fi="Uusi nimi"), PartyFactory(name_fi="Toinen")
    PartyName.objects.create(party=renamed, name_fi="Vanha nimi", valid_until=dt.date(2025, 12, 31))
    before = DisputeFactory(agreement=AgreementFactory(), invited_by=renamed, invited_party=other,
                            invitation_date=dt.date(2025, 6, 1))
    after = DisputeFactory(agreement=before.agreement, invited_by=other, invited_party=renamed,
                           invitation_date=dt.date(2026, 2, 1))
    assert (before.invited_by_name, before.invited_party_name) == ("Vanha nimi", "Toinen")
    assert after.invited_party_name == "Uusi nimi"
