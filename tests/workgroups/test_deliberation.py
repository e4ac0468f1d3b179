"""Issue 11, part 3: the deliberation of an item — recusals with the HL 28 § ground, counter-proposals
and seconders (an unseconded one lapses), votes (a tie decided by the chair, an election by lot), counts
validated, dissenting opinions — and the minutes PDF prints it in the usual order."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from workgroups import deliberation, services
from workgroups.deliberation_models import RecusalGround, Vote
from workgroups.models import CounterProposal, Meeting

from .conftest import all_present, lock, meeting_at

pytestmark = pytest.mark.django_db

ground_for = __import__("workgroups.migrations.0009_recusal_grounds_from_free_text",
                        fromlist=["ground_for"]).ground_for


def _held(w, items=2):
    meeting = meeting_at(w, items=items)
    all_present(w, meeting)
    return meeting, list(meeting.items.order_by("order"))


def test_recusal_grounds_are_the_points_of_hl_28_and_free_text_is_mapped():
    assert [value for value, _label in RecusalGround.choices] == ["1", "2", "3", "4", "5", "6", "7"]
    assert RecusalGround.citation("5") == "Administrative Procedure Act 28 § 1 subsection, point 5"
    from django.utils import translation
    with translation.override("fi"):
        assert RecusalGround.citation("7") == "HL 28 § 1 mom. 7 k."
        assert str(RecusalGround.PARTY.label) == "Asianosainen"
    with translation.override("sv"):
        assert RecusalGround.citation("2") == "FL 28 § 1 mom. 2 punkten"
    assert ground_for("HL 28 § 1 mom. 6 k.") == "6"
    assert ground_for("Yhtiön hallituksen jäsen") == "6"
    assert ground_for("Puoliso on asianosainen; läheinen asianosainen") == "2"
    assert ground_for("Hakija on hänen työnantajansa (palvelussuhde)") == "5"
    assert ground_for("Oma hakemus, asianosainen") == "1"
    assert ground_for("muu syy") == ""


def test_recusal_with_a_ground_and_nothing_before_the_meeting_starts(world):
    w = world
    _meeting, (first, _second) = _held(w)
    soon = timezone.localtime() + dt.timedelta(hours=2)
    future = services.meeting_create(body=w.body, acting_user=w.secretary, location="Lahti", starts_at=soon,
                                     standard_agenda=False)
    item = services.agenda_item_add(meeting=future, acting_user=w.secretary, title="Asia")
    services.invitation_send(meeting=future, acting_user=w.secretary)
    with pytest.raises(ValidationError, match="not started yet"):
        deliberation.recusal_record(item=item, membership=w.m_member1, ground="1", acting_user=w.secretary)
    with pytest.raises(ValidationError) as exc:
        deliberation.recusal_record(item=first, membership=w.m_member1, ground="", acting_user=w.secretary)
    assert "ground" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        deliberation.recusal_record(item=first, membership=w.m_member1, ground="9", acting_user=w.secretary)
    assert "ground" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        deliberation.recusal_record(item=first, membership=w.m_member1, ground="1", acting_user=w.chair)
    recusal = deliberation.recusal_record(item=first, membership=w.m_member1, ground="6",
                                          reason="Palveluntuottajan hallituksen jäsen", acting_user=w.secretary)
    assert recusal.get_ground_display() == RecusalGround.MANAGEMENT_ROLE.label
    # The recused member no longer takes part: cannot make a counter-proposal on the item.
    with pytest.raises(ValidationError, match="was not present for this item"):
        deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="Hylätään.",
                                             acting_user=w.secretary)


def test_unseconded_counter_proposal_lapses_and_cannot_be_voted_on(world):
    w = world
    _meeting, (first, _second) = _held(w)
    lapsed = deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="Palautetaan.",
                                                  acting_user=w.secretary)
    assert not lapsed.is_seconded
    with pytest.raises(ValidationError) as exc:
        deliberation.vote_record(item=first, counter_proposal=lapsed, acting_user=w.secretary,
                                 ballots={w.m_member1: "no"})
    assert "counter_proposal" in exc.value.message_dict
    with pytest.raises(ValidationError, match="cannot second their own"):
        deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="x", acting_user=w.secretary,
                                             seconders=[w.m_member1])
    with pytest.raises(ValidationError, match="was not present"):
        deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="x", acting_user=w.secretary,
                                             seconders=[w.m_deputy])
    assert not Vote.objects.exists() and CounterProposal.objects.count() == 1


def test_a_tie_is_decided_by_the_chairs_vote_and_counts_are_validated(world):
    w = world
    _meeting, (first, second) = _held(w)
    cp = deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="Hylätään.",
                                              acting_user=w.secretary, seconders=[w.m_member2])
    # Only those present vote.
    with pytest.raises(ValidationError, match="cannot vote"):
        deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary,
                                 ballots={w.m_deputy: "yes"})
    # 2–2 without the chair's vote among them: refused with the rule.
    with pytest.raises(ValidationError, match="chair's vote decides"):
        deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary,
                                 ballots={w.m_vice: "yes", w.m_member1: "no"})
    vote = deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary, ballots={
        w.m_chair: "no", w.m_vice: "yes", w.m_member1: "no", w.m_member2: "yes"})
    assert (vote.yes_count, vote.no_count, vote.abstain_count, vote.absent_count) == (2, 2, 0, 0)
    assert vote.result == Vote.Side.NO and vote.decided_by == Vote.DecidedBy.CHAIR
    assert vote.winner_label == "Counter-proposal by " + w.m_member1.display_name
    assert {b.person_name: b.choice for b in vote.ballots.all()}[w.m_chair.display_name] == "no"
    # A closed ballot is for elections; its counts cannot exceed those present (4).
    cp2 = deliberation.counter_proposal_record(item=second, proposer=w.m_vice, text="Valitaan B.",
                                               acting_user=w.secretary, seconders=[w.m_member1])
    with pytest.raises(ValidationError) as exc:
        deliberation.vote_record(item=second, counter_proposal=cp2, acting_user=w.secretary, method="ballot",
                                 counts={"yes": 2, "no": 1})
    assert "method" in exc.value.message_dict
    with pytest.raises(ValidationError, match=r"votes \(5\) are more than those present for the item \(4\)"):
        deliberation.vote_record(item=second, counter_proposal=cp2, acting_user=w.secretary, kind="election",
                                 method="ballot", counts={"yes": 3, "no": 2})


def test_a_tied_election_is_decided_by_lot(world):
    w = world
    _meeting, (first, _second) = _held(w)
    cp = deliberation.counter_proposal_record(item=first, proposer=w.m_vice, text="Valitaan Bertta.",
                                              acting_user=w.secretary, seconders=[w.m_member2])
    with pytest.raises(ValidationError) as exc:
        deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary, kind="election",
                                 method="ballot", counts={"yes": 2, "no": 2})
    assert "lot_winner" in exc.value.message_dict
    vote = deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary, kind="election",
                                    method="ballot", counts={"yes": 2, "no": 2}, lot_winner="no",
                                    yes_option="Aino", no_option="Bertta")
    assert vote.decided_by == Vote.DecidedBy.LOT and vote.winner_label == "Bertta"
    assert not vote.ballots.exists()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_minutes_pdf_prints_the_deliberation_in_order_and_it_locks(world, client_for, settings):
    w = world
    meeting, (first, second) = _held(w)
    deliberation.recusal_record(item=first, membership=w.m_member2, ground="4", acting_user=w.secretary)
    deliberation.counter_proposal_record(item=first, proposer=w.m_vice, text="Lykätään.", acting_user=w.secretary)
    cp = deliberation.counter_proposal_record(item=first, proposer=w.m_member1, text="Hylätään hanke.",
                                              acting_user=w.secretary, seconders=[w.m_vice])
    deliberation.vote_record(item=first, counter_proposal=cp, acting_user=w.secretary,
                             ballots={w.m_chair: "yes", w.m_vice: "no", w.m_member1: "no"})
    services.decision_record(item=first, resolution="rejected", text="Hanke hylättiin.", acting_user=w.secretary)
    deliberation.dissent_record(item=first, membership=w.m_chair, text="Hanke olisi pitänyt hyväksyä.",
                                acting_user=w.secretary)
    services.decision_record(item=second, resolution="approved", text="Hyväksyttiin.", acting_user=w.secretary)
    page = client_for(w.member1).get(reverse("workgroups:meeting-detail", args=[meeting.pk])).content.decode()
    assert "The counter-proposal lapsed for want of a seconder." in page and "Hanke olisi pitänyt" in page
    text = " ".join(_pdf_text(client_for(w.secretary).get(
        reverse("workgroups:minutes-pdf", args=[meeting.pk])).content).split())
    order = ["Proposal for decision", "Deliberation", "was disqualified", "Lykätään.",
             "lapsed for want of a seconder", "Hylätään hanke.", "Seconded by", "Roll-call vote",
             "Yes: The preparer's proposal; no: Counter-proposal by", "Yes 1, no 2", "Hanke hylättiin.",
             "Dissenting opinions", "left a dissenting opinion: Hanke olisi pitänyt hyväksyä."]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # The deliberation page records through forms; once the minutes are locked nothing changes.
    sec = client_for(w.secretary)
    url = reverse("workgroups:item-deliberation", args=[second.pk])
    assert client_for(w.member1).get(url).status_code == 403
    response = sec.post(url, {"action": "counter", "counter-proposer": str(w.m_member1.pk),
                              "counter-text": "Palautetaan valmisteluun.", "counter-seconders": [str(w.m_vice.pk)]})
    assert response.status_code == 302 and second.counter_proposals.get().seconder_names
    lock(w, meeting)
    assert Meeting.objects.get(pk=meeting.pk).is_locked
    with pytest.raises(ValidationError, match="locked"):
        deliberation.dissent_record(item=second, membership=w.m_vice, acting_user=w.secretary)
    with pytest.raises(ValidationError, match="locked"):
        second.counter_proposals.get().delete()


def test_public_minutes_show_votes_by_name_and_recusals_only_until_the_appeal_period_ends(world, client, monkeypatch):
    w = world
    meeting = meeting_at(w, items=2, publicity=["public", "not_public"])
    all_present(w, meeting)
    public, secret = meeting.items.order_by("order")
    for item in (public, secret):
        cp = deliberation.counter_proposal_record(item=item, proposer=w.m_member1, text=f"Vasta {item.order}",
                                                  acting_user=w.secretary, seconders=[w.m_member2])
        deliberation.vote_record(item=item, counter_proposal=cp, acting_user=w.secretary,
                                 ballots={w.m_chair: "yes", w.m_vice: "yes", w.m_member1: "no", w.m_member2: "no"})
        services.decision_record(item=item, resolution="approved", text="Hyväksyttiin.", acting_user=w.secretary)
    deliberation.recusal_record(item=public, membership=w.m_deputy, ground="2", acting_user=w.secretary)
    lock(w, meeting)
    services.minutes_publish(meeting=meeting, acting_user=w.secretary)
    meeting.refresh_from_db()
    url = reverse("public:minutes", args=[meeting.pk])
    response = client.get(url)
    page = response.content.decode()
    assert "Vasta 1" in page and "Vasta 2" not in page
    assert "Votes by name" in page and w.m_member2.display_name in page
    assert w.m_deputy.display_name in page and "point 2" in page
    assert response["X-Robots-Tag"] == "noindex"
    monkeypatch.setattr(timezone, "now", lambda: meeting.appeal_period_ends() + dt.timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert w.m_deputy.display_name not in page and "[personal data removed]" in page
    assert "Vasta 1" in page
