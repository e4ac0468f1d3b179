import pytest
from django.urls import reverse
from django.utils import translation

from workgroups.models import Decision

from .conftest import published_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "words"), [
    ("fi", ["Päätökset", "Hyväksytty ehdotuksen mukaisesti", "Pykälä"]),
    ("sv", ["Beslut", "Godkänt enligt förslaget", "Paragraf"]),
])
def test_decision_list_in_finnish_and_swedish(world, client_for, lang, words):
    published_meeting(world, items=1)
    client = client_for(world.member1)
    client.cookies["django_language"] = lang
    html = client.get(reverse("workgroups:decision-list"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for word in words:
        assert word in html


def test_resolution_labels_are_translated():
    for lang in ("fi", "sv"):
        with translation.override(lang):
            labels = [str(label) for _value, label in Decision.Resolution.choices]
        with translation.override("en"):
            english = [str(label) for _value, label in Decision.Resolution.choices]
        assert all(a != b for a, b in zip(labels, english, strict=True)), lang
