"""Whole numbers read from a request (cooperation.base.query_params): `str.isdigit()` accepted "²" and
"٣" and any number of digits, and int() then failed, so `?body=²` or a cursor "².1.1" answered 500."""

import pytest

from cooperation.base.pagination import Keyset
from cooperation.base.query_params import plain_int
from parties import roles

NOT_NUMBERS = ["²", "٣", "１", "-1", "1.0", " 1", "1e3", "", "9" * 5000]


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_only_ascii_digits_within_a_database_integer_are_a_number(raw):
    assert plain_int(raw) is None


def test_a_number_is_read():
    assert plain_int("0") == 0
    assert plain_int("2026") == 2026
    assert plain_int("9" * 18) == int("9" * 18)
    assert plain_int("9" * 19) is None
    assert plain_int("20266", max_digits=4) is None


def test_a_cursor_of_other_digits_is_no_cursor():
    keyset = Keyset("section_year", "body_id", "section_number")
    assert keyset.parse("2026.3.14") == (2026, 3, 14)
    for raw in ("².1.1", "1.1.²", "٣.٣.٣", "1.1.1234567890123", "1.1", None):
        assert keyset.parse(raw) is None, raw


@pytest.mark.django_db
def test_lists_ignore_ids_and_cursors_that_are_not_numbers(make_user, client_for, api_client_for):
    admin = make_user(roles.PORTAL_ADMIN)
    client, api = client_for(admin), api_client_for(admin)
    for value in ("²", "٣", "9" * 5000):
        for url, key in (("/groups/actions/", "body"), ("/groups/actions/", "party"),
                         ("/groups/decisions/", "after"), ("/groups/decisions/", "before")):
            assert client.get(url, {key: value}).status_code == 200, (url, key, value)
        for url, key in (("/api/v1/quotas/", "year"), ("/api/v1/decisions/", "after"),
                         ("/api/v1/decisions/", "before")):
            response = api.get(url, {key: value})
            assert response.status_code == 200, (url, key, value)
            assert response.json()["previous"] is None  # the first page, as for no cursor
