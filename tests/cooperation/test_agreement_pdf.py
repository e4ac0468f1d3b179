"""The agreement as PDF: the consolidated text and the amendment history, via render_to_pdf."""

import datetime as dt

import pytest

from cooperation.agreements import services
from cooperation.agreements.views import PDF_TEMPLATE, pdf_context
from cooperation.base.pdf import render_html, render_to_pdf
from tests.factories.cooperation import SectionFactory, signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db


def test_pdf_has_consolidated_text_and_amendment_history(make_user, client_for):
    party = PartyFactory()
    contact = make_user(party=party)
    agreement = signed_agreement([party, PartyFactory()], contacts=[contact])
    SectionFactory(agreement=agreement, number="8", heading_fi="Erimielisyyksien ratkaiseminen",
                   text_fi="Neuvotellaan kolme kuukautta.")
    services.record_amendment(
        agreement=agreement, acting_user=contact, title="Neuvotteluajan pidennys",
        decision_reference="Ohjausryhmä 5.5.2025 § 20", decided_on=dt.date(2025, 5, 5),
        effective_on=dt.date(2025, 6, 1),
        changes=[services.SectionEdit(number="8", heading_fi="Erimielisyyksien ratkaiseminen",
                                      text_fi="Neuvotellaan neljä kuukautta.")],
    )
    agreement = services.agreement_for_history(agreement.pk)
    html = render_html(PDF_TEMPLATE, pdf_context(agreement, contact), language="fi")
    consolidated = html.split("Ajantasainen teksti")[1].split("Muutoshistoria")[0]
    history = html.split("Muutoshistoria")[1]
    assert "Neuvotellaan neljä kuukautta." in consolidated and "kolme" not in consolidated
    assert "Muutos 1: Neuvotteluajan pidennys" in history and "Ohjausryhmä 5.5.2025 § 20" in history
    assert "Neuvotellaan kolme kuukautta." in history  # the text before the amendment
    assert "url(static/fonts/PortalSans-Regular.ttf)" in html and "http" not in html.split("<body>")[0]  # no network
    pdf = render_to_pdf(PDF_TEMPLATE, pdf_context(agreement, contact), language="sv")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    response = client_for(contact).get(f"/agreements/{agreement.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
