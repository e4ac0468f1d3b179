"""Load Statistics Finland's population per municipality (31.12.2020, monitoring/reference/vaesto_2020.csv;
source in monitoring/reference/README.md), so that the default peer group is the areas whose centre
municipality has a similar population, as issue 12 asks, instead of the labour-force fallback."""

from django.db import migrations

from monitoring import classification


def load_populations(apps, schema_editor):
    classification.load_file(classification.POPULATION_FILE, area_model=apps.get_model("monitoring", "ReferenceArea"))


def forget_populations(apps, schema_editor):
    apps.get_model("monitoring", "ReferenceArea").objects.update(population=None)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0011_choose_first_key_figures")]

    operations = [migrations.RunPython(load_populations, forget_populations)]
