"""A PDF rendered inside a request is bounded (cooperation.base.pdf): with the largest texts the
limits allow, the agenda answers within 10 s — the PDF, or past the deadline a 503 with a message."""

import time

from django.urls import reverse

from cooperation.base.limits import TEXT_MAX_LENGTH
from tests.factories.workgroups import AgendaItemFactory, MeetingFactory

WORDS = "Työllisyyden kuntakokeilun loppuraportti ja jatkotoimenpiteet Päijät-Hämeessä. "


def _largest_allowed(text: str = WORDS) -> str:
    return (text * (TEXT_MAX_LENGTH // len(text) + 1))[:TEXT_MAX_LENGTH]


def test_an_agenda_of_the_largest_allowed_texts_answers_within_ten_seconds(world, client_for, settings):
    settings.PDF_REQUEST_TIME_LIMIT = 6  # the production default
    meeting = MeetingFactory(body=world.body)
    for _ in range(3):
        AgendaItemFactory(meeting=meeting, background=_largest_allowed(), proposal_text=_largest_allowed())
    started = time.monotonic()
    response = client_for(world.secretary).get(reverse("workgroups:agenda-pdf", args=[meeting.pk]))
    took = time.monotonic() - started
    print(f"agenda of 6 × {TEXT_MAX_LENGTH} characters: {response.status_code} in {took:.1f} s")
    assert took < 10
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")
    else:
        assert response.status_code == 503
        assert "too long to be made into a PDF" in response.content.decode()
        assert response["Retry-After"] == "60"


def test_past_the_deadline_the_render_is_stopped_with_a_message(world, client_for, settings):
    settings.PDF_REQUEST_TIME_LIMIT = 0.3
    meeting = MeetingFactory(body=world.body)
    AgendaItemFactory(meeting=meeting, background=_largest_allowed("rivi\n"))
    started = time.monotonic()
    response = client_for(world.secretary).get(reverse("workgroups:agenda-pdf", args=[meeting.pk]))
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert "too long to be made into a PDF" in response.content.decode()


def test_a_normal_agenda_still_renders(world, client_for):
    meeting = MeetingFactory(body=world.body)
    AgendaItemFactory(meeting=meeting, background="Lyhyt tausta.")
    response = client_for(world.secretary).get(reverse("workgroups:agenda-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
