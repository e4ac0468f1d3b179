"""A party's contact records an amendment and a signature; a steering member reads the history.
Every page on the way passes axe (WCAG 2.1 A/AA)."""

import pytest

from cooperation.agreements import demo
from cooperation.agreements.models import Agreement
from parties import roles
from parties.models import ContactPerson, Party
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def test_contact_amends_and_signs_and_member_reads_history(page, make_user, transactional_db):
    agreements = demo.seed()
    draft: Agreement = agreements["follow_up"]
    # This journey records a signature straight away; the approval step has its own journey below.
    Agreement.objects.filter(pk=draft.pk).update(approval_required=False)
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    hollola = Party.objects.get(name_fi="Hollolan kunta")
    contact = make_user(roles.OFFICIAL, party=lahti, first_name="Veera", last_name="Virkailija")
    ContactPerson.objects.create(party=lahti, name="Veera Virkailija", email=contact.email, user=contact)
    member = make_user(roles.STEERING_MEMBER, party=hollola, first_name="Hanna", last_name="Hollola")

    login(page, contact)
    assert_accessible(page, "dashboard with the agreements panel")
    page.get_by_role("link", name="Sopimukset", exact=True).click()
    assert_accessible(page, "agreement list")
    page.get_by_role("link", name=draft.title_fi).click()
    assert page.locator("h1").inner_text() == draft.title_fi
    assert_accessible(page, "agreement page")

    page.get_by_role("link", name="Kirjaa muutos").click()
    assert_accessible(page, "amendment form")
    page.get_by_label("Muutoksen otsikko").fill("Sopijapuolten tarkennus")
    page.get_by_label("Muutettava kohta").select_option("1")
    page.get_by_label("Uusi teksti (suomeksi)").fill(
        "Lahden kaupunki ja Päijät-Hämeen työllisyysalue, jonka vastuukuntana toimii Hollolan kunta.")
    page.get_by_label("Päätös sanallisesti").fill("Ohjausryhmä 12.3.2025 § 14")
    page.get_by_label("Päätöspäivä").fill("2025-03-12")
    page.get_by_label("Voimaantulopäivä").fill("2025-04-01")
    page.get_by_role("button", name="Kirjaa muutos").click()
    assert page.get_by_text("Muutos 1 kirjattiin.").is_visible()
    assert_accessible(page, "agreement page after the amendment")

    page.get_by_role("link", name="Kirjaa allekirjoitus").click()
    assert_accessible(page, "signature form")
    page.get_by_role("button", name="Tallenna").click()  # empty: the error summary names the fields
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page, "signature form with errors")
    page.get_by_label("Osapuoli").select_option(str(lahti.pk))
    page.locator("#id_signatory").fill("Pekka Timonen")
    page.get_by_label("Allekirjoittajan tehtävänimike").fill("kaupunginjohtaja")
    page.get_by_label("Allekirjoituspäivä").fill("2025-04-02")
    page.get_by_label("Valtuuttava toimielin").fill("Lahden kaupunginhallitus")
    page.get_by_label("Valtuuttavan päätöksen päivämäärä").fill("2025-03-24")
    page.get_by_label("Valtuuttavan päätöksen pykälä (§)").fill("§ 112")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_text("Allekirjoitus kirjattiin.").is_visible()
    assert page.get_by_text("Lahden kaupunginhallitus 24.3.2025 § 112").is_visible()
    assert page.get_by_text("Osa osapuolista allekirjoittanut").first.is_visible()

    page.get_by_role("button", name="Kirjaudu ulos").click()
    login(page, member)
    page.goto(f"/agreements/{draft.pk}/")
    page.get_by_role("link", name="Historia ja osapuolet tiettynä päivänä").click()
    assert page.get_by_text("Ohjausryhmä 12.3.2025 § 14").first.is_visible()
    assert page.get_by_text("jonka vastuukuntana toimii Hollolan kunta").first.is_visible()  # after
    assert page.get_by_text("Lahden kaupunki (itsenäinen työvoimaviranomainen) ja Päijät-Hämeen").first.is_visible()
    audit = page.locator("#audit + .table-scroll table")
    assert "Veera Virkailija" in audit.inner_text()
    assert_accessible(page, "history page")
    page.get_by_label("Osapuolet päivänä").fill("2025-04-01")
    page.get_by_role("button", name="Näytä").click()
    assert "Lahden kaupunki" in page.locator(".parties-on-day").inner_text()
    assert_accessible(page, "parties on a date")
    page.get_by_role("link", name="Ohjelma", exact=True).click()
    assert page.get_by_text("ei vielä tietoja").first.is_visible()
    assert_accessible(page, "programme page")


def test_administrator_drafts_parties_comment_approve_and_sign(page, browser, live_server, make_user,
                                                             transactional_db):
    """The cooperation agreement the letter of intent foresees, from the seeded draft to in force."""
    draft: Agreement = demo.seed()["follow_up"]
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    hollola = Party.objects.get(name_fi="Hollolan kunta")
    admin = make_user(roles.PORTAL_ADMIN, party=hollola, first_name="Ylle", last_name="Ylläpitäjä")
    contact = make_user(roles.OFFICIAL, party=lahti, first_name="Veera", last_name="Virkailija")
    ContactPerson.objects.create(party=lahti, name="Veera Virkailija", email=contact.email, user=contact)

    login(page, admin)
    page.goto(f"/agreements/{draft.pk}/")
    assert page.get_by_text("Ohjausryhmä ja valmistelutyöryhmät").first.is_visible()
    assert_accessible(page, "seeded draft")
    page.get_by_role("link", name="Muokkaa perustietoja").click()
    assert_accessible(page, "basic facts form")
    page.locator("#id_short_name").fill("Yhteistyösopimus 2027")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_text("Sopimus tallennettiin.").is_visible()
    page.get_by_role("link", name="Muokkaa kohtaa 7").click()
    assert_accessible(page, "section form")
    page.locator("#id_text_fi").fill("Sopimus tulee voimaan, kun osapuolet ovat allekirjoittaneet sen.")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_text("Kohta 7 tallennettiin.").is_visible()
    page.get_by_role("link", name="Lähetä luonnos lausuttavaksi").click()
    assert_accessible(page, "circulation form")
    page.get_by_label("Lausunnot viimeistään").fill("2026-12-31")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_text("Lähetetty osapuolille lausuttavaksi").first.is_visible()

    # The party's contact in a browser of their own (the administrator stays logged in: a second
    # login within the same 30 seconds would reuse the TOTP code, which is refused).
    other = browser.new_context(base_url=live_server.url, locale="fi-FI")
    other.set_default_timeout(15_000)
    party_page = other.new_page()
    login(party_page, contact)
    party_page.goto(f"/agreements/{draft.pk}/")
    party_page.get_by_role("link", name="Lausu kohdasta 4").click()
    assert_accessible(party_page, "comment form")
    party_page.get_by_label("Lausunto").fill("Kotoutumispalveluihin lisättävä yhteinen kielikoulutus.")
    party_page.get_by_role("button", name="Tallenna").click()
    assert party_page.get_by_text("Kotoutumispalveluihin lisättävä yhteinen kielikoulutus.").is_visible()
    assert_accessible(party_page, "draft with a comment")
    other.close()

    page.goto(f"/agreements/{draft.pk}/")
    assert page.get_by_text("Kotoutumispalveluihin lisättävä").is_visible()  # every party sees it
    for party, body, section in ((lahti, "Lahden kaupunginvaltuusto", "§ 88"),
                                 (hollola, "Hollolan kunnanvaltuusto", "§ 41")):
        page.get_by_role("link", name="Kirjaa osapuolen toimielimen hyväksyntä").click()
        assert_accessible(page, "approval form")
        page.get_by_label("Osapuoli").select_option(str(party.pk))
        page.get_by_label("Toimivaltainen toimielin").fill(body)
        page.get_by_label("Pykälä (§)").fill(section)
        page.get_by_label("Päätöspäivä").fill("2026-11-10")
        page.get_by_label("Linkki julkaistuun pöytäkirjaan").fill("https://example.org/poytakirjat/2026-11-10")
        page.get_by_role("button", name="Tallenna").click()
        assert page.get_by_text("Hyväksyntä kirjattiin.").is_visible()
    assert page.get_by_text("Osapuolten hyväksymä, odottaa allekirjoituksia").first.is_visible()
    assert page.get_by_text("Hollolan kunnanvaltuusto 10.11.2026 § 41").is_visible()
    for party, signatory in ((lahti, "Pekka Timonen"), (hollola, "Jani Kokko")):
        page.get_by_role("link", name="Kirjaa allekirjoitus").click()
        page.get_by_label("Osapuoli").select_option(str(party.pk))
        page.locator("#id_signatory").fill(signatory)
        page.get_by_label("Allekirjoituspäivä").fill("2026-11-20")
        page.get_by_role("button", name="Tallenna").click()
        assert page.get_by_text("Allekirjoitus kirjattiin.").is_visible()
    assert page.locator("main .status").first.inner_text() == "Voimassa"
    assert_accessible(page, "agreement in force")
