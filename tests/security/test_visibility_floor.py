"""The rules only grant, and the intersection a report reads is exactly the rules' intersection.

`VisibilityQuerySet.visible_to_every` (the monthly report's reads for its whole audience) takes what a
logged-in person without any right sees (`nobody()`) as the floor every reader sees, and looks
beyond it only while every reader so far sees more. That is right only if no rule shows a person
with rights less than it shows a person without: checked here for every protected model and every
role of the security world, whose every kind of object has a non-public instance.
"""

import itertools

import pytest

from cooperation.base.visibility import nobody, protected_models

pytestmark = pytest.mark.django_db


def _people(world):
    return [user for user in world.users.values() if user is not None]


def _rows(model, user) -> set:
    return set(model._default_manager.all().visible_to(user).values_list("pk", flat=True))


@pytest.mark.parametrize("model", protected_models(), ids=lambda m: m._meta.label)
def test_what_nobody_sees_every_person_sees(world, model):
    floor = _rows(model, nobody())
    for user in _people(world):
        assert floor <= _rows(model, user), f"{model._meta.label}: {user} sees less than a person without rights"


@pytest.mark.parametrize("model", protected_models(), ids=lambda m: m._meta.label)
def test_the_intersection_for_an_audience_is_the_rules_intersection(world, model):
    people = _people(world)
    seen = {user.pk: _rows(model, user) for user in people}
    # Every audience of one and of two people, and everyone: the rows every reader sees, asked
    # person by person, are what visible_to_every gives.
    audiences = [*itertools.combinations(people, 1), *itertools.combinations(people, 2), people]
    for audience in audiences:
        expected = set.intersection(*(seen[user.pk] for user in audience))
        got = set(model._default_manager.visible_to_every(audience).values_list("pk", flat=True))
        assert got == expected, f"{model._meta.label} for {[str(u) for u in audience]}"
        # Narrowed first, as the report asks (the month, the open ones): the same rows among those.
        half = sorted(model._default_manager.values_list("pk", flat=True))[::2]
        narrowed = set(model._default_manager.filter(pk__in=half).visible_to_every(audience)
                       .values_list("pk", flat=True))
        assert narrowed == expected & set(half), f"{model._meta.label} narrowed, for {[str(u) for u in audience]}"


def test_no_readers_read_nothing(world):
    for model in protected_models():
        assert not model._default_manager.visible_to_every([]).exists()


def test_nobody_is_no_one(world):
    """The floor's person has no row: no one's own rows (an action item's owner) count as the floor."""
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(pk=nobody().pk).exists()
