"""API tokens and the second factor (issue 17): a person whose role requires TOTP cannot use the API
with a bare token; machine clients use service accounts with expiring, scoped, logged tokens."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parties import roles
from parties.models import ApiToken, ApiTokenUse, Party, User
from tests.conftest import login_verified
from tests.factories.parties import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PARTY = {"kind": "municipality", "name_fi": "Uusi kunta", "business_id": "0149669-3"}


def _bare_token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}",
                       HTTP_ACCEPT_LANGUAGE="en")
    return client


def _service_token(*args) -> str:
    out = io.StringIO()
    call_command("create_service_token", *args, stdout=out)
    return out.getvalue().splitlines()[1]


def _bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.mark.parametrize("role", [roles.PORTAL_ADMIN, roles.SECRETARY])
def test_a_bare_token_of_a_person_who_needs_a_second_factor_is_refused(make_user, role):
    person = make_user(role)
    client = _bare_token_client(person)
    for response in (client.get("/api/v1/parties/"), client.post("/api/v1/bodies/", {"kind": "working_group",
                                                                                      "name_fi": "Uusi"})):
        assert response.status_code == 401
        assert "requires a second factor" in response.json()["detail"]
    assert not Party.objects.filter(name_fi="Uusi").exists()


def test_a_superusers_bare_token_is_refused_too(db):
    root = User.objects.create_superuser("root@test.example", TEST_PASSWORD)
    assert _bare_token_client(root).get("/api/v1/staff-transfers/").status_code == 401


def test_an_officials_personal_token_still_reads(official, seeded_parties):
    assert _bare_token_client(official).get("/api/v1/parties/").status_code == 200


def test_a_browser_session_that_passed_totp_keeps_using_the_api(admin_user, seeded_parties):
    client = APIClient()
    client.force_login(admin_user)
    response = client.get("/api/v1/parties/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "Two-factor" in response.json()["detail"]
    login_verified(client, admin_user)
    assert client.get("/api/v1/parties/").status_code == 200
    assert client.post("/api/v1/parties/", {**NEW_PARTY, "name_fi": "Istunnon kunta", "business_id": "0737546-2"},
                       format="json").status_code == 201


def test_a_read_scoped_service_token_reads_and_is_refused_a_write(seeded_parties):
    key = _service_token("tilastot@service.example", "--scope", "read", "--days", "30", "--role", roles.OFFICIAL)
    client = _bearer(key)
    assert client.get("/api/v1/parties/").status_code == 200
    refused = client.post("/api/v1/parties/", NEW_PARTY, format="json")
    assert refused.status_code == 403 and "parties:write" in refused.json()["detail"]
    token = ApiToken.objects.get()
    assert token.digest != key and key not in token.digest, "only the digest is stored"
    assert token.last_used_at is not None and token.last_used_ip == "127.0.0.1"
    uses = list(ApiTokenUse.objects.order_by("at").values_list("method", "path", "allowed"))
    assert uses == [("GET", "/api/v1/parties/", True), ("POST", "/api/v1/parties/", False)]


def test_a_write_scope_allows_exactly_its_app(seeded_parties):
    key = _service_token("hallinta@service.example", "--scope", "read", "--scope", "parties:write",
                         "--role", roles.PORTAL_ADMIN)
    client = _bearer(key)
    assert client.post("/api/v1/parties/", {**NEW_PARTY, "business_id": "0737546-2"},
                       format="json").status_code == 201
    refused = client.post("/api/v1/bodies/", {"kind": "working_group", "name_fi": "Uusi ryhmä"}, format="json")
    assert refused.status_code == 403 and "workgroups:write" in refused.json()["detail"]


def test_expired_and_revoked_tokens_are_refused(seeded_parties):
    key = _service_token("vanha@service.example", "--scope", "read", "--days", "1")
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = _bearer(key).get("/api/v1/parties/")
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=1),
                                                revoked_at=timezone.now())
    assert _bearer(key).get("/api/v1/parties/").status_code == 401
    assert _bearer("not-a-token").get("/api/v1/parties/").status_code == 401


def test_the_command_refuses_a_persons_account_and_bad_lifetimes(secretary):
    with pytest.raises(CommandError, match="a person's account"):
        _service_token(secretary.email, "--scope", "read")
    with pytest.raises(CommandError, match="--days"):
        _service_token("x@service.example", "--scope", "read", "--days", "400")
    assert not ApiToken.objects.exists()


def test_a_service_account_cannot_log_in_to_the_pages(db):
    _service_token("kone@service.example", "--scope", "read")
    account = User.objects.get(email="kone@service.example")
    assert account.is_service_account and not account.has_usable_password()
    account.set_password(TEST_PASSWORD)
    account.save()
    client = Client()
    response = client.post("/account/login/", {"username": account.email, "password": TEST_PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
