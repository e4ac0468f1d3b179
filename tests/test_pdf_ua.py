"""Every kind of PDF the portal makes passes the PDF/UA checks we can run (cooperation.base.pdf).

Read back with pikepdf: XMP dc:title, dc:language and pdfuaid:part=1, the catalogue's /Lang, each
attached file's /AFRelationship and the catalogue's /AF array; in the monthly report also the
language of the Finnish commentary in a Swedish report, rows that stay on one page and a summary
table that reads row by row.
"""

import io
import time

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cooperation.base.pdf import PdfAttachment, html_to_pdf, render_to_pdf
from tests.workgroups.conftest import build_world, published_meeting

pytestmark = pytest.mark.django_db


def assert_pdf_ua(data: bytes, *, lang: str, title: str) -> pikepdf.Pdf:
    pdf = pikepdf.open(io.BytesIO(data))
    with pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
        assert title in xmp["dc:title"]
        assert xmp["dc:language"] == {lang}
    assert str(pdf.Root.Lang) == lang
    assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    specs = [spec.obj for spec in pdf.attachments.values()]
    for spec in specs:
        assert spec.AFRelationship == pikepdf.Name.Data
    assert {spec.objgen for spec in specs} == {obj.objgen for obj in pdf.Root.get("/AF", [])}
    return pdf


def structure_languages(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if "/Lang" in node:
                found.append((str(node.get("/S")), str(node.Lang)))
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.fixture
def w(make_user):
    return build_world(make_user)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_agenda_and_minutes(w, client_for, language):
    meeting = published_meeting(w)
    client = client_for(w.member1)
    for name in ("workgroups:agenda-pdf", "workgroups:minutes-pdf"):
        response = client.get(reverse(name, args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, name
        assert_pdf_ua(response.content, lang=language, title="10.3.2026")  # the meeting's date


def test_public_minutes(w, client):
    from workgroups.models import Meeting

    meeting = published_meeting(w)
    assert Meeting.objects.open_data().filter(pk=meeting.pk).exists()
    response = client.get(reverse("public:minutes-pdf", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert_pdf_ua(response.content, lang="en", title="Minutes – Ohjausryhmä")


def test_agreement(make_user):
    from cooperation.agreements.views import PDF_TEMPLATE, pdf_context
    from tests.factories.cooperation import signed_agreement
    from tests.factories.parties import PartyFactory

    party = PartyFactory()
    contact = make_user(party=party)
    agreement = signed_agreement([party, PartyFactory()], contacts=[contact])
    data = render_to_pdf(PDF_TEMPLATE, pdf_context(agreement, contact), language="sv")
    assert_pdf_ua(data, lang="sv", title="Samarbetsavtal")


def test_monthly_report_in_swedish_with_finnish_commentary_and_its_csv(seeded_parties):
    from monitoring import demo
    from monitoring.models import Commentary
    from monitoring.reports import add_months, report_document

    demo.seed()
    month = add_months(timezone.localdate().replace(day=1), -1)
    Commentary.objects.update_or_create(month=month, defaults={"text": "Työttömyys laski kolmatta kuukautta."})
    document = report_document(month=month, language="sv")
    data = html_to_pdf(document.html, document.attachments)
    pdf = assert_pdf_ua(data, lang="sv", title="Månadsrapport om uppföljningen")
    assert len(pdf.attachments) == 1
    assert ("/Div", "fi") in structure_languages(pdf)  # the commentary's wrapper, read in Finnish
    # The summary table reads row by row: after each metric's name come its values and trend words,
    # before the next metric's name (read column by column, all names would come first).
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    summary = text[text.index("Sammanfattning"):text.index("Var vi står")]
    assert "1. Arbetslösa arbetssökandes andel" in summary
    for n in range(1, 19):
        row = summary[summary.index(f"\n{n}. "):summary.index(f"\n{n + 1}. ")]
        assert "%" in row or any(c.isdigit() for c in row.split("\n")[-1]), row
        assert any(word in row for word in ("bättre", "sämre", "oförändrad", "minskat", "ökat")), row


def test_a_table_row_is_never_split_across_pages():
    tall = "<br>".join(f"rad {n}" for n in range(12))
    rows = "".join(f"<tr><th>B{i}</th><td>{tall}</td><td>E{i}</td></tr>" for i in range(40))
    html = (f'<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Taulukko</title></head>'
            f"<body><table><thead><tr><th>Rivi</th><th>Teksti</th><th>Loppu</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></body></html>")
    data = html_to_pdf(html, [PdfAttachment("taulukko.csv", b"a;b\n")])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) > 3
    for i in range(40):
        (begins,) = [n for n, text in enumerate(pages) if f"B{i}\n" in text + "\n" or f"B{i} " in text]
        assert f"E{i}" in pages[begins], f"row {i} split across pages"
    assert all("Rivi" in text for text in pages)  # the header row repeats on every page
    assert_pdf_ua(data, lang="fi", title="Taulukko")


def test_a_minutes_pdf_renders_well_within_the_request_deadline(w, settings):
    from workgroups.views import meeting_context

    meeting = published_meeting(w, items=12)
    context = meeting_context(meeting, w.member1)
    render_to_pdf("pdf/workgroups/minutes.html", context, language="fi")  # warm: fonts, first import
    started = time.monotonic()
    data = render_to_pdf("pdf/workgroups/minutes.html", context, language="fi")
    took = time.monotonic() - started
    print(f"minutes PDF of 12 items: {took:.2f} s")
    assert data.startswith(b"%PDF") and took < settings.PDF_REQUEST_TIME_LIMIT
