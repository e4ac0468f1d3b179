"""The dashboard's per-person panel cache: a write shows on the next load, nobody sees another
person's panel, and the cache really is used (fewer queries on a repeated load).

These tests commit (transaction=True): the data version changes only after a commit, and a
transaction with uncommitted writes bypasses the cache (tested below as well).
"""

import datetime as dt
import re
import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.base import data_version
from parties import roles
from parties.models import ContactPerson
from tests.factories.parties import ContactPersonFactory, PartyFactory
from tests.factories.workgroups import BodyFactory, MeetingFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def _load(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_repeated_load_is_served_from_the_cache_with_the_same_page(client_for, make_user):
    party = PartyFactory(name_fi="Välimuistin kunta")
    ContactPersonFactory(party=party, name="Eeva Esimerkki")
    client = client_for(make_user(roles.OFFICIAL, party=party))
    first, first_queries = _load(client)
    second, second_queries = _load(client)
    # The same page, but for the language form's CSRF token, which is masked anew on every response.
    def unmasked(page):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert unmasked(second) == unmasked(first) and "Eeva Esimerkki" in second
    # Cached: session, person and the data version (roles, permissions and panels come from the
    # cache under it). Uncached: 20 and more.
    assert second_queries == 3 < first_queries


def test_a_save_shows_on_the_next_load(client_for, make_user):
    party = PartyFactory()
    client = client_for(make_user(roles.OFFICIAL, party=party))
    _load(client)
    ContactPersonFactory(party=party, name="Uusi Yhteyshenkilö")
    assert "Uusi Yhteyshenkilö" in _load(client)[0]


def test_update_and_bulk_writes_show_on_the_next_load(client_for, make_user):
    """QuerySet.update() and bulk_create() send no model signals; the version still changes."""
    party = PartyFactory()
    contact = ContactPersonFactory(party=party, name="Vanha Nimi")
    client = client_for(make_user(roles.OFFICIAL, party=party))
    assert "Vanha Nimi" in _load(client)[0]
    ContactPerson.objects.filter(pk=contact.pk).update(name="Päivitetty Nimi")
    page = _load(client)[0]
    assert "Päivitetty Nimi" in page and "Vanha Nimi" not in page
    ContactPerson.objects.bulk_create([ContactPerson(party=party, name="Massana Lisätty", email="m@kunta.example")])
    assert "Massana Lisätty" in _load(client)[0]


def test_a_write_from_another_connection_ends_this_process_cache(client_for, make_user):
    """Another gunicorn process or the worker writes through its own connection; nothing is
    deleted from this process's cache, the data version in the database moves on."""
    party = PartyFactory()
    client = client_for(make_user(roles.OFFICIAL, party=party))
    _load(client)
    old_keys = set(cache._cache)  # LocMem's store: the entries this process holds

    def elsewhere():
        ContactPersonFactory(party=party, name="Toisesta Prosessista")
        connection.close()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert old_keys <= set(cache._cache)  # the old entries are still there, just unreachable
    assert "Toisesta Prosessista" in _load(client)[0]


def test_one_persons_cached_panel_never_reaches_another(client_for, make_user):
    first_party, second_party = PartyFactory(), PartyFactory()
    first = client_for(make_user(roles.OFFICIAL, party=first_party))
    second = client_for(make_user(roles.OFFICIAL, party=second_party))
    admin = client_for(make_user(roles.PORTAL_ADMIN, party=None))
    first_link, second_link = f'href="/parties/{first_party.pk}/"', f'href="/parties/{second_party.pk}/"'
    for _ in range(2):  # the second round is served from the cache
        one, two, three = _load(first)[0], _load(second)[0], _load(admin)[0]
        assert first_link in one and second_link not in one
        assert second_link in two and first_link not in two
        assert first_link not in three and second_link not in three
        assert "Tiliäsi ei ole liitetty organisaatioon" in three  # the admin's own panel


def test_losing_a_role_shows_on_the_next_load(client_for, make_user):
    """Roles are data too: the monthly reports panel goes with the role that gave it."""
    person = make_user(roles.OFFICIAL)
    client = client_for(person)
    assert "/monitoring/reports/" in _load(client)[0]
    person.groups.clear()
    assert "/monitoring/reports/" not in _load(client)[0]


def test_uncommitted_writes_of_the_request_bypass_the_cache(client_for, make_user):
    party = PartyFactory()
    client = client_for(make_user(roles.OFFICIAL, party=party))
    _load(client)
    with transaction.atomic():
        ContactPersonFactory(party=party, name="Kesken Oleva")
        assert data_version.has_uncommitted_writes()
        assert "Kesken Oleva" in _load(client)[0]
        transaction.set_rollback(True)
    assert not data_version.has_uncommitted_writes()
    assert "Kesken Oleva" not in _load(client)[0]


def test_an_upcoming_meeting_leaves_the_cached_panel_when_it_starts(client_for, make_user):
    starts = timezone.now() + dt.timedelta(hours=2)
    meeting = MeetingFactory(body=BodyFactory(), starts_at=starts)
    client = client_for(make_user(roles.PORTAL_ADMIN))
    link = f"/groups/meetings/{meeting.pk}/"
    assert link in _load(client)[0]
    later = starts + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert link not in _load(client)[0]


def test_sessions_heartbeats_and_the_audit_log_do_not_count_as_writes():
    assert data_version.is_tracked_write('INSERT INTO "parties_contactperson" ("name") VALUES (%s)')
    assert data_version.is_tracked_write('UPDATE "auth_group" SET "name" = %s')
    assert data_version.is_tracked_write("delete from workgroups_membership where id = 1")
    assert data_version.is_tracked_write('TRUNCATE "django_session", "parties_party"')
    assert data_version.is_tracked_write("WITH x AS (SELECT 1) UPDATE t SET a = 1")
    assert not data_version.is_tracked_write("WITH x AS (SELECT 1) SELECT * FROM x")
    assert not data_version.is_tracked_write('SELECT * FROM "parties_party"')
    assert not data_version.is_tracked_write('UPDATE "django_session" SET "session_data" = %s')
    assert not data_version.is_tracked_write('INSERT INTO "base_workerheartbeat" ("hostname") VALUES (%s)')
    assert not data_version.is_tracked_write('INSERT INTO "auditlog_logentry" ("action") VALUES (%s)')
    assert not data_version.is_tracked_write('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)')
    assert not data_version.is_tracked_write('UPDATE "otp_totp_totpdevice" SET "last_t" = %s')
