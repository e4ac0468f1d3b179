"""Reload the employment areas from the corrected file (45 areas, sources in monitoring/reference/README.md):
the Kerava–Sipoo area that the first file lacked, Vantaa alone, Kuntayhtymä Kymppi and Seinäjoki's area
apart, Kirkkonummi–Vihti–Siuntio, Etelä-Häme (Janakkala) and TyöHäme (Hämeenlinna with the Forssa
region), Kristiinankaupunki in Suupohja, Vakka-Suomi in Turku's area. The loader ends the memberships
and areas the new file no longer has, so a database migrated with the first file ends up the same as a
fresh one."""

from django.db import migrations

from monitoring import classification


def reload_employment_areas(apps, schema_editor):
    classification.load_file(classification.EMPLOYMENT_AREA_FILE,
                             area_model=apps.get_model("monitoring", "ReferenceArea"),
                             membership_model=apps.get_model("monitoring", "AreaMembership"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_statfin_fetches")]

    operations = [migrations.RunPython(reload_employment_areas, migrations.RunPython.noop)]
