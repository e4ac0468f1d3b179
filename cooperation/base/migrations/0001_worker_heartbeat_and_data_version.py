import uuid

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("base", "DataVersion").objects.get_or_create(pk=1, defaults={"token": uuid.uuid4()})


class Migration(migrations.Migration):
    """The heartbeat and the data version, moved from the cooperation app to the shared base.

    Both are bookkeeping that rebuilds itself (a new heartbeat each minute, a new token at once),
    so the tables are created anew here and the old ones dropped by cooperation 0004.
    """

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("hostname", models.CharField(blank=True, max_length=200, verbose_name="worker host")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
            ],
            options={
                "verbose_name": "worker heartbeat",
                "verbose_name_plural": "worker heartbeats",
                "ordering": ["-created"],
                "get_latest_by": "created",
            },
        ),
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
