"""One rule in one place: every channel shows a person the agenda items AgendaItemQuerySet.visible_to
admits, writes go through the services (which check the model rules and record the caller as the
audit actor), and a page cannot do what the API refuses."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parties import roles
from workgroups import services
from workgroups.models import AgendaItem, Attachment, Decision, Membership

from .conftest import all_present, decide_all, meeting_at, published_meeting

pytestmark = pytest.mark.django_db

PUBLIC_TITLE = "Asia 1 hankinta"
SECRET_TITLE = "Asia 2 hankinta"


@pytest.fixture
def published(world, make_user):
    world.outsider = make_user()
    return published_meeting(world, items=2, publicity=["public", "not_public"])


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _titles_by_channel(world, meeting, user, client_for, api_client_for) -> dict[str, set[str]]:
    titles = {SECRET_TITLE, PUBLIC_TITLE}
    page = client_for(user).get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    pdf = _pdf_text(client_for(user).get(reverse("workgroups:agenda-pdf", args=[meeting.pk])).content)
    api = api_client_for(user)
    api_meeting = api.get(f"/api/v1/meetings/{meeting.pk}/").json()
    api_decisions = api.get("/api/v1/decisions/", {"body": world.body.pk}).json()["results"]
    return {
        "rule": set(AgendaItem.objects.visible_to(user).filter(meeting=meeting).values_list("title", flat=True)),
        "page": {t for t in titles if t in page},
        "agenda pdf": {t for t in titles if t in pdf},
        "api meeting": {i["title"] for i in api_meeting["items"]},
        "api decisions": {d["title"] for d in api_decisions},
    }


@pytest.mark.parametrize("who, expected", [
    ("outsider", {PUBLIC_TITLE}),
    ("wg_member", {PUBLIC_TITLE}),
    ("member1", {PUBLIC_TITLE, SECRET_TITLE}),
    ("secretary", {PUBLIC_TITLE, SECRET_TITLE}),
])
def test_page_api_and_pdf_show_the_items_the_one_rule_admits(world, published, client_for, api_client_for,
                                                             who, expected):
    user = getattr(world, who)
    seen = _titles_by_channel(world, published, user, client_for, api_client_for)
    assert seen == dict.fromkeys(seen, expected)
    secret = Decision.objects.get(agenda_item__meeting=published, agenda_item__title=SECRET_TITLE)
    detail = api_client_for(user).get(f"/api/v1/decisions/{secret.pk}/")
    assert detail.status_code == (200 if SECRET_TITLE in expected else 404)
    assert secret.can_be_viewed_by(user) == (SECRET_TITLE in expected)


def test_attachment_rule_matches_items_and_proposals(world, published):
    w = world
    public_item = published.items.get(title=PUBLIC_TITLE)
    secret_item = published.items.get(title=SECRET_TITLE)

    def attach(item, title, publicity="public"):
        ground = "JulkL 24 § 1 mom. 17 k" if publicity != "public" else ""
        return Attachment.objects.create(agenda_item=item, title=title, publicity=publicity, secrecy_ground=ground,
                                          file=SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4"))

    open_one = attach(public_item, "auki")
    closed_one = attach(public_item, "kiinni", "not_public")
    on_secret_item = attach(secret_item, "salaisen-liite")
    proposal = services.proposal_submit(to_body=w.body, from_body=w.group, title="Ehdotus", proposal_text="x",
                                        acting_user=w.wg_member,
                                        attachment=SimpleUploadedFile("ehdotus.pdf", b"%PDF-1.4 e"))
    of_proposal = proposal.attachments.get()
    expected = {
        w.outsider: {open_one},
        w.wg_member: {open_one, of_proposal},
        w.member1: {open_one, closed_one, on_secret_item, of_proposal},
        w.other_member: {open_one},
    }
    for user, visible in expected.items():
        assert set(Attachment.objects.visible_to(user)) == visible, user
        for attachment in (open_one, closed_one, on_secret_item, of_proposal):
            assert attachment.can_be_viewed_by(user) == (attachment in visible), (user, attachment)


def test_api_decision_change_is_audited_with_the_api_caller_as_actor(world, api_client_for):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    decision = decide_all(w, meeting)[0]
    response = api_client_for(w.secretary).patch(f"/api/v1/decisions/{decision.pk}/", {"text": "API-muutos"},
                                                 format="json")
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(decision).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == w.secretary
    assert entry.changes_dict["text"] == ["Päätös: Asia 1 hankinta", "API-muutos"]


def test_api_register_write_is_audited_with_the_api_caller_as_actor(world, api_client_for, make_user):
    admin = make_user(roles.PORTAL_ADMIN)
    response = api_client_for(admin).post("/api/v1/memberships/", {
        "body": world.body.pk, "person_name": "Uusi jäsen", "role": "member", "start": "2026-01-01"}, format="json")
    assert response.status_code == 201
    membership = Membership.objects.get(pk=response.json()["id"])
    entry = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.CREATE)
    assert entry.actor == admin


@pytest.mark.parametrize("who, status", [("chair", 403), ("member1", 403), ("outsider", 404)])
def test_page_and_api_refuse_a_decision_alike(world, client_for, api_client_for, make_user, who, status):
    w = world
    w.outsider = make_user()
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    decision = decide_all(w, meeting)[0]
    user = getattr(w, who)
    page = client_for(user).post(reverse("workgroups:decision-edit", args=[decision.agenda_item_id]),
                                 {"resolution": "rejected", "text": "Sivulta"})
    api = api_client_for(user).patch(f"/api/v1/decisions/{decision.pk}/", {"text": "Rajapinnasta"}, format="json")
    assert (page.status_code, api.status_code) == (status, status)
    # And the service itself, whoever calls it.
    with pytest.raises(PermissionDenied):
        services.decision_record(item=decision.agenda_item, resolution="rejected", text="Suoraan", acting_user=user)
    decision.refresh_from_db()
    assert (decision.resolution, decision.text) == ("approved", "Päätös: Asia 1 hankinta")


def test_decision_page_records_recusals_and_decision_in_one_service_call(world, client_for):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    item = meeting.items.get()
    services.recusal_record(item=item, membership=w.m_member1, acting_user=w.secretary, reason="Hallintolaki 28 §")
    url = reverse("workgroups:decision-edit", args=[item.pk])
    # Recusing two of four voting members leaves no quorum: nothing is written, not even the recusals.
    response = client_for(w.secretary).post(url, {"resolution": "approved", "text": "Hyväksyttiin.",
                                                  "recused": [w.m_member1.pk, w.m_member2.pk]})
    assert response.status_code == 200 and "No quorum" in response.content.decode()
    assert list(item.recusals.values_list("membership_id", "reason")) == [(w.m_member1.pk, "Hallintolaki 28 §")]
    assert not Decision.objects.filter(agenda_item=item).exists()
    response = client_for(w.secretary).post(url, {"resolution": "approved", "text": "Hyväksyttiin.",
                                                  "recused": [w.m_member1.pk]})
    assert response.status_code == 302
    assert list(item.recusals.values_list("membership_id", "reason")) == [(w.m_member1.pk, "Hallintolaki 28 §")]
    assert Decision.objects.get(agenda_item=item).recorded_by == w.secretary


def test_approving_the_minutes_is_one_model_rule(world):
    w = world
    meeting = meeting_at(w, items=1)
    all_present(w, meeting)
    decide_all(w, meeting)
    assert not any(meeting.can_be_approved_by(u) for u in (w.member1, w.vice, w.chair))
    services.minutes_draft(meeting=meeting, checkers=[w.m_member1, w.m_vice], acting_user=w.secretary)
    meeting.refresh_from_db()
    assert {u for u in (w.member1, w.vice, w.chair, w.member2, w.secretary) if meeting.can_be_approved_by(u)} == {
        w.member1, w.vice, w.chair}
    services.minutes_approve(meeting=meeting, acting_user=w.member1)
    meeting.refresh_from_db()
    assert not meeting.can_be_approved_by(w.member1) and meeting.can_be_approved_by(w.chair)
