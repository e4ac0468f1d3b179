"""Personal data in searchable texts (kuntalaki 140 §, workgroups.personal_data): a private person's name
marked "[[…]]" in the minutes is shown to people who are logged in, and on the public web until the appeal
period ends. The open API's anonymous clients found a decision by such a name (and read the name in its
text, marks and all, after the period); search passages showed the marks."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from parties import roles
from tests.conftest import requires_voikko
from workgroups.models import Decision, Meeting

from .conftest import published_meeting

pytestmark = [pytest.mark.django_db, *requires_voikko()]

TEXT = "Valmentajaksi valittiin [[Matti Meikäläinen]] kolmeksi vuodeksi."


@pytest.fixture
def named(world):
    w = world
    meeting = published_meeting(w, items=1)
    w.decision = meeting.items.get().decision
    # The minutes are locked: the text set past the services, then the index rebuilt as after an import.
    Decision.objects.filter(pk=w.decision.pk).update(text=TEXT, dissent="Eri mieltä oli [[Liisa Virtanen]].")
    call_command("rebuild_search_index", stdout=io.StringIO())
    w.meeting = meeting
    return w


def _texts(response) -> str:
    return " ".join(f"{row['text']} {row['dissent']}" for row in response.json()["results"])


def test_open_data_search_does_not_match_marked_names(named, make_user, api_client_for):
    anonymous = APIClient()
    assert anonymous.get("/api/v1/decisions/", {"text": "Meikäläinen"}).json()["results"] == []
    assert anonymous.get("/api/v1/decisions/", {"text": "Meikäläisen Matti"}).json()["results"] == []
    assert anonymous.get("/api/v1/decisions/", {"text": "Virtanen"}).json()["results"] == []
    found = anonymous.get("/api/v1/decisions/", {"text": "valmentaja"})
    assert [row["id"] for row in found.json()["results"]] == [named.decision.pk]
    # Logged in, the name is on the meeting page, and so it is found.
    someone = api_client_for(make_user(roles.STEERING_MEMBER))
    found = someone.get("/api/v1/decisions/", {"text": "Meikäläisen"}).json()["results"]
    assert [row["id"] for row in found] == [named.decision.pk]


def test_open_data_shows_the_name_until_the_appeal_period_ends_and_never_the_marks(named):
    anonymous = APIClient()
    text = _texts(anonymous.get("/api/v1/decisions/"))
    assert "Matti Meikäläinen" in text and "Liisa Virtanen" in text and "[[" not in text
    Meeting.objects.filter(pk=named.meeting.pk).update(published_at=timezone.now() - dt.timedelta(days=40))
    text = _texts(anonymous.get("/api/v1/decisions/"))
    assert "Meikäläinen" not in text and "Virtanen" not in text and "[[" not in text
    assert "[personal data removed]" in text
    detail = anonymous.get(f"/api/v1/decisions/{named.decision.pk}/").json()
    assert "Meikäläinen" not in detail["text"]


def test_a_search_passage_shows_the_name_without_the_marks(named, client_for):
    html = client_for(named.member1).get(reverse("workgroups:search"), {"q": "Meikäläinen"}).content.decode()
    assert "<mark>Meikäläinen</mark>" in html and "[[" not in html
