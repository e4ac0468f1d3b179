import pytest
from django.db import connection

from workgroups.models import Decision, Matter
from workgroups.search import search_decisions, search_matters

from .conftest import all_present, meeting_at

pytestmark = pytest.mark.django_db


def test_search_finds_words_compounds_and_register_numbers(world):
    w = world
    meeting = meeting_at(w, items=0)
    from workgroups import services

    matter = services.matter_create(body=w.body, title="Työhönvalmennuksen yhteishankinta", acting_user=w.secretary,
                                    register_number="TYO/7/2026")
    item = services.agenda_item_add(meeting=meeting, title="Työhönvalmennuksen yhteishankinta", matter=matter,
                                    proposal_text="Käynnistetään hankinta.", acting_user=w.secretary)
    services.agenda_item_add(meeting=meeting, title="Viestintäsuunnitelma", acting_user=w.secretary)
    all_present(w, meeting)
    for i in meeting.items.all():
        services.decision_record(item=i, resolution="approved", text="Hyväksyttiin.", acting_user=w.secretary)
    item.refresh_from_db()
    decisions = Decision.objects.all()
    assert list(search_decisions(decisions, "yhteishankinta")) == [item.decision]
    assert list(search_decisions(decisions, "TYO/7/2026")) == [item.decision]
    assert search_decisions(decisions, "suunnitelma").count() == 1  # part of a compound
    assert search_decisions(decisions, "olematon sana").count() == 0
    assert list(search_matters(Matter.objects.all(), "yhteishankinta")) == [matter]
    if connection.vendor == "postgresql":
        # Stemming with the finnish configuration: an inflected form finds the base form.
        assert list(search_decisions(decisions, "yhteishankinnan")) == [item.decision]
