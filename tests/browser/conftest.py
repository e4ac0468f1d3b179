"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server."""

import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import CHROMIUM
from tests.factories.parties import TEST_PASSWORD

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, user, password=TEST_PASSWORD):
    """Log in through the real form, answering the TOTP step with the device's current code."""
    page.goto("/account/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if "/account/otp/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
        page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def assert_accessible(page, context: str = ""):
    """axe-core (served from the installed package, no network) finds no WCAG 2.1 A/AA violations."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    # A click on a link returns before the next page has replaced the old one; axe run
    # in between finds no document. Wait for the navigation to settle, and run again
    # once if the document was still swapped underneath axe.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    page.wait_for_load_state("load")
    try:
        results = Axe().run(page, options=options)
    except PlaywrightError:
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options=options)
    violations = results.response["violations"]
    assert not violations, f"axe violations on {context or page.url}:\n" + results.generate_report()
