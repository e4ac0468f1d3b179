"""The security world, built once per test module inside a transaction that is rolled back at the end
(like TestCase.setUpTestData: each test runs in a savepoint inside it), with MEDIA_ROOT in a temporary
directory. Building it takes a few seconds; probing it takes milliseconds per request."""

import shutil
import tempfile

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from tests.security.world import build

    media = tempfile.mkdtemp(prefix="security-media-")
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ), translation.override("fi"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build()
            w.media_root = media
            # Log everyone in now: a session saved inside a test's savepoint would be rolled back with it.
            from tests.security.probe import client_for
            from tests.security.world import SESSION_ROLES, TOKEN_ROLES

            for role in (*SESSION_ROLES, *TOKEN_ROLES):
                client_for(w, role)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _role_groups():
    """The world synced the role groups once; the suite-wide per-test sync would dominate the probes."""


@pytest.fixture(scope="module", autouse=True)
def _counts(request):
    """At the end of a battery module, say how many probes or malformed inputs it sent (seen with -s)."""
    yield
    counter = getattr(request.module, "PROBES", None) or getattr(request.module, "CASES", None)
    if counter:
        print(f"\n{request.module.__name__}: {sum(counter.values())} sent ({dict(counter)})")
