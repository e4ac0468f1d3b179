import uuid

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("cooperation", "DataVersion").objects.get_or_create(pk=1, defaults={"token": uuid.uuid4()})


class Migration(migrations.Migration):

    dependencies = [
        ("cooperation", "0002_agreements_and_programme"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField()),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
