import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.conftest import requires_voikko
from workgroups.models import Decision, Matter
from workgroups.search import search_decisions, search_matters

from .conftest import all_present, meeting_at

pytestmark = [pytest.mark.django_db, *requires_voikko()]


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


SECRET_WORD = "Salaisen työhönvalmennuksen tarjoushinnat"


@pytest.fixture
def secret_scene(world, make_user):
    """A published meeting with a public item and a non-public one whose text is confidential."""
    from parties import roles

    from .conftest import published_meeting

    w = world
    w.outsider = make_user(roles.STEERING_MEMBER)
    w.meeting = published_meeting(w, items=2, publicity=["public", "not_public"])
    public, secret = w.meeting.items.order_by("order")
    w.public, w.secret = public.decision, secret.decision
    # The minutes are locked: texts set past the services, then the index rebuilt as after an import.
    Decision.objects.filter(pk=w.public.pk).update(text="Työhönvalmennus hankitaan yhteishankintana.")
    Decision.objects.filter(pk=w.secret.pk).update(text=SECRET_WORD)
    call_command("rebuild_search_index", stdout=io.StringIO())
    return w


def test_a_non_public_decision_is_never_found_nor_shown_to_a_non_member(secret_scene, client_for):
    w = secret_scene
    for who, sees_secret in ((w.outsider, False), (w.member1, True)):
        found = set(search_decisions(Decision.objects.visible_to(who), "työhönvalmennus"))
        assert w.public in found
        assert (w.secret in found) == sees_secret
        client = client_for(who)
        for url in (reverse("workgroups:search") + "?q=työhönvalmennuksen",
                    reverse("workgroups:decision-list") + "?q=työhönvalmennuksen",
                    reverse("workgroups:search") + "?q=tarjoushinta"):
            html = client.get(url).content.decode()
            assert ("tarjoushinnat" in html) == sees_secret, (url, who)
        api = client.get("/api/v1/decisions/", {"text": "tarjoushinta"}).json()["results"]
        assert bool(api) == sees_secret


def test_the_result_pages_show_the_highlighted_passage(secret_scene, client_for):
    w = secret_scene
    html = client_for(w.member1).get(reverse("workgroups:search") + "?q=työhönvalmennuksen").content.decode()
    assert "<mark>Salaisen</mark>" not in html
    assert "<mark>työhönvalmennuksen</mark>" in html or "<mark>Työhönvalmennus</mark>" in html
    html = client_for(w.member1).get(reverse("workgroups:decision-list") + "?q=hankinta").content.decode()
    assert '<p class="search-passage">' in html and "<mark>" in html


def test_the_site_search_finds_agreements_procurements_and_action_items(world, client_for, make_user):
    from tests.factories.cooperation import AgreementFactory
    from tests.factories.procurement import ProcurementFactory
    from workgroups.models import ActionItem

    w = world
    AgreementFactory(title_fi="Työllisyysalueen yhteistyösopimus", purpose="Kuntien yhteistyö.")
    ProcurementFactory(title="Työhönvalmennuksen yhteishankinta", description="Hankinnan kuvaus.")
    ActionItem.objects.create(body=w.body, title="Sopimuksen allekirjoitus", due_date="2026-05-01", owner=w.member1)
    html = client_for(w.member1).get(reverse("workgroups:search") + "?q=sopimuksen").content.decode()
    assert "Työllisyysalueen yhteistyösopimus" in html and "Sopimuksen allekirjoitus" in html
    html = client_for(w.member1).get(reverse("workgroups:search") + "?q=hankinnat").content.decode()
    assert "Työhönvalmennuksen yhteishankinta" in html
    # Procurements are the parties' members' matters (ProcurementQuerySet.visible_to): not everyone's.
    outsider = make_user()  # logged in, no role
    html = client_for(outsider).get(reverse("workgroups:search") + "?q=hankinnat").content.decode()
    assert "Työhönvalmennuksen yhteishankinta" not in html


def test_who_finds_follows_membership_and_publicity_without_rewriting_documents(secret_scene, client_for):
    """Visibility is the searched model's visible_to joined in the same SQL, never stored in the document:
    an ended membership or a change of publicity takes effect at once, with the documents untouched."""
    import datetime as dt

    from cooperation.base.models import SearchDocument
    from workgroups.models import AgendaItem

    w = secret_scene
    documents = list(SearchDocument.objects.order_by("pk").values_list("pk", "updated_at"))

    def finds(who, query="tarjoushinta"):
        return w.secret in set(search_decisions(Decision.objects.visible_to(who), query))

    assert finds(w.member1) and not finds(w.outsider)
    w.m_member1.end = dt.date.today() - dt.timedelta(days=1)
    w.m_member1.save()  # the register syncs the body's permissions
    assert not finds(w.member1)
    html = client_for(w.member1).get(reverse("workgroups:decision-list") + "?q=tarjoushinta").content.decode()
    assert "<mark>tarjoushinnat</mark>" not in html.lower()
    # visibility: a test of the rule's effect; the publicity is changed past the services as in an import
    AgendaItem.objects.filter(pk=w.secret.agenda_item_id).update(publicity="public", secrecy_ground="")
    assert finds(w.outsider) and finds(w.member1)
    AgendaItem.objects.filter(pk=w.secret.agenda_item_id).update(publicity="not_public",
                                                                 secrecy_ground="JulkL 24 § 1 mom. 20 k")
    assert not finds(w.outsider) and not finds(w.member1)
    assert list(SearchDocument.objects.order_by("pk").values_list("pk", "updated_at")) == documents


def test_a_cursor_at_a_row_one_may_not_see_shows_only_visible_rows(secret_scene, client_for, api_client_for):
    w = secret_scene
    s = w.secret
    visible = set(Decision.objects.visible_to(w.outsider).values_list("pk", flat=True))
    api = api_client_for(w.outsider)
    at = f"{s.section_year}.{s.body_id}"
    for key in (f"{at}.{s.section_number}", f"{at}.{s.section_number + 1}", f"{s.section_year + 1}.0.0", "0.0.0",
                "999999999999.999999999999.999999999999"):
        for side in ("after", "before"):
            html = client_for(w.outsider).get(reverse("workgroups:decision-list"), {side: key, "q": "tarjoushinta"})
            assert html.status_code == 200 and "tarjoushinnat" not in html.content.decode().lower()
            response = api.get("/api/v1/decisions/", {side: key})
            assert response.status_code == 200
            assert {row["id"] for row in response.json()["results"]} <= visible
