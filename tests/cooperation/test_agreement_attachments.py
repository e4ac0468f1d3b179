"""Adding attachments (Liite n): numbered in order, publicity class, file checked by name, size and content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from cooperation.agreements.models import Attachment
from tests.factories.cooperation import AttachmentFactory, signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def agreement_and_contact(make_user):
    party = PartyFactory()
    contact = make_user(party=party)
    agreement = signed_agreement([party, PartyFactory()], contacts=[contact])
    AttachmentFactory(agreement=agreement, number=1, title_fi="Seurantaryhmän nimeämispäätös")
    return agreement, contact


def _post(client, agreement, **data):
    return client.post(f"/agreements/{agreement.pk}/attachments/new/", {
        "title_fi": "Henkilöstön siirtoluettelo", "publicity": "public", "secrecy_ground": "", "note": "", **data})


def test_contact_adds_the_next_numbered_non_public_attachment(agreement_and_contact, client_for, make_user):
    agreement, contact = agreement_and_contact
    response = _post(client_for(contact), agreement, publicity="not_public", secrecy_ground="JulkL 24 § 1 mom. 32 k",
                     file=SimpleUploadedFile("siirtoluettelo.pdf", PDF, content_type="application/pdf"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(agreement=agreement, number=2)
    assert not attachment.is_public and attachment.file.read() == PDF
    # Representatives download it; others do not even see it listed.
    assert client_for(contact).get(f"/agreements/{agreement.pk}/attachments/2/").status_code == 200
    outsider = client_for(make_user())
    assert "Henkilöstön siirtoluettelo" not in outsider.get(f"/agreements/{agreement.pk}/").content.decode()
    assert outsider.get(f"/agreements/{agreement.pk}/attachments/2/").status_code == 404


@pytest.mark.parametrize(("upload", "data", "message"), [
    (SimpleUploadedFile("luettelo.pdf", b"MZ\x90\x00 not a pdf"), {}, "ei vastaa"),
    (SimpleUploadedFile("luettelo.exe", b"MZ\x90\x00"), {}, "PDF"),
    (SimpleUploadedFile("luettelo;&rm.pdf", PDF), {}, "tiedoston nimessä"),
    (SimpleUploadedFile("luettelo.pdf", PDF), {"publicity": "not_public"}, "salassapitoperuste"),
])
def test_bad_uploads_are_refused_and_nothing_is_saved(agreement_and_contact, client_for, upload, data, message):
    agreement, contact = agreement_and_contact
    response = _post(client_for(contact), agreement, file=upload, **data)
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page and message.lower() in page.lower()
    assert agreement.attachments.count() == 1


@override_settings(PORTAL_UPLOAD_MAX_BYTES=1024)
def test_too_large_file_is_refused(agreement_and_contact, client_for):
    agreement, contact = agreement_and_contact
    response = _post(client_for(contact), agreement, file=SimpleUploadedFile("iso.pdf", PDF + b"0" * 2048))
    assert response.status_code == 200 and "liian suuri" in response.content.decode()
    assert agreement.attachments.count() == 1


def test_only_editors_add_attachments(agreement_and_contact, client_for, make_user):
    agreement, _contact = agreement_and_contact
    member = make_user("steering_member", party=agreement.memberships.first().party)
    assert _post(client_for(member), agreement).status_code == 403
    assert agreement.attachments.count() == 1
