"""An agreement's life in pages: basic facts and sections with the model's validation, a draft
circulated for comments (per section, per party, seen by all parties), approvals by each party's
body with a decision reference before signatures, then in force."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cooperation.agreements import services
from cooperation.agreements.demo import seed
from cooperation.agreements.models import Agreement, AgreementState, SectionComment
from parties.models import ContactPerson, Party
from tests.factories.parties import PartyFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def two_parties(make_user):
    a, b = PartyFactory(name_fi="Alfakunta", kind=Party.Kind.CITY), PartyFactory(name_fi="Betakunta")
    rep_a, rep_b = make_user(party=a), make_user(party=b)
    for user in (rep_a, rep_b):
        ContactPerson.objects.create(party=user.party, name=str(user), email=user.email, user=user)
    return a, b, rep_a, rep_b


def _draft(admin_user, parties):
    agreement = services.create_agreement(acting_user=admin_user, parties=list(parties),
                                          kind=Agreement.Kind.COOPERATION, title_fi="Yhteistyösopimus 2026",
                                          approval_required=True)
    services.save_section(agreement=agreement, acting_user=admin_user, number="1", heading_fi="Sopijapuolet",
                          text_fi="A ja B.")
    return agreement


def test_life_cycle_from_draft_to_in_force(db, admin_user, two_parties, django_capture_on_commit_callbacks):
    a, b, rep_a, rep_b = two_parties
    agreement = _draft(admin_user, (a, b))
    assert agreement.state == AgreementState.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_for_comments(agreement=agreement, acting_user=admin_user,
                                        comments_until=dt.date(2026, 12, 31))
    assert agreement.state == AgreementState.CIRCULATED
    assert sorted(mail.outbox[0].to) == sorted([rep_a.email, rep_b.email])
    section = agreement.sections.get()
    services.comment_on_section(section=section, party=a, acting_user=rep_a, text="Lisätään yhteystiedot.")
    with pytest.raises(PermissionDenied):  # only in the name of a party one represents
        services.comment_on_section(section=section, party=a, acting_user=rep_b, text="x")
    # Every party sees the comment.
    assert SectionComment.objects.visible_to(rep_b).filter(section=section).count() == 1
    with pytest.raises(ValidationError) as refused:  # signatures only after approval
        services.record_signature(agreement=agreement, party=a, acting_user=admin_user, signatory="N. N.",
                                  signed_on=dt.date(2026, 11, 1))
    assert "competent body" in refused.value.message_dict["party"][0]
    services.record_approval(agreement=agreement, party=a, acting_user=admin_user, body="Alfan kaupunginvaltuusto",
                             section="§ 12", decided_on=dt.date(2026, 10, 5),
                             minutes_url="https://alfa.example/poytakirjat/2026-10-05")
    with pytest.raises(ValidationError) as refused:
        services.record_approval(agreement=agreement, party=b, acting_user=admin_user, body="Betan valtuusto",
                                 section="12", decided_on=dt.date(2026, 10, 6))
    assert "§" in refused.value.message_dict["section"][0]
    services.record_approval(agreement=agreement, party=b, acting_user=admin_user, body="Betan kunnanvaltuusto",
                             section="§ 40", decided_on=dt.date(2026, 10, 6))
    assert agreement.state == AgreementState.APPROVED
    for party in (a, b):
        services.record_signature(agreement=agreement, party=party, acting_user=admin_user, signatory="N. N.",
                                  signed_on=dt.date(2026, 11, 1))
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.state_on(dt.date(2026, 11, 1)) == AgreementState.IN_FORCE
    with pytest.raises(ValidationError):  # the text changes only by amendment once signed
        services.save_section(agreement=agreement, acting_user=admin_user, number="2", heading_fi="Uusi")


def test_pages_validate_like_the_admin(db, admin_user, client_for, two_parties):
    a, b, rep_a, _rep_b = two_parties
    client = client_for(admin_user)
    response = client.post("/agreements/new/", {
        "kind": "cooperation", "title_fi": "Sivulta luotu", "parties": [a.pk, b.pk], "approval_required": "on",
        "valid_from": "2027-01-01", "valid_until": "2026-01-01", "dispute_negotiation_months": "3"})
    assert response.status_code == 200
    assert "Voimassaolon päättymispäivä ei voi olla ennen sen alkamispäivää." in response.content.decode()
    assert not Agreement.objects.filter(title_fi="Sivulta luotu").exists()
    response = client.post("/agreements/new/", {"kind": "cooperation", "title_fi": "Sivulta luotu",
                                                "parties": [a.pk, b.pk], "approval_required": "on"})
    agreement = Agreement.objects.get(title_fi="Sivulta luotu")
    assert response.status_code == 302
    assert [m.party for m in agreement.memberships.all()] == [a, b]
    response = client.post(f"/agreements/{agreement.pk}/sections/new/", {"number": "1", "heading_fi": "Tarkoitus"})
    assert response.status_code == 302
    response = client.post(f"/agreements/{agreement.pk}/sections/new/", {"number": "1", "heading_fi": "Toinen"})
    assert response.status_code == 200 and agreement.sections.count() == 1  # number once per agreement
    assert client.post(f"/agreements/{agreement.pk}/circulate/", {"comments_until": ""}).status_code == 302
    section = agreement.sections.get()
    rep = client_for(rep_a)
    response = rep.post(f"/agreements/{agreement.pk}/sections/{section.pk}/comment/",
                        {"party": a.pk, "text": "Hyvä."})
    assert response.status_code == 302
    page = rep.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Hyvä." in page and "Alfakunta" in page
    response = client.post(f"/agreements/{agreement.pk}/approvals/new/", {
        "party": a.pk, "body": "Alfan valtuusto", "section": "§ 3", "decided_on": "2026-10-01",
        "minutes_url": "https://alfa.example/pk"})
    assert response.status_code == 302
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Alfan valtuusto 1.10.2026 § 3" in page and "https://alfa.example/pk" in page


def test_seeded_draft_carries_over_the_letter_of_intent(db):
    follow_up = seed()["follow_up"]
    assert follow_up.approval_required and follow_up.state == AgreementState.DRAFT
    text = "\n".join(f"{s.heading_fi}\n{s.text_fi}" for s in follow_up.sections.all())
    for expected in ("osaavan työvoiman saatavuus", "Työvoimaviranomaisten yhteistyön ohjausryhmä".lower(),
                     "Hankinnat", "Viestintä", "Kotoutumispalvelut", "valmistelutyöryhmät", "Täydennettävä",
                     "tapauskohtaisesti"):
        assert expected in text, expected
    assert follow_up.sections.count() == 7
