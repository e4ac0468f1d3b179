"""KEHA-keskus was renamed on 1.1.2026 (same business ID), not succeeded by a new party.

Databases seeded before this release hold a separate party "Elinvoimakeskusten kehittämis- ja
hallintokeskus" with a succession from KEHA-keskus. This keeps one party with its former name
and removes the invented one when nothing refers to it (otherwise it is marked for review).
The other facts (successions with their duties and sources) come from `seed_parties`.
"""

import datetime as dt

from django.db import migrations
from django.db.models import ProtectedError

WRONG = "Elinvoimakeskusten kehittämis- ja hallintokeskus"
NEW_NAME = "Työllisyys-, kehittämis- ja hallintokeskus (KEHA-keskus)"
FORMER = ("Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen kehittämis- ja "
          "hallintokeskus (KEHA-keskus)")


def forwards(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    PartyName = apps.get_model("parties", "PartyName")
    PartySuccession = apps.get_model("parties", "PartySuccession")
    keha = Party.objects.filter(name_fi="KEHA-keskus").first()
    wrong = Party.objects.filter(name_fi=WRONG).first()
    if wrong is not None:
        PartySuccession.objects.filter(successor=wrong).delete()
        try:
            wrong.delete()
        except ProtectedError:
            wrong.notes = (wrong.notes + "\n" if wrong.notes else "") + (
                "Tarkistettava: KEHA-keskus nimettiin uudelleen 1.1.2026, tätä seuraajaa ei ole.")
            wrong.save(update_fields=["notes"])
    if keha is not None:
        PartyName.objects.get_or_create(
            party=keha, valid_until=dt.date(2025, 12, 31),
            defaults={"name_fi": FORMER, "name_sv": keha.name_sv,
                      "source": "Kuntakokeilun yhteistyösopimus, kohta 1 (shared/seeds/003)"},
        )
        keha.name_fi, keha.name_sv, keha.valid_until = NEW_NAME, "", None
        keha.save(update_fields=["name_fi", "name_sv", "valid_until"])


class Migration(migrations.Migration):
    dependencies = [("parties", "0003_party_former_names_and_succession_duties")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
