import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_payment_plan_data")]

    operations = [
        migrations.AlterField(
            model_name="payout",
            name="component",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="grants.component",
                verbose_name="del",
            ),
        ),
    ]
