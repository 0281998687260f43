"""Repayment claims (återbetalning / återkrav): from a follow-up report, from a missed condition, or by hand."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from regions.models import Region
from reporting.models import FollowUpReport

from ..allocation.formatting import format_kr
from ..models import AllocationLine, Component, Deadline, GrantProgramme, Repayment, RepaymentPayment
from .payouts import final_run


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise ValidationError("Bara Socialstyrelsens handläggare kan hantera återbetalningar.")


def default_due_date(programme: GrantProgramme) -> date:
    """Return the programme's repayment deadline, or else 31 March the year after the budget year.

    Every seed decision sets that date: "ska återbetalas senast den 31 mars 2023" for the 2022 grant, and so on.
    """
    deadline = programme.deadlines.filter(kind=Deadline.Kind.REPAYMENT).order_by("date").first()
    return deadline.date if deadline else date(programme.budget_year + 1, 3, 31)


def _save(repayment: Repayment, actor) -> Repayment:
    if repayment.due_date is None:
        repayment.due_date = default_due_date(repayment.programme)
    repayment.created_by = actor
    repayment.full_clean()
    repayment._history_user = actor
    repayment.save()
    return repayment


@transaction.atomic
def repayment_create(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    amount: int,
    reason_text: str,
    due_date: date | None = None,
    invoice_number: str = "",
) -> Repayment:
    """Create a repayment claim by hand, with the reason."""
    _require_staff(actor)
    if not reason_text.strip():
        raise ValidationError("Ange skälet till återbetalningen.")
    return _save(
        Repayment(
            programme=programme,
            region=region,
            reason=Repayment.Reason.MANUAL,
            reason_text=reason_text.strip(),
            amount=amount,
            due_date=due_date,
            invoice_number=invoice_number,
        ),
        actor,
    )


@transaction.atomic
def repayment_create_from_follow_up(
    *, actor, report: FollowUpReport, due_date: date | None = None, invoice_number: str = ""
) -> Repayment:
    """Claim back the unused amount a region states in its follow-up report (seed 001: "återbetala återstoden")."""
    _require_staff(actor)
    report = FollowUpReport.objects.select_for_update().select_related("programme", "region").get(pk=report.pk)
    if report.status not in (FollowUpReport.Status.SUBMITTED, FollowUpReport.Status.ACCEPTED):
        raise ValidationError("Återrapporteringen är inte inskickad.")
    if report.repayments.exists():
        raise ValidationError("Det finns redan en återbetalning för den här återrapporteringen.")
    if report.unused <= 0:
        raise ValidationError("Regionen har använt hela beloppet; det finns inget att återbetala.")
    return _save(
        Repayment(
            programme=report.programme,
            region=report.region,
            reason=Repayment.Reason.FOLLOW_UP_UNUSED,
            reason_text=(
                f"Outnyttjade medel enligt återrapporteringen: mottaget {format_kr(report.amount_received)}, "
                f"använt {format_kr(report.amount_used)}."
            ),
            amount=report.unused,
            follow_up_report=report,
            due_date=due_date,
            invoice_number=invoice_number,
        ),
        actor,
    )


@transaction.atomic
def repayment_create_for_missed_condition(
    *, actor, component: Component, region: Region, due_date: date | None = None, invoice_number: str = ""
) -> Repayment:
    """Claim back a region's whole share of a conditional part it did not meet.

    Seed 002, basic part: "För att inte bli återbetalningsskyldiga ska regionerna rapportera in följande data".
    The share is the region's amount for the part in the programme's final run.
    """
    _require_staff(actor)
    programme = component.programme
    run = final_run(programme)
    if run is None:
        raise ValidationError("Det finns ingen slutlig fördelningskörning att räkna andelen från.")
    share = AllocationLine.objects.filter(run=run, component=component, region=region).aggregate(total=Sum("amount"))
    amount = share["total"] or 0
    if amount <= 0:
        raise ValidationError(f"{region} har ingen andel av {component.name} i körning {run.number}.")
    if Repayment.objects.filter(
        programme=programme,
        region=region,
        reason=Repayment.Reason.CONDITION_MISSED,
        reason_text__contains=component.name,
    ).exists():
        raise ValidationError(f"Det finns redan ett återkrav för {component.name} från {region}.")
    condition = f" Villkor: {component.condition}" if component.condition else ""
    return _save(
        Repayment(
            programme=programme,
            region=region,
            reason=Repayment.Reason.CONDITION_MISSED,
            component=component,
            reason_text=f"Villkoret för {component.name} är inte uppfyllt; hela andelen återbetalas.{condition}",
            amount=amount,
            due_date=due_date,
            invoice_number=invoice_number,
        ),
        actor,
    )


@transaction.atomic
def repayment_update_invoice(*, actor, repayment: Repayment, invoice_number: str, due_date: date) -> Repayment:
    """Record the invoice sent for a claim and its due date."""
    _require_staff(actor)
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk)
    repayment.invoice_number = invoice_number.strip()
    repayment.due_date = due_date
    repayment.full_clean()
    repayment._history_user = actor
    repayment.save()
    return repayment


@transaction.atomic
def repayment_payment_record(*, actor, repayment: Repayment, paid_on: date, amount: int) -> RepaymentPayment:
    """Record money received against a claim; the payments may never exceed the claim."""
    _require_staff(actor)
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk)
    paid = repayment.payments.aggregate(total=Sum("amount"))["total"] or 0
    if amount <= 0:
        raise ValidationError("Beloppet ska vara större än noll.")
    if paid + amount > repayment.amount:
        raise ValidationError(
            f"Inbetalningen är för stor: {format_kr(repayment.amount - paid)} återstår av återbetalningen."
        )
    payment = RepaymentPayment(repayment=repayment, paid_on=paid_on, amount=amount, recorded_by=actor)
    payment.full_clean()
    payment._history_user = actor
    payment.save()
    return payment
