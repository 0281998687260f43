from django.db import migrations

OLD = "Seed 001: fokus på grupper med störst behov, medicinskt och socioekonomiskt."
NEW = (
    "Enligt Socialstyrelsens anvisningar bör särskilt fokus ligga på de grupper som har störst behov av insatser, "
    "medicinskt och socioekonomiskt."
)


def forwards(apps, schema_editor):
    """Reword the help of questions already created with an internal document name the regions saw."""
    apps.get_model("reporting", "SurveyQuestion").objects.filter(help_text=OLD).update(help_text=NEW)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_swedish_field_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
