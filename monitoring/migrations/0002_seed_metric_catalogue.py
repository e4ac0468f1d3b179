from django.db import migrations


def seed(apps, schema_editor):
    from monitoring.catalogue import sync_metrics

    sync_metrics(apps.get_model("monitoring", "Metric"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_metric_catalogue_observations_reports")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
