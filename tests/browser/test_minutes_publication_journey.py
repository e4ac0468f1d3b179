"""Issue 11's journey: the secretary runs a two-item meeting from a new meeting to published minutes,
a checker without a portal account signs by the e-mailed link, and an anonymous visitor reads the
public minutes. Every page on the way is checked with axe (WCAG 2.1 A/AA). The secretary's clicks
from "new meeting" to "published" are counted (target: under 25)."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import assert_accessible, login
from tests.factories.workgroups import MembershipFactory
from tests.workgroups.conftest import R, build_world
from workgroups.models import Meeting, MinutesApproval

pytestmark = pytest.mark.browser

CLICK_BUDGET = 25


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Clicks:
    """Counts the secretary's clicks (links, buttons, checkboxes); typing and choosing in lists are not clicks."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state()

    def check(self, selector):
        self.count += 1
        self.page.check(selector)


def logout(page):
    page.locator("header form[action$='/logout/'] button").filter(visible=True).first.click()  # phone menu: a copy
    page.wait_for_load_state()


def test_two_item_meeting_to_public_minutes_with_a_checker_signing_by_link(page, make_user):
    w = build_world(make_user)
    outside = MembershipFactory(body=w.body, user=None, person_name="Kaisa Kuntalainen", email="kaisa@kunta.example",
                                role=R.MEMBER)
    login(page, w.secretary)
    page.goto(f"/groups/{w.body.pk}/")
    clicks = Clicks(page)
    clicks.click(f"a[href='/groups/{w.body.pk}/meetings/new/']")
    page.fill("#id_starts_at", "2026-06-01T10:00")
    page.fill("#id_location", "Hollolan kunnantalo")
    clicks.click("main form.stacked-form button[type=submit]")
    meeting = Meeting.objects.get(body=w.body)
    for title, publicity in (("Toimintasuunnitelma 2026", "public"), ("Palveluntuottajan tarjous", "not_public")):
        clicks.click(f"a[href='/groups/meetings/{meeting.pk}/items/new/']")
        page.fill("#id_title", title)
        page.fill("#id_proposal_text", f"{title} hyväksytään.")
        page.select_option("#id_publicity", publicity)
        if publicity == "not_public":
            page.select_option("#id_secrecy_ground", "JulkL 24 § 1 mom. 20 k")
            # The title goes on the public web only when the secretary says so (off by default).
            clicks.check("#id_title_is_public")
        clicks.click("main form.stacked-form button[type=submit]")
    clicks.click(f"a[href='/groups/meetings/{meeting.pk}/invitation/']")  # the preview: recipients, text
    clicks.click("#confirm-invitation")
    assert page.locator("#meeting-number").inner_text() == "1/2026"
    # The four standard opening items come first (§ 1–4).
    assert page.locator("h3", has_text="§ 6 Palveluntuottajan tarjous").is_visible()
    assert_accessible(page, "meeting with a published agenda")

    clicks.click(f"a[href='/groups/meetings/{meeting.pk}/attendance/']")
    clicks.click("main form button[type=submit]")
    clicks.click("#opening-items-decide")
    # The deliberation page and the standard agenda editor pass axe too (visited directly, not counted).
    first_item = meeting.items.filter(from_standard_agenda=False).order_by("order").first()
    page.goto(f"/groups/items/{first_item.pk}/deliberation/")
    assert page.locator("h2#counter-title").is_visible()
    assert_accessible(page, "deliberation page")
    page.goto(f"/groups/{w.body.pk}/standard-agenda/")
    assert_accessible(page, "standard agenda editor")
    page.goto(f"/groups/meetings/{meeting.pk}/")
    for n, item in enumerate(meeting.items.filter(from_standard_agenda=False).order_by("order")):
        clicks.click(f"a[href='/groups/items/{item.pk}/decision/']")
        if n == 0:
            assert_accessible(page, "decision form with the appeal route")
        clicks.click("main form button[type=submit]")
    clicks.click(f"a[href='/groups/meetings/{meeting.pk}/minutes/draft/']")
    clicks.check(f"input[name=checkers][value='{outside.pk}']")
    clicks.check(f"input[name=checkers][value='{w.m_member1.pk}']")
    assert_accessible(page, "checkers form")
    clicks.click("main form.stacked-form button[type=submit]")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.MINUTES_DRAFTED
    logout(page)

    # The checker without an account opens the link from her e-mail and signs; no login.
    message = next(m for m in mail.outbox if "kaisa@kunta.example" in m.to)
    link = re.search(r"http://\S+(/groups/check/\S+/)", message.body).group(1)
    page.goto(link)
    assert page.get_by_text("Toimintasuunnitelma 2026").first.is_visible()
    assert_accessible(page, "signing by link")
    page.locator("#approve-by-link").click()
    page.wait_for_load_state()
    assert page.locator("#link-status").is_visible()
    assert MinutesApproval.objects.filter(meeting=meeting, membership=outside, by_link=True).exists()

    for person in (w.member1, w.chair):
        login(page, person)
        page.goto(f"/groups/meetings/{meeting.pk}/")
        page.locator(f"form[action='/groups/meetings/{meeting.pk}/minutes/approve/'] button").click()
        page.wait_for_load_state()
        logout(page)
    assert Meeting.objects.get(pk=meeting.pk).is_locked

    TOTPDevice.objects.filter(user=w.secretary).update(last_t=-1)  # a second login in the same TOTP window
    login(page, w.secretary)
    page.goto(f"/groups/meetings/{meeting.pk}/")
    clicks.click(f"form[action='/groups/meetings/{meeting.pk}/minutes/publish/'] button")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PUBLISHED
    logout(page)
    print(f"\nSecretary's clicks from a new meeting to published minutes (two items): {clicks.count}")
    assert clicks.count < CLICK_BUDGET

    # An anonymous visitor reads the public minutes: the secret item shows its § and ground only.
    page.goto("/public/")
    assert_accessible(page, "public minutes list")
    page.locator(f"a[href='/public/minutes/{meeting.pk}/']").click()
    page.wait_for_load_state()
    assert page.locator("h2", has_text="§ 5 Toimintasuunnitelma 2026").is_visible()
    assert page.locator("h2", has_text="§ 6 Palveluntuottajan tarjous").is_visible()
    assert page.get_by_text("Palveluntuottajan tarjous hyväksytään.").count() == 0
    assert page.locator(".secrecy").first.inner_text().startswith("Salassa pidettävä")
    assert_accessible(page, "public minutes")
