"""Keyset (cursor) pages of the decisions list and /api/v1/decisions/ (issue 16): above the count ceiling
the list pages by `after` / `before` the sort key of the last / first row shown, never by OFFSET, and
walking the next-page links visits every visible decision exactly once, in the list's order."""

import random
import re

import pytest

from cooperation.base.pagination import OFFSET_PAGES
from cooperation.management import scale_data
from parties import roles
from workgroups import services as workgroup_services
from workgroups.models import Decision, Membership
from workgroups.ordering import DECISION_ORDER

ROW = r'#item-(\d+)">'  # each row links to its agenda item on the meeting page


@pytest.fixture
def member_with_many_decisions(seeded_parties, make_user):
    rnd = random.Random(7)
    people = scale_data._people(20, rnd)
    bodies = scale_data._bodies(2)
    scale_data._memberships(bodies, people, rnd)
    member = make_user(roles.STEERING_MEMBER)
    term = bodies[0].terms.get()
    Membership.objects.create(body=bodies[0], term=term, user=member, role=Membership.Role.MEMBER, start=term.start)
    for body in bodies:
        workgroup_services.sync_body_permissions(body_id=body.pk)
    scale_data._meetings_and_decisions(bodies, people, 70, rnd, items_per_meeting=6)
    ordered = Decision.objects.visible_to(member).order_by(*DECISION_ORDER)
    visible = list(ordered.values_list("agenda_item_id", flat=True))
    member.visible_decision_ids = list(ordered.values_list("pk", flat=True))
    assert len(visible) > 250  # above the count ceiling: the list pages by keyset
    return member, visible


def _walk_pages(client, url):
    """Follow the next-page links from `url`; return the decision ids of every page in order."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        pages.append([int(pk) for pk in re.findall(ROW, html)])
        nxt = re.search(r'<a href="\?([^"]*after=[^"]*)">', html)
        url = "/groups/decisions/?" + nxt.group(1).replace("&amp;", "&") if nxt else None
    return pages


def test_the_next_page_links_visit_every_visible_decision_once_in_order(member_with_many_decisions, client_for):
    member, visible = member_with_many_decisions
    client = client_for(member)
    pages = _walk_pages(client, "/groups/decisions/")
    assert [pk for page in pages for pk in page] == visible
    assert all(len(page) == 50 for page in pages[:-1])
    # The previous-page link of the third page leads back to the second page's rows.
    third = client.get("/groups/decisions/?page=2").content.decode()
    after = re.search(r'<a href="\?(after=[^"]*)">', third).group(1)
    html = client.get(f"/groups/decisions/?{after}").content.decode()
    before = re.search(r'<a href="\?(before=[^"]*)">', html).group(1)
    back = client.get(f"/groups/decisions/?{before}").content.decode()
    assert [int(pk) for pk in re.findall(ROW, back)] == visible[50:100]


def test_a_page_number_past_the_cheap_ones_is_404_and_a_bad_cursor_shows_the_first_page(
        member_with_many_decisions, client_for):
    member, visible = member_with_many_decisions
    client = client_for(member)
    assert client.get(f"/groups/decisions/?page={OFFSET_PAGES}").status_code == 200
    assert client.get(f"/groups/decisions/?page={OFFSET_PAGES + 1}").status_code == 404
    first = client.get("/groups/decisions/?after=1.2").content.decode()  # not a key of three numbers
    assert re.findall(ROW, first)[0] == str(visible[0])


def test_the_api_pages_by_next_and_previous_links(member_with_many_decisions, api_client_for):
    member, visible = member_with_many_decisions
    api = api_client_for(member)
    seen, url, first = [], "/api/v1/decisions/", None
    while url:
        data = api.get(url).json()
        first = first or data
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
    visible = member.visible_decision_ids
    assert seen == visible and first["count_capped"] is True
    assert "after=" in first["next"] and first["previous"] is None
    second = api.get(first["next"]).json()
    assert "before=" in second["previous"]
    assert [r["id"] for r in api.get(second["previous"]).json()["results"]] == visible[:50]
    assert api.get(f"/api/v1/decisions/?page={OFFSET_PAGES + 1}").status_code == 404
