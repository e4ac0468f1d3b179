"""The stored search documents never go stale (cooperation.base.search): after the ordinary writes of the
portal (services, and a plain save as the admin does) every document is what a rebuild from the rows
would write. A document that shows another row's text (a decision shows its item's title and its
matter's register number) must be rewritten when that row changes: a matter's register number changed
in the admin left its items and decisions findable only by the old number."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cooperation.base.models import SearchDocument
from tests.conftest import requires_voikko
from tests.factories.cooperation import AgreementFactory
from tests.factories.procurement import ProcurementFactory
from workgroups import services
from workgroups.models import Decision, Matter
from workgroups.search import search_decisions

from .conftest import all_present, decide_all, lock, meeting_at

pytestmark = [pytest.mark.django_db, *requires_voikko()]


def _documents() -> dict:
    return {(d.content_type_id, d.object_id): (d.text, d.terms, str(d.vector or ""))
            for d in SearchDocument.objects.all()}


def test_after_ordinary_writes_every_document_is_what_a_rebuild_writes(world):
    w = world
    matter = services.matter_create(body=w.body, title="Työhönvalmennuksen hankinta", acting_user=w.secretary,
                                    register_number="TYO/71/2026", description="Hankinnan valmistelu.")
    meeting = meeting_at(w, items=2)
    first, second = meeting.items.order_by("order")
    services.agenda_item_update(item=first, acting_user=w.secretary, matter=matter,
                                background="Taustaa työhönvalmennuksesta.")
    all_present(w, meeting)
    decide_all(w, meeting)
    services.agenda_item_update(item=second, acting_user=w.secretary, title="Viestintäsuunnitelma")
    lock(w, meeting)
    decision = Decision.objects.get(agenda_item=first)
    services.decision_correct(decision=decision, reason="Kirjoitusvirhe", acting_user=w.secretary,
                              text="Hankinta käynnistetään korjattuna.")
    action = services.action_item_create(body=w.body, decision=decision, title="Tarjouspyyntö", owner=w.member1,
                                         due_date=dt.date(2026, 6, 1), acting_user=w.secretary)
    services.action_item_set_status(item=action, status="in_progress", note="Luonnos valmis.",
                                    acting_user=w.member1)
    services.proposal_submit(to_body=w.body, from_body=w.group, title="Ehdotus yhteishankinnasta",
                             proposal_text="Hankitaan yhdessä.", acting_user=w.wg_member)
    agreement = AgreementFactory(title_fi="Yhteistyösopimus", purpose="Kuntien yhteistyö.")
    agreement.purpose = "Kuntien ja valtion yhteistyö."
    agreement.save()
    ProcurementFactory(title="Työhönvalmennuksen yhteishankinta")
    # The admin's way: a plain save of the matter with a new register number.
    matter.register_number = "TYO/93/2026"
    matter.title = "Työhönvalmennuksen yhteishankinta"
    matter.save()

    written = _documents()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert _documents() == written

    # visibility: a test of the index itself; who finds what is tested in test_search.py.
    decisions = Decision.objects.all()
    assert list(search_decisions(decisions, "TYO/93/2026")) == [decision]
    assert not search_decisions(decisions, "TYO/71/2026").exists()
    assert not search_decisions(Matter.objects.all(), "TYO/71/2026").exists()
