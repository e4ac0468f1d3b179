"""Secrecy grounds written by hand become the controlled list's codes where they name a listed ground
("JulkL 24 § 1 mom. 25 k.", "julkl 24 § 1 mom 25 kohta" → "JulkL 24 § 1 mom. 25 k"). Values that name no
listed ground are kept as written: the pages show them as they are, and editing the row asks for a
ground from the list."""

from django.db import migrations

from cooperation.base.secrecy_grounds import normalise

MODELS = ("Matter", "AgendaItem", "Attachment", "Proposal")


def to_codes(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("workgroups", name)
        for pk, ground in model.objects.exclude(secrecy_ground="").values_list("pk", "secrecy_ground"):
            code = normalise(ground)
            if code != ground:
                model.objects.filter(pk=pk).update(secrecy_ground=code)


class Migration(migrations.Migration):
    dependencies = [
        ('workgroups', '0010_invitation_sendings'),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
