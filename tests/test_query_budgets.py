"""Query budgets: every main page and API list asks as many queries at small as at larger data.

The data come from the scale generator (`seed_demo --scale`, cooperation.management.scale_data):
first a few meetings with two agenda items each, then four times the meetings with six items each,
more action items and observations. A page whose query count grows with the rows (an N+1: a query
per row in a loop or a template) fails here, on PostgreSQL in CI like every test. The caches are
emptied before each request, so the counts are those of a cold page.
"""

from __future__ import annotations

import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.base import search
from cooperation.management import scale_data
from parties import roles
from tests.factories.workgroups import ActionItemFactory
from workgroups import services as workgroup_services
from workgroups.models import Decision, Meeting, Membership

PAGES = [
    ("dashboard", lambda w: reverse("dashboard")),
    ("body list", lambda w: reverse("workgroups:body-list")),
    ("body detail", lambda w: reverse("workgroups:body-detail", args=[w.body.pk])),
    ("meeting detail", lambda w: reverse("workgroups:meeting-detail", args=[w.latest_meeting().pk])),
    ("decision list", lambda w: reverse("workgroups:decision-list")),
    ("decision list, one body", lambda w: reverse("workgroups:decision-list") + f"?body={w.body.pk}"),
    # A keyset page (what the next-page links of a list above 200 rows lead to): "after" a key newer
    # than any row, so it holds rows at both sizes.
    ("decision list, keyset page", lambda w: reverse("workgroups:decision-list") + "?after=2100.0.0"),
    ("action items", lambda w: reverse("workgroups:action-list")),
    # Search: the stored documents joined to each kind's rule, then one read of the found rows' texts.
    ("decision list, search", lambda w: reverse("workgroups:decision-list") + "?q=hankinnan"),
    ("site search", lambda w: reverse("workgroups:search") + "?q=hankinnan"),
    ("monitoring", lambda w: reverse("monitoring:index")),
    ("metric page", lambda w: reverse("monitoring:metric", args=["unemployment-rate"])),
    ("parties", lambda w: reverse("parties:list")),
]
API_LISTS = [
    "/api/v1/decisions/", "/api/v1/decisions/?after=2100.0.0", "/api/v1/decisions/?text=hankinnan",
    "/api/v1/meetings/", "/api/v1/action-items/",
    "/api/v1/bodies/",
    "/api/v1/memberships/", "/api/v1/monitoring/observations/", "/api/v1/parties/",
]
WHO = ["member", "secretary", "official"]


class World:
    def __init__(self, people_by_role):
        self.rnd = random.Random(16)
        self.people = scale_data._people(30, self.rnd)
        self.bodies = scale_data._bodies(3)
        scale_data._memberships(self.bodies, self.people, self.rnd)
        self.body = self.bodies[0]
        term = self.body.terms.get()
        self.users = people_by_role
        Membership.objects.create(body=self.body, term=term, user=people_by_role["member"],
                                  role=Membership.Role.MEMBER, start=term.start)
        Membership.objects.create(body=self.body, term=term, user=people_by_role["secretary"],
                                  role=Membership.Role.SECRETARY, voting=False, start=term.start)
        for body in self.bodies:
            workgroup_services.sync_body_permissions(body_id=body.pk)

    def grow(self, meetings: int, items: int, observations: int, open_actions: int) -> None:
        scale_data._meetings_and_decisions(self.bodies, self.people, meetings, self.rnd, items_per_meeting=items)
        scale_data._observations(observations)
        # The generator's action items fall over ten years (most are done); these are open, each with
        # its own owner and party, in the body every role here follows.
        for person in self.rnd.sample(self.people, open_actions):
            ActionItemFactory(body=self.body, owner=person, party_id=person.party_id)
        search.rebuild()  # the generator's bulk inserts bypass the search documents' signals

    def latest_meeting(self) -> Meeting:
        # visibility: the test picks a published meeting every role may open
        return Meeting.objects.filter(body=self.body, status=Meeting.Status.PUBLISHED).order_by("-starts_at").first()


def _count(client, url: str) -> int:
    cache.clear()
    # The content types' in-process cache too: whether the metric page's first request in the
    # process looked its content type up decided 27 or 26 queries (the test failed on that alone).
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.fixture
def world(seeded_parties, make_user):
    people = {"member": make_user(roles.STEERING_MEMBER), "secretary": make_user(roles.SECRETARY),
              "official": make_user(roles.OFFICIAL)}
    return World(people)


@pytest.mark.django_db
def test_pages_and_api_lists_ask_the_same_number_of_queries_at_small_and_larger_data(
        world, client_for, api_client_for):
    pages = {who: client_for(world.users[who]) for who in WHO}
    apis = {who: api_client_for(world.users[who]) for who in WHO}

    def measure() -> dict[tuple[str, str], int]:
        counts = {}
        for who in WHO:
            for name, url in PAGES:
                counts[(who, name)] = _count(pages[who], url(world))
            for url in API_LISTS:
                if url == "/api/v1/monitoring/observations/" and who != "official":
                    continue  # the monitoring figures' API is for officials (HasModelPerm)
                counts[(who, url)] = _count(apis[who], url)
        return counts

    world.grow(meetings=6, items=2, observations=300, open_actions=2)
    # visibility: the test's own check that the search pages find rows at the small size already
    assert search.search(Decision.objects.all(), "hankinnan").count() >= 2
    small = measure()
    world.grow(meetings=24, items=6, observations=1500, open_actions=8)
    large = measure()
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"
