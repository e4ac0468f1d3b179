"""Map the free-text grounds of existing recusals to the points of hallintolaki 28 § 1 mom. where the
text says which (a cited point, or the words of one); the text stays as the explanation. Texts that
name no point are left without one for the secretary to choose."""

import re

from django.db import migrations

CITED = re.compile(r"28\s*§.*?1\s*mom\.?\s*([1-7])\s*(?:k|kohta|p)", re.IGNORECASE)
# Checked in this order: the more particular wording first.
WORDS = (
    ("2", ("läheinen asianosai", "läheisensä on asianosai", "närstående är part")),
    ("6", ("hallitu", "johtotehtäv", "toimitusjohtaj", "säätiö", "liikelaitok", "styrelse", "stiftelse")),
    ("5", ("palvelussuh", "työsuh", "toimeksian", "anställning", "uppdrag")),
    ("3", ("avustaa", "edustaa", "avustaja", "edustaja", "biträder", "företräder")),
    ("4", ("hyöty", "vahinko", "vahinkoa", "nytta", "skada")),
    ("1", ("asianosai", "part i ärendet")),
    ("7", ("luottamus", "puolueettom", "opartiskhet")),
)


def ground_for(text: str) -> str:
    cited = CITED.search(text)
    if cited:
        return cited.group(1)
    lowered = text.lower()
    for point, words in WORDS:
        if any(word in lowered for word in words):
            return point
    return ""


def forwards(apps, schema_editor):
    Recusal = apps.get_model("workgroups", "Recusal")
    for recusal in Recusal.objects.exclude(reason="").filter(ground=""):
        point = ground_for(recusal.reason)
        if point:
            Recusal.objects.filter(pk=recusal.pk).update(ground=point)


class Migration(migrations.Migration):
    dependencies = [('workgroups', '0008_standard_agenda_and_deliberation')]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
