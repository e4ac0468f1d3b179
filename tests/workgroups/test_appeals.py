"""Appeal instructions (issue 11, part 3): each decision carries its route, the minutes PDF ends with
the standard instruction sheets in the reader's language, working groups default to no appeal."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories.workgroups import MembershipFactory
from workgroups import services
from workgroups.appeals import AppealRoute, default_route, instruction_sheets

from .conftest import R, all_present, lock, meeting_at

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _decided(w):
    meeting = meeting_at(w, items=3)
    all_present(w, meeting)
    first, second, third = meeting.items.order_by("order")
    services.decision_record(item=first, resolution="approved", text="Hyväksyttiin.", acting_user=w.secretary)
    with pytest.raises(ValidationError) as exc:
        services.decision_record(item=second, resolution="approved", text="x", acting_user=w.secretary,
                                 appeal_route=AppealRoute.ADMINISTRATIVE_APPEAL)
    assert "appeal_law" in exc.value.message_dict
    services.decision_record(item=second, resolution="approved", text="Myönnettiin.", acting_user=w.secretary,
                             appeal_route=AppealRoute.ADMINISTRATIVE_APPEAL,
                             appeal_law="laki julkisesta työvoima- ja yrityspalvelusta (916/2012)")
    services.decision_record(item=third, resolution="noted", text="Merkittiin tiedoksi.", acting_user=w.secretary,
                             appeal_route=AppealRoute.NO_APPEAL)
    return meeting


def test_minutes_pdf_ends_with_the_finnish_instruction_sheets(world, client_for):
    w = world
    meeting = lock(w, _decided(w))
    assert meeting.items.get(order=1).decision.appeal_route == AppealRoute.RECTIFICATION  # the body's default
    response = client_for(w.member1).get(reverse("workgroups:minutes-pdf", args=[meeting.pk]),
                                         HTTP_ACCEPT_LANGUAGE="fi")
    text = _pdf_text(response.content)
    sheets = text[text.index("MUUTOKSENHAKUKIELTO"):]
    # The usual order: no appeal, rectification, appeals; each with its § numbers and time limits.
    assert sheets.index("MUUTOKSENHAKUKIELTO") < sheets.index("OIKAISUVAATIMUSOHJE") < sheets.index(
        "VALITUSOSOITUS (hallintovalitus)")
    for phrase in ("kuntalaki 136 §", "kuntalaki 134 §", "14 päivän kuluessa", "7 päivän kuluttua",
                   "140 § 3 mom.", "Oikaisuvaatimusviranomainen: Ohjausryhmä", "916/2012", "30 päivää",
                   "Hämeenlinnan hallinto-oikeus", "§ 1", "§ 2", "§ 3"):
        assert phrase in " ".join(sheets.split()), phrase


def test_swedish_reader_gets_the_swedish_sheets(world, client_for):
    w = world
    meeting = lock(w, _decided(w))
    text = _pdf_text(client_for(w.member1).get(reverse("workgroups:minutes-pdf", args=[meeting.pk]),
                                               HTTP_ACCEPT_LANGUAGE="sv").content)
    flat = " ".join(text.split())
    for phrase in ("ANVISNING OM RÄTTELSEYRKANDE", "kommunallagen 134 §", "14 dagar", "Tavastehus förvaltningsdomstol",
                   "FÖRBUD MOT ÄNDRINGSSÖKANDE"):
        assert phrase in flat, phrase


def test_working_groups_default_to_no_appeal(world):
    w = world
    secretary = MembershipFactory(body=w.group, user=w.secretary, role=R.SECRETARY, voting=False)
    assert secretary and default_route(w.group) == AppealRoute.NO_APPEAL
    assert default_route(w.body) == AppealRoute.RECTIFICATION
    meeting = meeting_at(w, items=1, body=w.group)
    services.attendance_record(meeting=meeting, acting_user=w.secretary,
                               entries=[services.AttendanceEntry(membership=w.m_wg_member)])
    decision = services.decision_record(item=meeting.items.get(), resolution="approved", text="Esitetään.",
                                        acting_user=w.secretary, check_quorum=False)
    assert decision.appeal_route == AppealRoute.NO_APPEAL
    with translation.override("fi"):
        (sheet,) = instruction_sheets([decision])
    assert sheet.heading == "MUUTOKSENHAKUKIELTO" and sheet.sections == ["§ 1"]


def test_the_sheets_stand_once_at_the_end_not_in_the_title_or_the_page_header(world, client_for):
    """The instruction sheets belong to the minutes' content only: the PDF's title is the minutes' name
    and each page header reads "PÖYTÄKIRJA n (m)"."""
    from pypdf import PdfReader

    w = world
    meeting = lock(w, _decided(w))
    data = client_for(w.member1).get(reverse("workgroups:minutes-pdf", args=[meeting.pk]),
                                     HTTP_ACCEPT_LANGUAGE="fi").content
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("Pöytäkirja – ") and "MUUTOKSENHAKU" not in reader.metadata.title
    text = " ".join(_pdf_text(data).split())
    assert text.count("OIKAISUVAATIMUSOHJE") == 1
    assert "PÖYTÄKIRJA 1 (" in text
