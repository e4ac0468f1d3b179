"""Permissions matrix: role × object × action through pages, API and PDF.

Everyone logged in reads the public parts; non-public attachments only to the parties'
representatives (people of a current party, its contact people) and administrators; the parties'
contact people and administrators edit; the anonymous public sees nothing of agreements."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from cooperation.agreements.models import Agreement
from cooperation.agreements.views import PDF_TEMPLATE, pdf_context
from cooperation.base.pdf import render_html
from tests.factories.cooperation import AttachmentFactory, SectionFactory, signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Henkilöstön palkkatiedot"
PUBLIC_TITLE = "Seurantaryhmän nimeämispäätös"

# who → (reads agreement, sees non-public attachment, edits)
MATRIX = {
    "admin": (True, True, True),
    "contact": (True, True, True),
    "representative": (True, True, False),
    "other_party_member": (True, False, False),
    "outsider": (True, False, False),
    "anonymous": (False, False, False),
}


@pytest.fixture
def world(make_user):
    party_a, party_b, other = PartyFactory(), PartyFactory(), PartyFactory()
    contact = make_user(party=party_a)
    agreement = signed_agreement([party_a, party_b], contacts=[contact], valid_from=dt.date(2025, 1, 1),
                                 valid_until=dt.date(2030, 12, 31))
    SectionFactory(agreement=agreement, number="1", heading_fi="Sopijapuolet", text_fi="Osapuolet.")
    AttachmentFactory(agreement=agreement, number=1, title_fi=PUBLIC_TITLE)
    secret = AttachmentFactory(agreement=agreement, number=2, title_fi=SECRET_TITLE, publicity="not_public",
                               secrecy_ground="JulkL 24 § 1 mom. 32 k")
    secret.file.save("palkat.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    people = {
        "admin": make_user("portal_admin", party=other),
        "contact": contact,
        "representative": make_user("steering_member", party=party_b),
        "other_party_member": make_user("steering_member", party=other),
        "outsider": make_user(party=other),
        "anonymous": None,
    }
    return agreement, people


@pytest.mark.parametrize("who", list(MATRIX))
def test_pages(world, who, client_for, client):
    agreement, people = world
    reads, sees_secret, edits = MATRIX[who]
    user = people[who]
    c = client_for(user) if user else client
    detail = c.get(f"/agreements/{agreement.pk}/")
    listing = c.get("/agreements/")
    history = c.get(f"/agreements/{agreement.pk}/history/")
    download = c.get(f"/agreements/{agreement.pk}/attachments/2/")
    pdf = c.get(f"/agreements/{agreement.pk}/pdf/")
    if not reads:
        for response in (detail, listing, history, download, pdf):
            assert response.status_code == 302 and "/account/login/" in response["Location"]
        return
    page = detail.content.decode()
    assert detail.status_code == 200 and PUBLIC_TITLE in page
    assert agreement.title_fi in listing.content.decode()
    assert (SECRET_TITLE in page) is sees_secret
    assert (download.status_code == 200) is sees_secret
    if not sees_secret:
        assert download.status_code == 404
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = render_html(PDF_TEMPLATE, pdf_context(agreement, user))
    assert PUBLIC_TITLE in html and (SECRET_TITLE in html) is sees_secret
    # The audit trail (which may name non-public attachments) only for those who see non-public parts.
    assert ('id="audit"' in history.content.decode()) is sees_secret
    # Write pages.
    for url in (f"/agreements/{agreement.pk}/amend/", f"/agreements/{agreement.pk}/sign/",
                f"/agreements/{agreement.pk}/accession/", f"/agreements/{agreement.pk}/withdrawal/",
                f"/agreements/{agreement.pk}/disputes/new/"):
        assert (c.get(url).status_code == 200) is edits, url
        if not edits:
            assert c.get(url).status_code == 403
    response = c.post(f"/agreements/{agreement.pk}/amend/", {
        "title": "Muutos", "section": "1", "text_fi": "Uudet osapuolet.", "decision_reference": "Ohjausryhmä § 1",
        "decided_on": "2025-03-01", "effective_on": "2025-03-01"})
    assert (response.status_code == 302) is edits
    assert Agreement.objects.get(pk=agreement.pk).amendments.exists() is edits


@pytest.mark.parametrize("who", list(MATRIX))
def test_api(world, who, api_client_for):
    agreement, people = world
    reads, sees_secret, edits = MATRIX[who]
    api = api_client_for(people[who])
    listing = api.get("/api/v1/agreements/")
    detail = api.get(f"/api/v1/agreements/{agreement.pk}/")
    programme = api.get("/api/v1/programme/")
    if not reads:
        assert listing.status_code in (401, 403) and detail.status_code in (401, 403)
        assert programme.status_code in (401, 403)
    else:
        assert listing.status_code == 200 and listing.json()["count"] == 1
        titles = [a["title_fi"] for a in detail.json()["attachments"]]
        assert PUBLIC_TITLE in titles and (SECRET_TITLE in titles) is sees_secret
        assert api.get(f"/api/v1/agreements/{agreement.pk}/parties/", {"on": "2025-06-01"}).status_code == 200
    party_b = agreement.memberships.order_by("order")[1].party
    agreement.signatures.filter(party=party_b).delete()
    response = api.post(f"/api/v1/agreements/{agreement.pk}/signatures/", {
        "party": party_b.pk, "signatory": "Hanna Hollola", "signed_on": "2025-01-02"}, format="json")
    assert (response.status_code == 201) is edits, response.content
    if reads and not edits:
        assert response.status_code == 403
    response = api.post(f"/api/v1/agreements/{agreement.pk}/amendments/", {
        "title": "Muutos", "decision_reference": "Ohjausryhmä § 2", "decided_on": "2025-03-01",
        "effective_on": "2025-03-01", "changes": [{"number": "1", "heading_fi": "Sopijapuolet", "text_fi": "X."}]},
        format="json")
    assert (response.status_code == 201) is edits, response.content
    assert agreement.amendments.exists() is edits


def test_api_refuses_bad_input_naming_the_field(world, api_client_for):
    agreement, people = world
    api = api_client_for(people["contact"])
    response = api.post(f"/api/v1/agreements/{agreement.pk}/amendments/", {
        "title": "Muutos", "effective_on": "2025-03-01", "decided_on": "2025-03-01",
        "changes": [{"number": "1", "heading_fi": "Sopijapuolet", "text_fi": "X."}]}, format="json")
    assert response.status_code == 400 and "decision_reference" in response.json()
    assert not agreement.amendments.exists()
    response = api.get(f"/api/v1/agreements/{agreement.pk}/parties/", {"on": "not-a-date"})
    assert response.status_code == 400 and "on" in response.json()
