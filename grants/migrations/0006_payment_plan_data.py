"""Give existing parts a payment basis, existing payouts their part and existing requisitions their lines."""

from django.db import migrations

PERFORMANCE_RULES = {"performance_pots", "operation_tariff"}


def forwards(apps, schema_editor):
    Component = apps.get_model("grants", "Component")
    Payout = apps.get_model("grants", "Payout")
    Requisition = apps.get_model("grants", "Requisition")
    RequisitionLine = apps.get_model("grants", "RequisitionLine")
    Component.objects.filter(rule__in=PERFORMANCE_RULES).update(payment_basis="final_run")

    def first_part(programme_id, basis):
        parts = Component.objects.filter(programme_id=programme_id).order_by("position", "code")
        return parts.filter(payment_basis=basis).first() or parts.first()

    for payout in Payout.objects.filter(component__isnull=True).select_related("batch"):
        basis = "requisition" if payout.batch.source == "requisitions" else "final_run"
        payout.component = first_part(payout.batch.programme_id, basis)
        payout.save(update_fields=["component"])
    for requisition in Requisition.objects.all():
        part = Component.objects.filter(programme_id=requisition.programme_id, payment_basis="requisition").order_by(
            "position", "code"
        ).first()
        if part is not None and not RequisitionLine.objects.filter(requisition=requisition).exists():
            RequisitionLine.objects.create(requisition=requisition, component=part, amount=requisition.amount)


class Migration(migrations.Migration):
    dependencies = [("grants", "0005_payment_plan_and_final_account")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
