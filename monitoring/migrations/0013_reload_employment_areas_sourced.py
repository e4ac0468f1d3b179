"""Reload the employment areas from the file corrected against the sources noted in
monitoring/reference/README.md ("Corrected 1.12.2026, second pass"): Koski Tl and Marttila in Salo's
area (Turku's has its 23), Kuusamo and Taivalkoski in Kainuu-Koillismaa, Hankasalmi, Laukaa and
Uurainen in Pohjoinen Keski-Suomi (Jyväskylä with Muurame only), the Raahe area of eleven and the
Ylivieska–Kalajoki–Nivala area of six, Heinävesi in Pohjois-Karjala; names as the sources give them.
The loader ends the memberships the file no longer has, so a database migrated with the earlier file
ends up the same as a fresh one."""

from django.db import migrations

from monitoring import classification


def reload_employment_areas(apps, schema_editor):
    classification.load_file(classification.EMPLOYMENT_AREA_FILE,
                             area_model=apps.get_model("monitoring", "ReferenceArea"),
                             membership_model=apps.get_model("monitoring", "AreaMembership"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0012_load_municipality_populations")]

    operations = [migrations.RunPython(reload_employment_areas, migrations.RunPython.noop)]
