"""Writes for the region's own planning (seed 004): activity plan for money received, operations plan."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import l10n
from grants.allocation import planner
from grants.models import GrantProgramme
from regions.access import may_draft, may_submit
from regions.models import Region

from ..models import AMOUNT_LIMIT, ActivityPlan, ActivityPlanLine, OperationsPlan, PlanStatus
from ..planning import activity_plan_amount, tariff_terms


@dataclass(frozen=True)
class ActivityLineInput:
    activity: str
    amount: int
    unit: str = ""
    accounting_object: str = ""


def _check_role(actor, region: Region, submit: bool) -> None:
    allowed = may_submit(actor, region) if submit else may_draft(actor, region)
    if not allowed:
        if submit:
            raise PermissionDenied(_("Du har inte behörighet att skicka in planen."))
        raise PermissionDenied(_("Du har inte behörighet att ändra planen."))


def _submit(model, plan, actor) -> None:
    changed = model.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.SUBMITTED, submitted_by=actor, submitted_at=timezone.now()
    )
    if changed != 1:
        raise ValidationError(_("Planen är redan inskickad."))
    plan.refresh_from_db()
    plan._history_user = actor
    plan.save()


@transaction.atomic
def activity_plan_save(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    accounting_object: str,
    lines: list[ActivityLineInput],
    submit: bool = False,
) -> ActivityPlan:
    """Save the activity plan; to submit it, its lines must sum to exactly the amount received."""
    _check_role(actor, region, submit)
    plan = ActivityPlan.objects.select_for_update().filter(programme=programme, region=region).first()
    plan = plan or ActivityPlan(programme=programme, region=region)
    if plan.status == PlanStatus.SUBMITTED:
        raise ValidationError(_("Aktivitetsplanen är redan inskickad och kan inte ändras."))
    errors = [
        _("Rad %(row)s: beskriv aktiviteten.") % {"row": n}
        for n, line in enumerate(lines, 1)
        if not line.activity.strip()
    ]
    errors += [
        _("Rad %(row)s: beloppet kan inte vara negativt.") % {"row": n}
        for n, line in enumerate(lines, 1)
        if line.amount < 0
    ]
    # The lines are written with bulk_create, which skips full_clean: an amount past BigIntegerField would crash.
    errors += [
        _("Rad %(row)s: beloppet får vara högst %(limit)s.") % {"row": n, "limit": l10n.kr(AMOUNT_LIMIT)}
        for n, line in enumerate(lines, 1)
        if line.amount > AMOUNT_LIMIT
    ]
    received = activity_plan_amount(programme, region)
    total = sum(line.amount for line in lines)
    if submit and total != received:
        errors.append(
            _(
                "Aktiviteterna summerar till %(total)s men regionen har fått %(received)s fördelat. "
                "Fördela hela beloppet (skillnad %(difference)s)."
            )
            % {"total": l10n.kr(total), "received": l10n.kr(received), "difference": l10n.kr(received - total)}
        )
    if errors:
        raise ValidationError(errors)
    plan.amount_received = received
    plan.accounting_object = accounting_object.strip()
    plan._history_user = actor
    plan.full_clean()
    plan.save()
    plan.lines.all().delete()
    ActivityPlanLine.objects.bulk_create(
        ActivityPlanLine(
            plan=plan,
            position=n,
            activity=line.activity.strip(),
            unit=line.unit.strip(),
            accounting_object=line.accounting_object.strip() or plan.accounting_object,
            amount=line.amount,
        )
        for n, line in enumerate(lines, start=1)
    )
    if submit:
        _submit(ActivityPlan, plan, actor)
    return plan


@transaction.atomic
def operations_plan_save(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    counts: dict[str, int],
    units: dict[str, str],
    submit: bool = False,
) -> OperationsPlan:
    """Save the operations plan with what it would earn against the region's cap (seed 004, block 2)."""
    _check_role(actor, region, submit)
    plan = OperationsPlan.objects.select_for_update().filter(programme=programme, region=region).first()
    plan = plan or OperationsPlan(programme=programme, region=region)
    if plan.status == PlanStatus.SUBMITTED:
        raise ValidationError(_("Verksamhetsplanen är redan inskickad och kan inte ändras."))
    terms = tariff_terms(programme, region)
    if terms is None:
        raise ValidationError(_("Statsbidraget har ingen ersättning per operation."))
    if any(count < 0 for count in counts.values()):
        raise ValidationError(_("Antalet operationer kan inte vara negativt."))
    result = planner.plan(cap=terms.cap, tariffs=terms.tariffs, counts=counts)
    for kind in ("hip", "prolapse", "cataract"):
        setattr(plan, f"{kind}_operations", counts.get(kind, 0))
        setattr(plan, f"{kind}_unit", units.get(kind, "").strip())
    plan.cap = terms.cap
    plan.amount = result.amount
    plan._history_user = actor
    plan.full_clean()
    plan.save()
    if submit:
        _submit(OperationsPlan, plan, actor)
    return plan
