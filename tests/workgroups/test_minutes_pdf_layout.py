"""Item 8 of issue 11: the agenda and minutes PDFs name the meeting (number, Helsinki time, place), every § as
"§ 1", carry the heading at the top of the first page, the chair's and the secretary's names in the
signature block and the checkers with the dates they approved; no table row is split across pages."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cooperation.base.pdf import html_to_pdf, render_html
from workgroups import notifications, services

from .conftest import all_present, decide_all, lock, meeting_at

pytestmark = pytest.mark.django_db


def _pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_minutes_pdf_names_meeting_sections_signatories_and_checkers(world, client_for, client):
    w = world
    # 13.00 Helsinki time on a winter day is 11.00 UTC: the PDF must say 13:00.
    meeting = meeting_at(w, day=dt.date(2026, 2, 10), items=2)
    all_present(w, meeting)
    decide_all(w, meeting)
    meeting = lock(w, meeting)
    response = client_for(w.member1).get(reverse("workgroups:minutes-pdf", args=[meeting.pk]),
                                         HTTP_ACCEPT_LANGUAGE="fi")
    pages = _pages(response.content)
    first, text = pages[0], " ".join(pages)
    assert "Pöytäkirja 1/2026" in first
    assert "10.2.2026 13:00" in text and "Lahti" in text
    assert "§ 1" in text and "§ 2" in text
    tail = text[text.index("Allekirjoitukset"):]
    assert str(w.chair) in tail and "puheenjohtaja" in tail
    assert str(w.secretary) in tail and "pöytäkirjanpitäjä" in tail
    checked = tail[tail.index("Pöytäkirja tarkastettu"):]
    approvals = {a.membership_id: a for a in meeting.approvals.filter(role="checker")}
    for membership in (w.m_member1, w.m_vice):
        date = f"{timezone.localtime(approvals[membership.pk].approved_at):%-d.%-m.%Y}"
        assert f"{membership.display_name} hyväksytty {date}" in checked

    # The public web's PDF has the same heading and signatures.
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    public = _pages(client.get(reverse("public:minutes-pdf", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="fi").content)
    assert "Pöytäkirja 1/2026" in public[0]
    assert str(w.chair) in public[-1] and "Pöytäkirja tarkastettu" in " ".join(public)


def test_agenda_pdf_heading_number_and_sections(world):
    w = world
    meeting = meeting_at(w, day=timezone.localdate() + dt.timedelta(days=3), items=2)
    services.agenda_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    html = render_html("pdf/workgroups/agenda.html", notifications.agenda_pdf_context(meeting), language="fi")
    pages = _pages(html_to_pdf(html))
    assert f"Esityslista {meeting.number_label}" in pages[0]
    assert "§ 1" in pages[0] and "§ 2" in " ".join(pages)
    assert f"{timezone.localtime(meeting.starts_at):%-d.%-m.%Y %H:%M}" in pages[0]


def test_no_table_row_is_split_across_pages(world):
    """Forty long titles in the list of sections: each row's first and last word on the same page."""
    w = world
    meeting = meeting_at(w, day=timezone.localdate() + dt.timedelta(days=3), items=0)
    for n in range(40):
        services.agenda_item_add(meeting=meeting, acting_user=w.secretary,
                                 title=f"Alku{n:02d} " + "pitkä otsikko jossa on paljon sanoja " * 6 + f"Loppu{n:02d}")
    html = render_html("pdf/workgroups/agenda.html", notifications.agenda_pdf_context(meeting), language="fi")
    assert "break-inside: avoid" in html
    pages = _pages(html_to_pdf(html))
    list_pages = [p for p in pages if "Alku00" in p or re.search(r"Alku\d\d pitkä", p)]
    assert len(list_pages) > 1  # the table runs over a page break, so the test means something
    for n in range(40):
        starts = [i for i, p in enumerate(pages) if f"Alku{n:02d}" in p]
        ends = [i for i, p in enumerate(pages) if f"Loppu{n:02d}" in p]
        # The row in the table and the item's own heading: each starts and ends on the same page.
        assert starts == ends, (n, starts, ends)
