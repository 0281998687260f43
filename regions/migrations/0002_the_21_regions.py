"""Load the 21 regions and the spellings documents use for them (reference data, regions/reference.py)."""

from django.db import migrations

from regions.normalize import normalize_name
from regions.reference import REGIONS


def load_regions(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    RegionAlias = apps.get_model("regions", "RegionAlias")
    for code, name, short_name, aliases in REGIONS:
        region, _ = Region.objects.update_or_create(code=code, defaults={"name": name, "short_name": short_name})
        for alias in aliases:
            RegionAlias.objects.update_or_create(
                normalized=normalize_name(alias), defaults={"region": region, "alias": alias}
            )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
