"""Issue 11, part 2: a new meeting starts with the body's standard opening items (editable per body);
items are reordered and removed until the agenda is published, then refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from workgroups import agenda, services
from workgroups.models import AgendaItem, Decision, Proposal
from workgroups.standard_agenda import StandardItem, standard_items

from .conftest import all_present, meeting_at

pytestmark = pytest.mark.django_db

OPENING_FI = ["Kokouksen avaus", "Kokouksen laillisuus ja päätösvaltaisuus", "Pöytäkirjantarkastajien valinta",
              "Työjärjestyksen hyväksyminen"]


def _titles(meeting):
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def test_a_new_meeting_starts_with_the_four_opening_items_in_the_portal_language(world, settings):
    w = world
    settings.LANGUAGE_CODE = "fi"
    meeting = meeting_at(w, items=1, standard_agenda=True)
    assert _titles(meeting) == [*OPENING_FI, "Asia 1 hankinta"]
    first = meeting.items.get(order=1)
    assert first.from_standard_agenda and first.proposal_text == "Puheenjohtaja avaa kokouksen."
    assert not meeting.items.get(order=5).from_standard_agenda
    settings.LANGUAGE_CODE = "sv"
    assert next(i.title for i in standard_items(w.body)) == "Mötets öppnande"
    with translation.override("en"):
        settings.LANGUAGE_CODE = "en"
        assert [i.title for i in standard_items(w.body)][3] == "Adoption of the order of business"


def test_the_body_secretary_edits_the_standard_agenda_in_a_page(world, client_for):
    w = world
    url = reverse("workgroups:standard-agenda", args=[w.body.pk])
    assert client_for(w.member1).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        agenda.standard_items_save(body=w.body, items=[StandardItem("x")], acting_user=w.chair)
    sec = client_for(w.secretary)
    page = sec.get(url)
    assert page.status_code == 200 and "Opening of the meeting" in page.content.decode()
    form = {"form-TOTAL_FORMS": "6", "form-INITIAL_FORMS": "4", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000"}
    rows = [("Opening of the meeting", "", "2", ""), ("Legality and quorum of the meeting", "", "1", ""),
            ("Election of the minutes checkers", "", "3", "on"), ("Adoption of the order of business", "", "4", ""),
            ("Ilmoitusasiat", "Merkitään tiedoksi.", "5", ""), ("", "", "", "")]
    for n, (title, proposal, order, delete) in enumerate(rows):
        form.update({f"form-{n}-title": title, f"form-{n}-proposal_text": proposal, f"form-{n}-ORDER": order})
        if delete:
            form[f"form-{n}-DELETE"] = delete
    assert sec.post(url, form).status_code == 302
    assert [i.title for i in standard_items(w.body)] == [
        "Legality and quorum of the meeting", "Opening of the meeting", "Adoption of the order of business",
        "Ilmoitusasiat"]
    # Another body keeps the defaults; the edited body's next meeting uses its own list.
    assert len(standard_items(w.other_body)) == 4
    meeting = meeting_at(w, items=0, standard_agenda=True)
    assert _titles(meeting)[-1] == "Ilmoitusasiat" and meeting.items.count() == 4
    # An empty list returns to the defaults.
    agenda.standard_items_save(body=w.body, items=[], acting_user=w.secretary)
    assert next(i.title for i in standard_items(w.body)) == "Opening of the meeting"


def test_items_are_moved_and_removed_until_the_agenda_is_published(world, client_for):
    w = world
    meeting = meeting_at(w, items=2, standard_agenda=True)
    items = {i.title: i for i in meeting.items.all()}
    proposal = services.proposal_submit(to_body=w.body, title="Ehdotus", proposal_text="Tehdään.",
                                        acting_user=w.secretary)
    from_proposal = services.proposal_to_agenda(proposal=proposal, meeting=meeting, acting_user=w.secretary)
    sec = client_for(w.secretary)
    # Move buttons are plain POST forms.
    assert sec.post(reverse("workgroups:item-move", args=[items["Asia 2 hankinta"].pk]),
                    {"direction": "up"}).status_code == 302
    assert _titles(meeting)[4:6] == ["Asia 2 hankinta", "Asia 1 hankinta"]
    agenda.agenda_item_move(item=items["Opening of the meeting"], up=False, acting_user=w.secretary)
    assert _titles(meeting)[:2] == ["Legality and quorum of the meeting", "Opening of the meeting"]
    with pytest.raises(ValidationError, match="already first"):
        agenda.agenda_item_move(item=items["Legality and quorum of the meeting"], up=True, acting_user=w.secretary)
    with pytest.raises(PermissionDenied):
        agenda.agenda_item_move(item=items["Asia 1 hankinta"], up=True, acting_user=w.chair)
    assert client_for(w.member1).post(reverse("workgroups:item-remove", args=[items["Asia 1 hankinta"].pk])
                                      ).status_code == 403
    # Removing closes the gap and sends a proposal back to waiting for an agenda.
    assert sec.post(reverse("workgroups:item-remove", args=[items["Election of the minutes checkers"].pk])
                    ).status_code == 302
    agenda.agenda_item_remove(item=from_proposal, acting_user=w.secretary)
    assert list(meeting.items.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED

    services.agenda_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    assert [i.section_number for i in meeting.items.order_by("order")] == [1, 2, 3, 4, 5]
    with pytest.raises(ValidationError, match="agenda has been published"):
        agenda.agenda_item_move(item=items["Asia 1 hankinta"], up=True, acting_user=w.secretary)
    with pytest.raises(ValidationError, match="agenda has been published"):
        agenda.agenda_item_remove(item=items["Asia 1 hankinta"], acting_user=w.secretary)
    response = sec.post(reverse("workgroups:item-remove", args=[items["Asia 1 hankinta"].pk]), follow=True)
    assert "items can no longer be moved or removed" in response.content.decode()
    assert meeting.items.count() == 5
    # An item added later takes the next free §.
    late = services.agenda_item_add(meeting=meeting, title="Lisäasia", acting_user=w.secretary)
    assert late.section_number == 6 and late.order == 6


def test_the_opening_items_are_recorded_as_proposed_in_one_step(world, client_for):
    w = world
    meeting = meeting_at(w, items=1, standard_agenda=True)
    services.invitation_send(meeting=meeting, acting_user=w.secretary)
    all_present(w, meeting)
    response = client_for(w.secretary).post(reverse("workgroups:opening-items-decide", args=[meeting.pk]))
    assert response.status_code == 302
    decided = AgendaItem.objects.filter(meeting=meeting, decision__isnull=False).order_by("order")
    assert [i.title for i in decided] == ["Opening of the meeting", "Legality and quorum of the meeting",
                                          "Election of the minutes checkers", "Adoption of the order of business"]
    assert decided[0].decision.text == "The chair opens the meeting."
    assert not Decision.objects.filter(agenda_item__title="Asia 1 hankinta").exists()
