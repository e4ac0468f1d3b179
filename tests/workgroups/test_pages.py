import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.workgroups import MatterFactory
from workgroups import services
from workgroups.models import AgendaItem, Attachment, Decision, Meeting, Recusal

from .conftest import all_present, decide_all, lock, meeting_at, published_meeting

pytestmark = pytest.mark.django_db


def _grow(meeting, total: int) -> None:
    """Bring the meeting to `total` decided items in bulk (each with an attachment and a recusal)."""
    start = meeting.items.count()
    items = AgendaItem.objects.bulk_create([
        AgendaItem(meeting=meeting, order=start + n + 1, title=f"Massa-asia {n}", proposal_text="x",
                   matter=MatterFactory(body=meeting.body) if n % 100 == 0 else None)
        for n in range(total - start)
    ])
    Decision.objects.bulk_create([
        Decision(agenda_item=item, body=meeting.body, section_year=meeting.date.year,
                 section_number=1000 + item.order, resolution="approved", text="Hyväksyttiin.")
        for item in items
    ])
    Attachment.objects.bulk_create([Attachment(agenda_item=item, title="Liite", file="x.pdf") for item in items])
    membership = meeting.body.memberships.filter(role="member").first()
    Recusal.objects.bulk_create([Recusal(agenda_item=item, membership=membership) for item in items[::50]])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["secretary", "member1", "outsider"])
def test_meeting_page_and_decision_list_query_counts_do_not_grow(world, client_for, make_user, who):
    w = world
    w.outsider = make_user()
    meeting = published_meeting(w, items=2)
    _grow(meeting, 10)
    client = client_for(getattr(w, who))
    meeting_url = reverse("workgroups:meeting-detail", args=[meeting.pk])
    list_url = reverse("workgroups:decision-list")
    search_url = reverse("workgroups:decision-list") + "?q=Massa&year=2026"
    small = [_count(client, meeting_url), _count(client, list_url), _count(client, search_url)]
    _grow(meeting, 1000)
    assert Decision.objects.filter(body=w.body).count() == 1000
    large = [_count(client, meeting_url), _count(client, list_url), _count(client, search_url)]
    assert small == large
    assert "Massa-asia 500" in client.get(meeting_url).content.decode()


def test_secretary_records_a_meeting_through_the_pages(world, client_for, django_capture_on_commit_callbacks):
    w = world
    sec = client_for(w.secretary)
    response = sec.post(reverse("workgroups:meeting-create", args=[w.body.pk]),
                        {"starts_at": "2026-06-01T10:00", "ends_at": "2026-06-01T09:00", "location": "Lahti"})
    assert response.status_code == 200 and "The meeting cannot end before it starts." in response.content.decode()
    assert not Meeting.objects.exists()
    response = sec.post(reverse("workgroups:meeting-create", args=[w.body.pk]),
                        {"starts_at": "2026-06-01T10:00", "location": "Lahti", "title": "Kesäkokous"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    # The meeting starts with the four standard opening items; this secretary takes them off the agenda.
    assert meeting.items.filter(from_standard_agenda=True).count() == 4
    for item in meeting.items.all():
        assert sec.post(reverse("workgroups:item-remove", args=[item.pk])).status_code == 302
    item_url = reverse("workgroups:item-create", args=[meeting.pk])
    bad = sec.post(item_url, {"title": "Salainen", "publicity": "not_public", "secrecy_ground": ""})
    assert "secrecy ground" in bad.content.decode() and not meeting.items.exists()
    bad = sec.post(item_url, {"title": "Vanha asia", "publicity": "public", "register_number": "EI/OLE"})
    assert "No matter has this register number." in bad.content.decode() and not meeting.items.exists()
    for title in ("Avaus", "Talousarvio", "Hankinta"):
        assert sec.post(item_url, {"title": title, "publicity": "public", "proposal_text": f"{title} hyväksytään",
                                   "preparer_name": "Sari Sihteeri"}).status_code == 302
    first = meeting.items.get(order=1)
    assert first.matter.register_number.startswith("TYO/")
    edit_url = reverse("workgroups:item-edit", args=[first.pk])
    bad = sec.post(edit_url, {"title": "Avaus", "publicity": "public", "secrecy_ground": "JulkL 24 § 1 mom. 20 k"})
    assert "A public document has no secrecy ground." in bad.content.decode()
    assert sec.post(edit_url, {"title": "Kokouksen avaus", "publicity": "public",
                               "proposal_text": "Avaus hyväksytään"}).status_code == 302
    first.refresh_from_db()
    assert first.title == "Kokouksen avaus" and first.secrecy_ground == ""
    with django_capture_on_commit_callbacks(execute=True):
        sec.post(reverse("workgroups:meeting-invite", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    rows = {f"m{m.pk}-status": "present" for m in w.body.memberships.exclude(role="deputy")}
    rows[f"m{w.m_deputy.pk}-status"] = "deputy"  # with no "in place of": refused with a named row
    bad = sec.post(reverse("workgroups:attendance", args=[meeting.pk]), rows)
    assert "Choose the member the deputy replaces." in bad.content.decode() and not meeting.attendances.exists()
    rows[f"m{w.m_deputy.pk}-status"] = "absent"
    assert sec.post(reverse("workgroups:attendance", args=[meeting.pk]), rows).status_code == 302
    items = list(meeting.items.order_by("order"))
    for item, resolution, text in ((items[0], "approved", "Avattiin."), (items[1], "amended", "Muutettuna."),
                                   (items[2], "tabled", "Pantiin pöydälle.")):
        data = {"resolution": resolution, "text": text, "dissent": ""}
        if item == items[1]:
            data["recused"] = [w.m_member2.pk]
        assert sec.post(reverse("workgroups:decision-edit", args=[item.pk]), data).status_code == 302
    assert [d.section for d in Decision.objects.filter(body=w.body).order_by("section_number")] == [
        "§ 1/2026", "§ 2/2026", "§ 3/2026"]
    assert Recusal.objects.filter(agenda_item=items[1], membership=w.m_member2).exists()
    page = sec.get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Approved amended" in page and "Tabled" in page and "Quorate" in page
    assert sec.post(reverse("workgroups:minutes-draft", args=[meeting.pk]),
                    {"checkers": [w.m_member1.pk, w.m_vice.pk]}).status_code == 302
    for user in (w.member1, w.vice, w.chair):
        assert client_for(user).post(reverse("workgroups:minutes-approve", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_locked
    sec.post(reverse("workgroups:minutes-publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_locked_decision_cannot_be_changed_through_page_admin_or_api(world, client_for, api_client_for, make_user):
    w = world
    admin_user = make_user("portal_admin")
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    decision = decide_all(w, meeting)[0]
    lock(w, meeting)
    original = Decision.objects.values("text", "resolution").get(pk=decision.pk)
    item = decision.agenda_item

    # Page: the edit form refuses and redirects; a forged POST changes nothing.
    sec = client_for(w.secretary)
    assert sec.get(reverse("workgroups:decision-edit", args=[item.pk])).status_code == 302
    sec.post(reverse("workgroups:decision-edit", args=[item.pk]), {"resolution": "rejected", "text": "Muutettu"})
    # Admin: the change form shows read-only fields; a forged POST changes nothing.
    admin = client_for(admin_user)
    url = f"/admin/workgroups/decision/{decision.pk}/change/"
    assert admin.get(url).status_code == 200
    admin.post(url, {"resolution": "rejected", "text": "Muutettu adminissa", "dissent": ""})
    # API: the secretary's PATCH is refused.
    response = api_client_for(w.secretary).patch(f"/api/v1/decisions/{decision.pk}/", {"text": "API"}, format="json")
    assert response.status_code == 403
    assert Decision.objects.values("text", "resolution").get(pk=decision.pk) == original
    # The admin cannot delete it either, nor change the locked meeting.
    assert admin.post(f"/admin/workgroups/decision/{decision.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()

    # Only a correction with a reason changes it, and the page shows the correction.
    response = sec.post(reverse("workgroups:decision-correct", args=[decision.pk]),
                        {"resolution": original["resolution"], "text": "Oikaistu", "dissent": "", "reason": ""})
    assert response.status_code == 200 and Decision.objects.get(pk=decision.pk).text == original["text"]
    sec.post(reverse("workgroups:decision-correct", args=[decision.pk]),
             {"resolution": original["resolution"], "text": "Oikaistu", "dissent": "", "reason": "Kirjoitusvirhe"})
    assert Decision.objects.get(pk=decision.pk).text == "Oikaistu"
    assert "Kirjoitusvirhe" in sec.get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()


def test_unlocked_decision_editable_by_the_secretary_and_read_only_in_the_admin(world, client_for, api_client_for,
                                                                                make_user):
    """The secretary fixes an unlocked decision through the API; an administrator who is not the body's
    secretary reads it in the Django admin but cannot change it (docs/permissions.md, issue 17)."""
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    decision = decide_all(w, meeting)[0]
    response = api_client_for(w.secretary).patch(f"/api/v1/decisions/{decision.pk}/", {"text": "API-teksti"},
                                                 format="json")
    assert response.status_code == 200 and response.json()["section"] == "§ 1/2026"
    admin = client_for(make_user("portal_admin"))
    assert admin.get(f"/admin/workgroups/decision/{decision.pk}/change/").status_code == 200
    admin.post(f"/admin/workgroups/decision/{decision.pk}/change/",
               {"resolution": "amended", "text": "Admin-teksti", "dissent": ""})
    decision.refresh_from_db()
    assert (decision.text, decision.resolution, decision.section_number) == ("API-teksti", "approved", 1)


def test_api_filters_and_open_data(world, api_client_for):
    w = world
    published_meeting(w, items=2)
    anon = api_client_for(None)
    data = anon.get("/api/v1/decisions/", {"body": w.body.pk, "year": 2026, "resolution": "approved"}).json()
    assert data["count"] == 2 and {d["section"] for d in data["results"]} == {"§ 1/2026", "§ 2/2026"}
    assert anon.get("/api/v1/decisions/", {"year": 2025}).json()["count"] == 0
    assert anon.get("/api/v1/decisions/", {"text": "Asia 2"}).json()["count"] >= 1
    assert anon.get("/api/v1/decisions/", {"text": "olematon"}).json()["count"] == 0


def test_dashboard_panels_and_body_pages(world, client_for):
    w = world
    meeting = meeting_at(w, timezone.localdate() + dt.timedelta(days=3), items=1)
    services.action_item_create(body=w.body, title="Oma tehtävä", owner=w.member1, acting_user=w.secretary,
                                due_date=timezone.localdate() - dt.timedelta(days=1))
    page = client_for(w.member1).get(reverse("dashboard")).content.decode()
    assert reverse("workgroups:meeting-detail", args=[meeting.pk]) in page and "Oma tehtävä" in page
    body_page = client_for(w.wg_member).get(reverse("workgroups:body-detail", args=[w.group.pk])).content.decode()
    assert reverse("workgroups:proposal-create", args=[w.group.pk]) in body_page
    listing = client_for(w.member1).get(reverse("workgroups:action-list")).content.decode()
    assert "Oma tehtävä" in listing and "overdue" in listing
    assert client_for(w.member1).get(reverse("workgroups:body-list")).status_code == 200
    assert client_for(w.member1).get(reverse("workgroups:calendar")).status_code == 200


def test_body_page_shows_members_as_they_were_on_a_day(world, client_for, make_user):
    w = world
    w.m_member1.end = dt.date(2025, 12, 31)
    w.m_member1.save()
    client = client_for(make_user())
    url = reverse("workgroups:body-detail", args=[w.body.pk])
    assert str(w.member1) not in client.get(url).content.decode()
    assert str(w.member1) in client.get(url, {"on": "2025-06-01"}).content.decode()
    assert client.get(url, {"on": "rubbish"}).status_code == 200
    assert client.get(url, {"on": "2026-02-30"}).status_code == 200
