import time

from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.parties import TEST_PASSWORD


def _login(client, email, password=TEST_PASSWORD):
    return client.post("/account/login/", {"username": email, "password": password})


def test_login_with_email_reaches_the_dashboard(client, official):
    response = _login(client, official.email.upper())
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    page = client.get("/dashboard/").content.decode()
    assert official.party.name_fi in page


def test_login_is_throttled_after_repeated_failures(client, official):
    for _ in range(5):
        _login(client, official.email, "wrong-password")
    response = _login(client, official.email)  # even the right password is refused while locked
    assert response.status_code == 429


def test_secretary_must_pass_totp_before_anything_else(client, secretary):
    assert _login(client, secretary.email).status_code == 302
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/account/otp/")
    assert client.get("/api/v1/parties/").status_code == 403
    device = TOTPDevice.objects.get(user=secretary)
    assert client.post("/account/otp/", {"token": "000000", "next": "/dashboard/"}).status_code == 200
    time.sleep(1.1)  # django-otp throttles the next try for a second after a wrong code
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/account/otp/", {"token": code, "next": "/dashboard/"})["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_admin_without_device_is_sent_to_setup(client, make_user):
    admin = make_user("portal_admin", totp=False)
    _login(client, admin.email)
    assert client.get("/account/otp/").headers["Location"].startswith("/account/otp/setup/")
    page = client.get("/account/otp/setup/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    client.post("/account/otp/setup/", {"token": code})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/dashboard/").status_code == 200


def test_official_needs_no_second_factor(client, official):
    _login(client, official.email)
    assert client.get("/dashboard/").status_code == 200


def test_password_reset_sends_an_email(client, official):
    response = client.post("/account/password_reset/", {"email": official.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and official.email in mail.outbox[0].to
    assert "/account/reset/" in mail.outbox[0].body


def test_error_pages_are_ours(client, official, client_for):
    response = client_for(official).get("/no-such-page/")
    assert response.status_code == 404
    assert "main" in response.content.decode()
