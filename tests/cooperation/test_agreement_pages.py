"""The write pages beyond amendments: accession (with a decision §), withdrawal, dispute; Swedish UI."""

import datetime as dt

import pytest

from cooperation.agreements.models import Dispute
from tests.cooperation.test_agreement_changes import steering_decision
from tests.factories.cooperation import signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    a, b = PartyFactory(name_fi="Lahden kaupunki P"), PartyFactory(name_fi="Hollolan kunta P")
    contact = make_user(party=a)
    agreement = signed_agreement([a, b], contacts=[contact], valid_from=dt.date(2025, 1, 1),
                                 valid_until=dt.date(2030, 12, 31))
    return agreement, contact, a, b


def test_accession_by_a_published_decision_and_withdrawal_through_pages(world, client_for, make_user):
    agreement, contact, _a, b = world
    decision = steering_decision(number=7)
    # The decision list in the form holds what the person may see; give the contact the body's read right.
    from guardian.shortcuts import assign_perm

    from workgroups.models import VIEW_BODY_DOCUMENTS
    assign_perm(f"workgroups.{VIEW_BODY_DOCUMENTS}", contact, decision.body)
    client = client_for(contact)
    iitti = PartyFactory(name_fi="Iitin kunta P")
    page = client.get(f"/agreements/{agreement.pk}/accession/").content.decode()
    assert "Iitin kunta P" in page
    response = client.post(f"/agreements/{agreement.pk}/accession/", {
        "party": iitti.pk, "role": "party", "conditions": "Samoin ehdoin.", "decision": decision.pk,
        "effective_on": "2025-04-01"})
    assert response.status_code == 302, response.content.decode()[:3000]
    accession = agreement.accessions.get()
    assert accession.decision == decision and accession.decided_on == dt.date(2025, 3, 12)
    response = client.post(f"/agreements/{agreement.pk}/withdrawal/", {
        "party": b.pk, "reason": "", "decision_reference": "Ohjausryhmä 1.9.2026 § 40", "decided_on": "2026-09-01",
        "effective_on": "2026-08-01"})  # takes effect before the decision: refused, named field
    assert response.status_code == 200 and "id_effective_on" in response.content.decode()
    assert not agreement.withdrawals.exists()
    response = client.post(f"/agreements/{agreement.pk}/withdrawal/", {
        "party": b.pk, "reason": "", "decision_reference": "Ohjausryhmä 1.9.2026 § 40", "decided_on": "2026-09-01",
        "effective_on": "2026-10-01"})
    assert response.status_code == 302
    history = client.get(f"/agreements/{agreement.pk}/history/", {"on": "2026-10-01"}).content.decode()
    on_day = history.split('class="parties-on-day"')[1].split("</ul>")[0]
    assert "Iitin kunta P" in on_day and "Hollolan kunta P" not in on_day


def test_dispute_through_pages(world, client_for):
    agreement, contact, a, b = world
    client = client_for(contact)
    response = client.post(f"/agreements/{agreement.pk}/disputes/new/", {
        "subject": "Kustannusten jako", "description": "", "invited_by": a.pk, "invited_party": a.pk,
        "invitation_date": "2025-05-02"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(f"/agreements/{agreement.pk}/disputes/new/", {
        "subject": "Kustannusten jako", "description": "", "invited_by": a.pk, "invited_party": b.pk,
        "invitation_date": "2025-05-02"})
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "2.8.2025" in page and "Hämeenlinnan hallinto-oikeus" in page
    response = client.post(f"/agreements/disputes/{dispute.pk}/close/", {
        "outcome": "resolved", "day": "2025-06-01", "resolution": ""})
    assert response.status_code == 200  # a resolution needs its description
    response = client.post(f"/agreements/disputes/{dispute.pk}/close/", {
        "outcome": "resolved", "day": "2025-06-01", "resolution": "Sovittu neuvottelussa."})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.resolved_on == dt.date(2025, 6, 1)


def test_agreement_page_in_swedish(world, client_for):
    agreement, contact, *_ = world
    client = client_for(contact)
    client.cookies["django_language"] = "sv"
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert 'lang="sv"' in page and "Parter och underskrifter" in page and "I kraft" in page
    assert agreement.title_sv in page
