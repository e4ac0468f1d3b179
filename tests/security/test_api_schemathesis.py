"""schemathesis against the OpenAPI schema (/api/schema/), in-process through the WSGI application
(issue 17, item 3): every operation, with generated parameters and bodies, must answer without a server
error and with a response that conforms to the schema (status-code documentation aside: drf-spectacular
does not list 401/403/404, which are the expected refusals here).

Two callers: an official with a token (every method), and a machine client's token (a role-less account,
GET only). Deterministic (derandomised) so CI runs the same cases each time; the case count per operation is
SCHEMATHESIS_EXAMPLES (default 8, the CI budget; raise it locally for a deeper run).
"""

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from cooperation.wsgi import application
from parties import roles
from tests.factories.parties import UserFactory

pytestmark = pytest.mark.schemathesis
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance,
          schemathesis.checks.content_type_conformance]


def _load_schema():
    """The same document /api/schema/ serves (drf-spectacular's generator), bound to the WSGI app.

    Generated in-process at collection time: loading it over WSGI would need the database, which pytest
    does not open while collecting (and schemathesis' lazy fixture loader does not run under pytest 9).
    """
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    document = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    loaded.location = "/api/schema/"
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_connection():
    """The WSGI app ends each request by closing "old" database connections, which would close the test's
    transaction; Django's own test client disconnects that handler the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def official_token(db):
    return Token.objects.create(user=UserFactory(roles=[roles.OFFICIAL])).key


@pytest.fixture
def machine_token(db):
    return Token.objects.create(user=UserFactory()).key


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_as_official(case, official_token):
    case.call_and_validate(headers={"Authorization": f"Token {official_token}"}, checks=CHECKS)


@schema.include(method="GET").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_as_machine_client(case, machine_token):
    case.call_and_validate(headers={"Authorization": f"Token {machine_token}"}, checks=CHECKS)
