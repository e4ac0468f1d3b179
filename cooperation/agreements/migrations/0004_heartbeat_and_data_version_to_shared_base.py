from django.db import migrations


class Migration(migrations.Migration):
    """The heartbeat and the data version now live in the shared base (base 0001)."""

    dependencies = [
        ("cooperation", "0003_dataversion"),
        ("base", "0001_worker_heartbeat_and_data_version"),
    ]

    operations = [
        migrations.DeleteModel(name="WorkerHeartbeat"),
        migrations.DeleteModel(name="DataVersion"),
    ]
