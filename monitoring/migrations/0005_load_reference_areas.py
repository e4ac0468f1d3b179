"""Load Statistics Finland's municipality classification (2026) and the employment areas (2025) from
monitoring/reference/, and set the metrics' aggregation rules, so that a freshly migrated portal
knows every area of the country (a whole-country StatFin file imports without demo data)."""

from django.db import migrations

from monitoring import catalogue, classification


def load_reference_areas(apps, schema_editor):
    models = {"area_model": apps.get_model("monitoring", "ReferenceArea"),
              "membership_model": apps.get_model("monitoring", "AreaMembership")}
    classification.load_file(classification.MUNICIPALITY_FILE, **models)
    classification.load_file(classification.EMPLOYMENT_AREA_FILE, **models)


def set_aggregation(apps, schema_editor):
    catalogue.sync_aggregation(apps.get_model("monitoring", "Metric"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_reference_areas_and_metric_aggregation")]

    operations = [
        migrations.RunPython(load_reference_areas, migrations.RunPython.noop),
        migrations.RunPython(set_aggregation, migrations.RunPython.noop),
    ]
