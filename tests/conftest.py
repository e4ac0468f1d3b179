"""Shared fixtures: people in every role, logged-in clients, and the browser harness."""

import os
import shutil

import pytest
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings

from parties import roles
from tests.factories.parties import UserFactory

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
# beside it in the live-server tests without this (the server itself runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Property tests check results, not speed: on a 2-core machine shared with the browser and worker
# tests, Hypothesis' per-example deadline and its "generation is slow" check fail at random.
settings.register_profile("portal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _pdf_deadline_for_a_loaded_machine(settings):
    """PDFs in requests have a 6 s deadline (cooperation.base.pdf); on a CI machine shared by many
    test processes an ordinary agenda can take longer, which would turn it into a 503. The tests of
    the deadline itself set their own (tests/workgroups/test_pdf_deadline.py)."""
    settings.PDF_REQUEST_TIME_LIMIT = 60


@pytest.fixture
def empty_cache():
    """The process-wide cache emptied before and after (cache tests must not see each other's entries)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Forget the content types' ids: a transactional test ends by flushing the database, and the flush
    creates the content types again under new ids, so ids cached earlier in this process would point
    at no row (auditlog wrote its entries under a dead id, and a page that joins the content type by
    name found no history — it depended on which tests the worker had run before)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _role_groups(db):
    """Role groups with their declared permissions, as after `migrate` (the test DB is flushed)."""
    roles.sync_roles()


@pytest.fixture(autouse=True)
def _reference_areas(db):
    """Statistics Finland's areas as the data migration loads them (a transactional test flushes them)."""
    from monitoring import classification
    from monitoring.models import ReferenceArea

    if not ReferenceArea.objects.exists():
        classification.load_file(classification.MUNICIPALITY_FILE)
        classification.load_file(classification.EMPLOYMENT_AREA_FILE)


@pytest.fixture
def make_user(db):
    def make(*role_names, **kwargs):
        if any(r in role_names for r in (roles.PORTAL_ADMIN, roles.SECRETARY)):
            kwargs.setdefault("totp", True)
        if roles.PORTAL_ADMIN in role_names:
            kwargs.setdefault("is_staff", True)
        return UserFactory(roles=list(role_names), **kwargs)

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user(roles.PORTAL_ADMIN)


@pytest.fixture
def secretary(make_user):
    return make_user(roles.SECRETARY)


@pytest.fixture
def steering_member(make_user):
    return make_user(roles.STEERING_MEMBER)


@pytest.fixture
def workgroup_member(make_user):
    return make_user(roles.WORKGROUP_MEMBER)


@pytest.fixture
def official(make_user):
    return make_user(roles.OFFICIAL)


@pytest.fixture
def outsider(make_user):
    """Logged in, but in no role and no body: must see only what is public."""
    return make_user()


def login_verified(client, user):
    """Log a test client in, past the two-factor step where the person has a device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(db):
    """client_for(user) → a django.test.Client logged in (and OTP-verified) as that person."""
    from django.test import Client

    def make(user):
        return login_verified(Client(), user)

    return make


@pytest.fixture
def api_client_for(db):
    """api_client_for(user) → a DRF APIClient as that person: with the person's token, or, for a
    person whose role requires a second factor (their bare token is refused), a session that
    passed TOTP, as the browser uses the API."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from parties.api_auth import requires_second_factor

    def make(user):
        client = APIClient()
        if user is not None and requires_second_factor(user):
            login_verified(client, user)
        elif user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def seeded_parties(db):
    call_command("seed_parties", verbosity=0)


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker process on the configured broker (filesystem, Redis or RabbitMQ), purged first."""
    from cooperation.celery import app
    from tests.worker import WorkerProcess

    app.control.purge()
    worker = WorkerProcess(tmp_path / "worker.log").start()
    yield worker
    worker.stop()


def requires_voikko() -> list:
    """Marks for search tests that need Voikko's Finnish analysis: skipped with the reason on a
    machine without it, an error in CI (`CI` set, as .ci/run does), where it must be installed."""
    from cooperation.base import finnish

    if finnish.voikko_available():
        return []
    if os.environ.get("CI"):
        raise RuntimeError("Voikko is missing in CI: install libvoikko1 and voikko-fi (.ci/run does)")
    return [pytest.mark.skip(reason="Voikko (Debian libvoikko1 and voikko-fi) is not installed")]
