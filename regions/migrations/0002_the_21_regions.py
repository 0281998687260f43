"""Load the 21 regions and the spellings documents use for them (reference data, regions/reference.py)."""

from django.db import migrations

from regions.reference import load_reference_regions


def load_regions(apps, schema_editor):
    load_reference_regions(apps.get_model("regions", "Region"), apps.get_model("regions", "RegionAlias"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
