
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def create_gin_index(apps, schema_editor):
    # The search's index: `vector @@ tsquery` reads it. PostgreSQL only (SQLite searches the
    # `terms` text); a plain operation because Django's GinIndex cannot be skipped on SQLite.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX base_searchdocument_vector_gin ON base_searchdocument USING gin (vector)")


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS base_searchdocument_vector_gin")


class Migration(migrations.Migration):

    dependencies = [
        ('base', '0001_worker_heartbeat_and_data_version'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('language', models.CharField(default='fi', max_length=8)),
                ('text', models.TextField(blank=True)),
                ('terms', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'default_permissions': (),
                'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='base_searchdocument_one_per_object')],
            },
        ),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
