"""Payout decisions (utbetalningsbeslut): prepare from approved requisitions or a final run, approve, pay.

Four eyes: the preparer can never approve (checked here and by the database constraint payout_batch_four_eyes).
Approval and payment are compare-and-set status changes, so a batch is approved and paid once, however many
people click at the same moment.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from regions.models import Region

from ..models import AllocationLine, AllocationRun, GrantProgramme, Payout, PayoutBatch, Requisition
from .audit import compare_and_set

APPROVE_PERMISSION = "grants.approve_payoutbatch"


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise ValidationError("Bara Socialstyrelsens handläggare kan hantera utbetalningsbeslut.")


def _create_batch(
    *,
    actor,
    programme: GrantProgramme,
    payout_date: date,
    source: str,
    payouts: list[Payout],
    run: AllocationRun | None = None,
    note: str = "",
) -> PayoutBatch:
    batch = PayoutBatch(
        programme=programme, source=source, run=run, payout_date=payout_date, note=note, prepared_by=actor
    )
    batch.full_clean()
    batch._history_user = actor
    batch.save()
    for payout in payouts:
        payout.batch = batch
        payout._history_user = actor
        payout.full_clean()
        payout.save()
    return batch


@transaction.atomic
def payout_batch_prepare_from_requisitions(
    *, actor, programme: GrantProgramme, payout_date: date, note: str = ""
) -> PayoutBatch:
    """Prepare a payout decision for every approved requisition of the programme not yet in one."""
    _require_staff(actor)
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    requisitions = list(
        Requisition.objects.filter(programme=programme, status=Requisition.Status.APPROVED, payouts__isnull=True)
        .select_related("region")
        .order_by("region__code")
    )
    if not requisitions:
        raise ValidationError("Det finns inga godkända rekvisitioner som inte redan ingår i ett utbetalningsbeslut.")
    if not any(r.amount > 0 for r in requisitions):
        raise ValidationError(
            "De godkända rekvisitionerna är på 0 kr (intresseanmälan). Medlen betalas ut efter den slutliga "
            "fördelningen: välj fördelningskörningen som underlag."
        )
    remaining = _remaining_allocation(programme)
    if remaining is None:
        raise ValidationError(
            "Det finns ingen slutlig fördelning att pröva rekvisitionerna mot. Beräkna fördelningen först."
        )
    over = [r.region.short_name for r in requisitions if r.amount > remaining.get(r.region_id, 0)]
    if over:
        raise ValidationError(
            f"Rekvisitionen överstiger det som återstår att betala ut av fördelningen för {', '.join(over)}."
        )
    payouts = [
        Payout(
            region=requisition.region,
            requisition=requisition,
            amount=requisition.amount,
            organisation_number=requisition.region.organisation_number,
            payment_method=requisition.payment_method,
            payment_account=requisition.payment_account,
        )
        for requisition in requisitions
        if requisition.amount > 0
    ]
    return _create_batch(
        actor=actor,
        programme=programme,
        payout_date=payout_date,
        source=PayoutBatch.Source.REQUISITIONS,
        payouts=payouts,
        note=note,
    )


def _allocated(run: AllocationRun) -> dict[int, int]:
    return dict(
        AllocationLine.objects.filter(run=run).values_list("region_id").annotate(total=Sum("amount")).order_by()
    )


def _paid_or_prepared(programme: GrantProgramme) -> dict[int, int]:
    return dict(
        Payout.objects.filter(batch__programme=programme)
        .values_list("region_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )


def _remaining_allocation(programme: GrantProgramme) -> dict[int, int] | None:
    """Return region id -> allocation in the final run less what payout decisions already hold; None without one."""
    run = final_run(programme)
    if run is None:
        return None
    already = _paid_or_prepared(programme)
    return {region_id: amount - already.get(region_id, 0) for region_id, amount in _allocated(run).items()}


def final_run(programme: GrantProgramme) -> AllocationRun | None:
    """Return the programme's latest successful run that is not provisional."""
    return programme.runs.filter(status=AllocationRun.Status.SUCCEEDED, provisional=False).order_by("-number").first()


@transaction.atomic
def payout_batch_prepare_from_run(
    *, actor, programme: GrantProgramme, payout_date: date, note: str = ""
) -> PayoutBatch:
    """Prepare a payout decision from the final run: each region's allocation less what earlier decisions pay it.

    A performance programme is paid after its period (seed 002: "Utbetalning sker engångsvis efter mätperiodens
    slut"); a part already paid on requisition (the basic part) is subtracted, so nothing is paid twice. Money is
    paid "efter rekvisition": only regions with an approved requisition are paid, to the account it gives.
    """
    _require_staff(actor)
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    run = final_run(programme)
    if run is None:
        raise ValidationError("Det finns ingen slutlig (inte preliminär) fördelningskörning att betala ut efter.")
    allocated = _allocated(run)
    already = _paid_or_prepared(programme)
    details = {
        r.region_id: r for r in Requisition.objects.filter(programme=programme, status=Requisition.Status.APPROVED)
    }
    regions = Region.objects.in_bulk(allocated.keys())
    payouts = []
    for region_id in sorted(allocated, key=lambda pk: regions[pk].code):
        balance = allocated[region_id] - already.get(region_id, 0)
        requisition = details.get(region_id)
        if balance <= 0 or requisition is None:
            continue
        payouts.append(
            Payout(
                region=regions[region_id],
                amount=balance,
                organisation_number=regions[region_id].organisation_number,
                payment_method=requisition.payment_method,
                payment_account=requisition.payment_account,
            )
        )
    if not payouts:
        raise ValidationError(
            f"Det finns inget att betala ut efter körning {run.number}: regioner med godkänd rekvisition har "
            "redan fått hela sin fördelning, och regioner utan godkänd rekvisition får ingen utbetalning."
        )
    return _create_batch(
        actor=actor,
        programme=programme,
        payout_date=payout_date,
        source=PayoutBatch.Source.RUN,
        payouts=payouts,
        run=run,
        note=note,
    )


@transaction.atomic
def payout_batch_approve(*, actor, batch: PayoutBatch) -> PayoutBatch:
    """Approve (attestera) a prepared payout decision; never by the person who prepared it."""
    _require_staff(actor)
    if not actor.has_perm(APPROVE_PERMISSION):
        raise ValidationError("Du har inte behörighet att attestera utbetalningsbeslut.")
    if actor.pk == batch.prepared_by_id:
        raise ValidationError(
            "Den som har upprättat ett utbetalningsbeslut kan inte attestera det. En annan person måste attestera."
        )
    missing = list(
        batch.payouts.filter(payment_account="").values_list("region__short_name", flat=True).order_by("region__code")
    )
    if missing:
        raise ValidationError(f"Betalningsuppgifter saknas för {', '.join(missing)}.")
    if not batch.payouts.exists():
        raise ValidationError("Utbetalningsbeslutet har inga utbetalningar.")
    won = compare_and_set(
        batch,
        actor=actor,
        old=PayoutBatch.Status.DRAFT,
        status=PayoutBatch.Status.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    if not won:
        raise ValidationError("Utbetalningsbeslutet är redan attesterat.")
    return batch


@transaction.atomic
def payout_batch_mark_paid(*, actor, batch: PayoutBatch) -> PayoutBatch:
    """Record that an approved payout decision has been paid; a batch is paid once only."""
    _require_staff(actor)
    won = compare_and_set(
        batch,
        actor=actor,
        old=PayoutBatch.Status.APPROVED,
        status=PayoutBatch.Status.PAID,
        paid_by=actor,
        paid_at=timezone.now(),
    )
    if not won:
        batch.refresh_from_db(fields=["status"])
        if batch.status == PayoutBatch.Status.PAID:
            raise ValidationError("Utbetalningsbeslutet är redan registrerat som utbetalt.")
        raise ValidationError("Utbetalningsbeslutet måste attesteras innan det kan betalas ut.")
    return batch


@transaction.atomic
def payout_batch_discard(*, actor, batch: PayoutBatch) -> None:
    """Delete a payout decision that has not been approved, releasing its requisitions."""
    _require_staff(actor)
    locked = PayoutBatch.objects.select_for_update().filter(pk=batch.pk, status=PayoutBatch.Status.DRAFT).first()
    if locked is None:
        raise ValidationError("Ett attesterat utbetalningsbeslut kan inte tas bort.")
    for payout in locked.payouts.all():
        payout._history_user = actor
        payout.delete()
    locked._history_user = actor
    locked.delete()
