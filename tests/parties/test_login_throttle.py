"""Login throttling (issue 17): one account whatever its spelling, locked per account + address,
slowed (never locked) per account across addresses; the real address read behind the proxy."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from parties.login_throttle import KNOWN_DEVICE_COOKIE, client_ip, normalise_login
from tests.factories.parties import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/account/login/"


def _login(client, username, password=TEST_PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip,
                       HTTP_ACCEPT_LANGUAGE="en")


def test_case_and_space_variants_are_the_same_account(official):
    client = Client()
    email = official.email
    for variant in [email.upper(), f"  {email} ", email.title(), f"{email}\t"]:
        assert _login(client, variant, "wrong-password").status_code == 200
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {normalise_login(email)}
    assert _login(client, f" {email.upper()} ", "wrong-password").status_code == 429, \
        "the fifth failure under any spelling locks the account at this address"
    assert _login(client, email).status_code == 429, "even the right password, while locked"


def test_the_lockout_message_says_what_happened_and_what_still_works(official):
    client = Client()
    for _ in range(5):
        _login(client, official.email, "wrong-password")
    page = _login(client, official.email).content.decode()
    assert "Too many failed login attempts" in page
    assert "from this address is locked for 15 minutes" in page and "Reset your password" in page


def test_failures_from_another_address_do_not_lock_the_person_out_at_their_own(official):
    attacker = Client()
    for _ in range(4):
        assert _login(attacker, official.email, "wrong-password", ip="203.0.113.9").status_code == 200
    assert _login(attacker, official.email, "wrong-password", ip="203.0.113.9").status_code == 429
    assert _login(attacker, official.email, ip="203.0.113.9").status_code == 429
    # The person's own address: not locked. The account-wide back-off asks for at most a second here;
    # once it has passed, the right password works.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(seconds=2))
    response = _login(Client(), official.email, ip="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_many_addresses_are_slowed_per_account_but_a_known_browser_is_not(official):
    # The person has logged in from this browser before: it carries the signed known-device cookie.
    own = Client()
    assert _login(own, official.email, ip="198.51.100.7").status_code == 302
    assert KNOWN_DEVICE_COOKIE in own.cookies
    own.post("/account/logout/")
    # A guesser spread over many addresses: after five failures in all, each try has to wait.
    for n in range(7):
        _login(Client(), official.email, "wrong-password", ip=f"203.0.113.{n + 1}")
    refused = _login(Client(), official.email, ip="203.0.113.99")
    assert refused.status_code == 200
    assert "many failed attempts to log in to this account" in refused.content.decode()
    assert "Wait" in refused.content.decode() and "second" in refused.content.decode()
    assert AccessAttempt.objects.filter(ip_address="203.0.113.99").count() == 0, "a refused try is not a guess"
    # The person's known browser logs straight in, even while the guesser is being slowed.
    response = _login(own, official.email, ip="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_the_real_client_address_is_read_behind_the_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.1.1.1", "without a trusted proxy the header is ignored"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7", "the address the proxy saw, not the one the client wrote"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1")) == "10.1.1.1"


def test_behind_the_proxy_two_people_are_two_addresses(official, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        Client().post(LOGIN, {"username": official.email, "password": "wrong"}, REMOTE_ADDR="10.1.1.1",
                      HTTP_X_FORWARDED_FOR="203.0.113.9")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(seconds=2))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = Client().post(LOGIN, {"username": official.email, "password": TEST_PASSWORD},
                             REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302
