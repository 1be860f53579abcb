from django.db import migrations

from runway.taxonomy.loading import load_taxonomy


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    load_taxonomy(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
