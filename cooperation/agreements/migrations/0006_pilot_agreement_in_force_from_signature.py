"""The pilot agreement took effect on signature (its 6.1) and the signing dates are blank in the
source: databases seeded earlier show it in force from 1.3.2021 (the day the pilot act took
effect). Clear that start date so the record says "on signature, date not known"."""

import datetime as dt

from django.db import migrations

PILOT_TITLE_START = "Yhteistyösopimus Hämeen ELY-keskuksen, Hämeen TE-toimiston, KEHA-keskuksen"


def forwards(apps, schema_editor):
    Agreement = apps.get_model("cooperation", "Agreement")
    Agreement.objects.filter(title_fi__startswith=PILOT_TITLE_START, valid_from=dt.date(2021, 3, 1)).update(
        valid_from=None)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0005_remove_unused_agreement_object_permission_tables")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
