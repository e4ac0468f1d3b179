"""The knowledge-management group's first choice of the six key figures (catalogue.KEY_FIGURES)."""

from django.db import migrations


def choose(apps, schema_editor):
    from monitoring.catalogue import seed_key_figures

    seed_key_figures(apps.get_model("monitoring", "Metric"))


def unchoose(apps, schema_editor):
    apps.get_model("monitoring", "Metric").objects.update(key_figure_order=None)


class Migration(migrations.Migration):
    dependencies = [('monitoring', '0010_metric_key_figure_order')]
    operations = [migrations.RunPython(choose, unchoose)]
