"""Small leaks and hardening from issue 17: /healthz, file caching, session length, PDF headers."""

import io

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from cooperation.base.downloads import PrivateDownloadsMiddleware
from tests.factories.parties import TEST_PASSWORD
from tests.workgroups.conftest import build_world, meeting_at

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_healthz_keeps_its_status_fields_but_names_the_broker_only_to_staff(client, client_for, admin_user):
    public = client.get("/healthz").json()
    assert {"status", "database", "broker", "last_worker_heartbeat"} <= set(public)
    assert "broker_transport" not in public
    staff = client_for(admin_user).get("/healthz").json()
    assert staff["broker_transport"] == settings.CELERY_BROKER_URL.split("://", 1)[0]


def test_pdfs_and_downloads_are_private_and_not_stored(make_user, client_for):
    w = build_world(make_user)
    meeting = meeting_at(w, items=1)
    response = client_for(w.secretary).get(reverse("workgroups:agenda-pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control and "public" not in cache_control


@pytest.mark.parametrize(("content_type", "disposition", "covered"), [
    ("application/pdf", None, True),
    ("text/csv; charset=utf-8", None, True),
    ("application/json", 'attachment; filename="x.json"', True),
    ("text/calendar", None, True),
    ("text/html; charset=utf-8", None, False),
])
def test_every_file_response_is_marked_whatever_the_view_set(content_type, disposition, covered):
    def view(request):
        response = HttpResponse(b"x", content_type=content_type)
        response["Cache-Control"] = "public, max-age=3600"
        if disposition:
            response["Content-Disposition"] = disposition
        return response

    response = PrivateDownloadsMiddleware(view)(RequestFactory().get("/"))
    assert (set(response["Cache-Control"].split(", ")) == {"private", "no-store"}) == covered


def test_a_login_lasts_a_working_day_and_ends_with_the_browser(client, official):
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 10 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.post("/account/login/", {"username": official.email, "password": TEST_PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == "", "a browser-session cookie"
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_css_string_escapes_for_a_css_string_not_for_javascript():
    rendered = Template('{% load pdf_css %}"{{ name|css_string }}"').render(
        Context({"name": 'Työ-ryhmä "A" \'B\' </style>\\'}))
    assert "u002D" not in rendered and "Työ-ryhmä" in rendered
    assert rendered == '"Työ-ryhmä \\000022A\\000022 \\000027B\\000027 \\00003C/style\\00003E\\00005C"'


def test_the_pdf_page_header_prints_a_body_name_with_hyphen_and_quotes(make_user, client_for):
    w = build_world(make_user)
    w.body.name_fi = 'Päijät-Häme "Työ" ja \'elinvoima\''
    w.body.save()
    meeting = meeting_at(w, items=1)
    data = client_for(w.secretary).get(reverse("workgroups:agenda-pdf", args=[meeting.pk])).content
    text = _pdf_text(data)
    assert "u002D" not in text and "u0022" not in text
    assert 'Päijät-Häme "Työ" ja \'elinvoima\'' in text
