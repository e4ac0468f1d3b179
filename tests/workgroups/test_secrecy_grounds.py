"""Item 7 (part) of issue 11: secrecy grounds from a controlled list (JulkL 24 § 1 mom. 1–32 and other acts),
validated on the model, chosen from a select, shown as "Salassa pidettävä, JulkL 24 § 1 mom. 25 k." on
Finnish pages and with the Swedish citation on Swedish ones; free text from before the list still shows."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from cooperation.base import secrecy_grounds
from workgroups import services
from workgroups.forms import AgendaItemForm
from workgroups.models import AgendaItem

from .conftest import all_present, lock, meeting_at

pytestmark = pytest.mark.django_db

GROUND = "JulkL 24 § 1 mom. 25 k"


def test_the_list_has_the_32_points_and_other_acts_in_finnish_and_swedish():
    julkl = [g for g in secrecy_grounds.SECRECY_GROUNDS if g.code.startswith("JulkL 24")]
    assert [g.code for g in julkl] == [f"JulkL 24 § 1 mom. {n} k" for n in range(1, 33)]
    point25 = secrecy_grounds.ground_for(GROUND)
    assert point25.citation("fi") == "JulkL 24 § 1 mom. 25 k." and point25.citation("sv") == "OffL 24 § 1 mom. 25 p."
    assert "Sosiaalihuollon" in point25.title("fi") and "socialvården" in point25.title("sv")
    assert "yksityiselämä" in secrecy_grounds.ground_for("JulkL 24 § 1 mom. 32 k").title("fi").lower()
    others = {g.code for g in secrecy_grounds.SECRECY_GROUNDS} - {g.code for g in julkl}
    assert {"SosAsiakasL 812/2000 14 §", "KuntaL 410/2015 140 §"} <= others
    assert all(g.title_fi and g.title_sv and g.title_en and g.citation_sv for g in secrecy_grounds.SECRECY_GROUNDS)


def test_model_validation_takes_only_listed_grounds_and_one_spelling(world):
    w = world
    meeting = meeting_at(w, items=1)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(meeting=meeting, acting_user=w.secretary, title="Salainen",
                                 publicity="not_public", secrecy_ground="koska niin sovittiin 5 §")
    assert "secrecy_ground" in exc.value.message_dict
    assert "koska niin sovittiin" in " ".join(exc.value.message_dict["secrecy_ground"])
    assert meeting.items.count() == 1  # nothing written
    item = services.agenda_item_add(meeting=meeting, acting_user=w.secretary, title="Salainen",
                                    publicity="not_public", secrecy_ground="julkl 24 § 1 mom 25 kohta")
    assert AgendaItem.objects.get(pk=item.pk).secrecy_ground == GROUND


def test_the_form_offers_a_select_of_the_list_in_the_readers_language():
    with translation.override("sv"):
        form = AgendaItemForm()
        html = str(form["secrecy_ground"])
    assert html.startswith("<select") and "OffL 24 § 1 mom. 25 p." in html and f'value="{GROUND}"' in html
    bad = AgendaItemForm(data={"title": "x", "publicity": "not_public", "secrecy_ground": "omasta päästä"})
    assert not bad.is_valid() and "secrecy_ground" in bad.errors


def _published_with_secret(w):
    meeting = meeting_at(w, items=2)
    _first, secret = meeting.items.order_by("order")
    AgendaItem.objects.filter(pk=secret.pk).update(publicity="not_public", secrecy_ground=GROUND,
                                                title="Asiakkaan tukipäätös", title_is_public=True)
    all_present(w, meeting)
    for item in meeting.items.order_by("order"):
        services.decision_record(item=item, resolution="approved", text="Päätös.", acting_user=w.secretary)
    lock(w, meeting)
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    return meeting


def test_public_page_shows_the_marking_in_finnish_and_swedish(world, client):
    meeting = _published_with_secret(world)
    url = reverse("public:minutes", args=[meeting.pk])
    finnish = client.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Salassa pidettävä, JulkL 24 § 1 mom. 25 k." in finnish
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Sekretessbelagd, OffL 24 § 1 mom. 25 p." in swedish and "socialvården" in swedish


def test_free_text_from_before_the_list_still_shows_and_known_spellings_are_mapped(world, client):
    w = world
    meeting = _published_with_secret(w)
    item = meeting.items.get(order=2)
    AgendaItem.objects.filter(pk=item.pk).update(secrecy_ground="Hallituksen päätös 3 §")  # an old free text
    page = client.get(reverse("public:minutes", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Salassa pidettävä, Hallituksen päätös 3 §" in page

    AgendaItem.objects.filter(pk=item.pk).update(secrecy_ground="JulkL 24 § 1 mom. 25 k.")
    migration = importlib.import_module("workgroups.migrations.0011_secrecy_grounds_to_the_controlled_list")
    migration.to_codes(apps, None)
    assert AgendaItem.objects.get(pk=item.pk).secrecy_ground == GROUND
