"""The public web without login (issue 11, part 4; kuntalaki 140 §): published minutes as HTML and PDF;
a non-public item keeps its § and title with its secrecy ground and never shows its text; a wholly
secret matter is only mentioned; marked personal data come off when the appeal period ends."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from workgroups import services
from workgroups.models import AgendaItem, Meeting

from .conftest import all_present, lock, meeting_at

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Tarjoushinta 123 456 euroa"


def _published(w):
    meeting = meeting_at(w, items=4, publicity=["public", "not_public", "not_public", "public"])
    _first, secret, wholly_secret, named = meeting.items.order_by("order")
    AgendaItem.objects.filter(pk=secret.pk).update(title="Palveluntuottajan tarjous", proposal_text=SECRET_TEXT,
                                                title_is_public=True)
    AgendaItem.objects.filter(pk=wholly_secret.pk).update(title="Henkilön Erkki asia", title_is_public=False)
    AgendaItem.objects.filter(pk=named.pk).update(background="Hakija [[Maija Meikäläinen]] haki tukea.")
    all_present(w, meeting)
    for item in meeting.items.order_by("order"):
        text = SECRET_TEXT if item.pk == secret.pk else f"Päätös {item.order}; tuensaaja [[Maija Meikäläinen]]."
        services.decision_record(item=item, resolution="approved", text=text, acting_user=w.secretary)
    lock(w, meeting)
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    return meeting


def test_anonymous_visitor_reads_the_public_minutes(world, client):
    w = world
    meeting = _published(w)
    draft = meeting_at(w, dt.date(2026, 4, 1), items=1)
    index = client.get(reverse("public:index")).content.decode()
    assert reverse("public:minutes", args=[meeting.pk]) in index
    assert reverse("public:minutes", args=[draft.pk]) not in index
    assert client.get(reverse("public:minutes", args=[draft.pk])).status_code == 404
    response = client.get(reverse("public:minutes", args=[meeting.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "Päätös 1" in page
    # A non-public item keeps its § and title with "Salassa pidettävä" and the ground, never its text.
    assert "§ 2 Palveluntuottajan tarjous" in page and "Salassa pidettävä" in page
    assert "JulkL 24 § 1 mom. 20 k" in page and SECRET_TEXT not in page
    # A wholly secret matter is only mentioned.
    assert "A secret matter was handled." in page and "Erkki" not in page
    # Personal data are shown during the appeal period; such pages are not indexed.
    assert "Maija Meikäläinen" in page and "[[" not in page
    assert response["X-Robots-Tag"] == "noindex"
    pdf = client.get(reverse("public:minutes-pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Palveluntuottajan tarjous" in text and SECRET_TEXT not in text


def test_personal_data_come_off_the_public_web_when_the_appeal_period_ends(world, client, client_for, monkeypatch):
    w = world
    meeting = _published(w)
    url = reverse("public:minutes", args=[meeting.pk])
    ends = meeting.appeal_period_ends()
    assert ends == meeting.published_at + dt.timedelta(days=37)  # notified after 7 days, 30 days to appeal
    monkeypatch.setattr(timezone, "now", lambda: ends + dt.timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert "Maija Meikäläinen" not in page and "[personal data removed]" in page
    assert "Päätös 1" in page
    # The member-only page keeps the name.
    member_page = client_for(w.member1).get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Maija Meikäläinen" in member_page and "[[" not in member_page


def test_public_pages_without_personal_data_may_be_indexed(world, client):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    services.decision_record(item=meeting.items.get(), resolution="noted", text="Merkittiin.",
                             acting_user=w.secretary)
    lock(w, meeting)
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    response = client.get(reverse("public:minutes", args=[meeting.pk]))
    assert response.status_code == 200 and "X-Robots-Tag" not in response
    assert Meeting.objects.get(pk=meeting.pk).is_published
