"""The portal on a phone (issue 15, item 4): at 375 × 812 the header is one line (the title and a menu
button), the menu opens without JavaScript (<details>) and its links work, and no main page scrolls
sideways: wide tables scroll inside their own focusable region. Screenshots go to the test's tmp dir."""

import pytest

from parties import roles
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
MAIN_PAGES = ("/dashboard/", "/agreements/", "/groups/", "/groups/decisions/", "/groups/actions/",
              "/procurement/", "/monitoring/", "/parties/", "/parties/employment-areas/", "/programme/")


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page with JavaScript off: the menu must work without it."""
    context = browser.new_context(base_url=live_server.url, locale="fi-FI", viewport=PHONE,
                                  java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_js(browser, live_server):
    """A phone-sized page with JavaScript on (axe and the page measurements run scripts)."""
    context = browser.new_context(base_url=live_server.url, locale="fi-FI", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _one_line_header(page):
    header = page.locator("header.site-header").bounding_box()
    button = page.locator(".phone-menu > summary").bounding_box()
    title = page.locator(".site-title").bounding_box()
    # One line: the title and the menu button side by side, the header no taller than its tallest
    # item plus the padding (0.4 rem above and below).
    assert abs(title["y"] + title["height"] / 2 - (button["y"] + button["height"] / 2)) < 4
    assert header["height"] <= max(button["height"], title["height"]) + 16, header
    return header


def test_phone_header_is_one_line_and_its_menu_works_without_javascript(phone, make_user, seeded_parties,
                                                                        tmp_path):
    user = make_user(roles.PORTAL_ADMIN)
    login(phone, user)
    _one_line_header(phone)
    assert not phone.get_by_role("navigation", name="Päävalikko").is_visible()
    phone.screenshot(path=tmp_path / "dashboard-menu-closed.png", full_page=False)

    phone.get_by_text("Valikko").click()
    menu = phone.get_by_role("navigation", name="Päävalikko")
    assert menu.is_visible()
    assert phone.get_by_role("button", name="Kirjaudu ulos").is_visible()
    phone.screenshot(path=tmp_path / "dashboard-menu-open.png", full_page=False)

    menu.get_by_role("link", name="Osapuolet").click()
    phone.wait_for_url("**/parties/")
    assert phone.locator("h1").inner_text() == "Osapuolet"
    _one_line_header(phone)


def test_no_main_page_scrolls_sideways_on_a_phone(phone_js, make_user, seeded_parties, tmp_path):
    phone = phone_js
    user = make_user(roles.PORTAL_ADMIN)
    login(phone, user)
    phone.get_by_text("Valikko").click()
    assert_accessible(phone, "phone menu open")
    wide = []
    for url in MAIN_PAGES:
        response = phone.goto(url)
        assert response.status == 200, url
        _one_line_header(phone)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        phone.screenshot(path=tmp_path / f"{url.strip('/').replace('/', '-') or 'home'}.png", full_page=True)
        if width > PHONE["width"]:
            wide.append(f"{url}: {width} px")
    assert not wide, "pages wider than the phone: " + ", ".join(wide)
    # The party list's table is wider than the phone: it scrolls in its own region, which a keyboard
    # reaches (tabindex=0) and a screen reader names.
    phone.goto("/parties/")
    region = phone.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
    assert phone.evaluate("el => el.scrollWidth > el.clientWidth", region.element_handle())
