import pytest

from parties import roles
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_each_role_logs_in_and_reaches_an_accessible_dashboard(page, make_user, seeded_parties, role):
    user = make_user(role)
    login(page, user)
    assert page.locator("h1").inner_text().startswith("Tervetuloa")
    assert page.get_by_role("main").is_visible()
    assert_accessible(page, f"dashboard as {role}")


def test_front_and_login_pages_are_accessible(page, db):
    page.goto("/")
    assert_accessible(page, "front page")
    page.goto("/account/login/")
    assert_accessible(page, "login page")


def test_switch_language_to_swedish_and_back(page, official, seeded_parties):
    login(page, official)
    page.select_option("#language-select", "sv")
    page.get_by_role("button", name="Vaihda").click()
    page.wait_for_selector("html[lang=sv]")
    assert page.get_by_role("link", name="Parter").is_visible()
    assert_accessible(page, "dashboard in Swedish")
    page.select_option("#language-select", "fi")
    page.get_by_role("button", name="Byt").click()
    page.wait_for_selector("html[lang=fi]")
    assert page.get_by_role("link", name="Osapuolet").is_visible()


def test_browse_parties_by_keyboard_and_link(page, official, seeded_parties):
    login(page, official)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("link", name="Osapuolet").click()
    page.wait_for_url("**/parties/")
    assert_accessible(page, "party list")
    page.fill("#id_q", "Hollola")
    page.get_by_role("button", name="Suodata").click()
    page.get_by_role("link", name="Hollolan kunta").click()
    assert page.locator("h1").inner_text() == "Hollolan kunta"
    assert page.get_by_text("0146248-5").is_visible()
    assert_accessible(page, "party detail")


def test_api_reference_is_accessible(page, official, seeded_parties):
    """/api/docs/ is the static reference made from the schema (cooperation.base.api_docs), no Swagger UI."""
    login(page, official)
    page.goto("/api/docs/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.get_by_role("heading", name="List joint procurements").is_visible()
    assert page.locator("script[src^='http']").count() == 0
    assert_accessible(page, "API reference")
