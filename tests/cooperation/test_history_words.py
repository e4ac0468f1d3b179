"""Change histories in words: the shared helper (cooperation.base.history) shows who, when in
Helsinki time and what changed by translated field names and displayed values, in every app."""

import datetime as dt
from decimal import Decimal

from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cooperation.base.audit import acting_as
from cooperation.base.history import describe
from tests.factories.monitoring import TargetFactory
from tests.factories.parties import PartyFactory, UserFactory
from tests.factories.procurement import ProcurementFactory
from tests.factories.workgroups import MembershipFactory

CODES = ("None", "True", "False", "dps", "open", "vice_chair", "lead_party", "voting", "period_end", "10.0000")


def _latest(obj):
    return LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-pk")


def _words(rows) -> list[str]:
    return [f"{c.label}: {c.old} → {c.new}" if c.old else f"{c.label}: {c.new}" for row in rows for c in row.changes]


def test_procurement_choice_and_foreign_key_and_money_in_words(db):
    official = UserFactory(first_name="Hanna", last_name="Hankkija")
    procurement = ProcurementFactory(lead_party=PartyFactory(name_fi="Lahden kaupunki"))
    hollola = PartyFactory(name_fi="Hollolan kunta")
    with acting_as(official):
        procurement.procedure = "open"
        procurement.lead_party = hollola
        procurement.estimated_value = Decimal("1416666.67")
        procurement.save()
    with translation.override("fi"):
        rows = describe(_latest(procurement))
        update = rows[0]
        assert update.who == "Hanna Hankkija" and update.action == "Muutettu"
        words = _words([update])
    assert "Menettely: Dynaaminen hankintajärjestelmä → Avoin menettely" in words
    assert "Hankintayksikkö (vastuuviranomainen): Lahden kaupunki → Hollolan kunta" in words
    assert any(w.startswith("Arvioitu arvo") and w.endswith("500\u00a0000 → 1\u00a0416\u00a0666,67") for w in words)
    assert not any(code in w for w in words for code in CODES)
    # The new row lists only what was given, without the empty "before" of every field.
    created = rows[-1]
    assert created.action == "Lisätty" and all(not c.old for c in created.changes)
    assert all(c.new != "–" for c in created.changes)


def test_membership_role_and_boolean_in_swedish_with_local_time(db):
    secretary = UserFactory(first_name="Sari", last_name="Sihteeri")
    membership = MembershipFactory(role="member", voting=True)
    with acting_as(secretary):
        membership.role = "vice_chair"
        membership.voting = False
        membership.save()
    entry = _latest(membership).first()
    entry.timestamp = dt.datetime(2026, 6, 1, 9, 5, tzinfo=dt.UTC)  # 12.05 in Helsinki (summer time)
    with translation.override("sv"):
        row = describe([entry])[0]
        assert row.when_text == "1.6.2026 12.05"
        words = _words([row])
        assert row.action == "Ändrad" and row.who == "Sari Sihteeri"
    assert "Roll: Medlem → Vice ordförande" in words
    assert "Röstberättigad medlem: Ja → Nej" in words


def test_target_history_in_words_on_the_targets_page(db, client_for, make_user):
    from parties import roles

    official = make_user(roles.OFFICIAL, first_name="Olli", last_name="Oksanen")
    target = TargetFactory(value=Decimal("10"), metric__decimals=1, metric__unit="percent")
    with acting_as(official):
        target.value = Decimal("9.5")
        target.period_end = dt.date(2027, 12, 31)
        target.save()
    with translation.override("fi"):
        words = _words(describe(_latest(target)))
    assert "Tavoitearvo: 10 → 9,5" in words or any(w.endswith(": 10 → 9,5") for w in words), words
    assert any(w.endswith("31.12.2026 → 31.12.2027") for w in words), words
    page = client_for(official).get("/monitoring/targets/").content.decode()
    assert "Olli Oksanen" in page and "31.12.2026 → 31.12.2027" in page
    assert "period_end" not in page and "None" not in page


def test_history_table_renders_words_and_a_machine_readable_time(db):
    party = PartyFactory(name_fi="Orimattilan kaupunki")
    with acting_as(None):
        party.name_fi = "Orimattilan kaupunki (uusi)"
        party.save()
    with translation.override("fi"):
        html = render_to_string("includes/history_table.html", {"rows": describe(_latest(party)), "show_subject": True})
    local = timezone.localtime(_latest(party).first().timestamp)
    assert f'datetime="{local:%Y-%m-%dT%H:%M:%S%z}"' in html  # whole seconds: the Nu checker refuses six decimals
    assert "Orimattilan kaupunki → Orimattilan kaupunki (uusi)" in html
    assert "name_fi" not in html and "None" not in html
