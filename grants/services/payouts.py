"""Payout decisions (utbetalningsbeslut): prepare from approved requisitions or a final run, approve, pay.

Each part is paid as its definition says (DESIGN §6): a part with payment basis `requisition` after the region's
requisition of it is approved, a part with basis `final_run` once its measurement period's run is final, less what
has been paid. Whatever the path, no region is promised more of a part than its allocation: `_create_batch` checks
every new payout against the allocation less every earlier decision, paid or not.

Payouts go to the payment master data staff keep per region (organisation number and account), copied onto each
payout when the decision is prepared; a decision cannot be prepared or approved while a region lacks them.

Four eyes: the preparer can never approve (checked here and by the database constraint payout_batch_four_eyes).
Approval and payment are compare-and-set status changes, so a batch is approved and paid once, however many
people click at the same moment.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region
from regions.validators import normalize_account, normalize_organisation_number

from .. import l10n
from ..models import Component, GrantProgramme, Payout, PayoutBatch, Requisition, RequisitionLine
from ..money import PartAllocation, part_allocations, payout_totals
from .audit import compare_and_set
from .guards import require_open, require_staff

APPROVE_PERMISSION = "grants.approve_payoutbatch"
STAFF_ONLY = gettext_lazy("Bara Socialstyrelsens handläggare kan hantera utbetalningsbeslut.")


def _names(regions) -> str:
    return ", ".join(r.short_name for r in sorted(regions, key=lambda r: r.code))


def _require_payment_details(regions: list[Region]) -> None:
    faulty = [region for region in regions if payment_details_fault(region)]
    if faulty:
        raise ValidationError(
            _(
                "Organisationsnummer eller bankgiro-/plusgironummer saknas eller är ogiltigt för %(regions)s. "
                "Registrera regionens betalningsuppgifter innan utbetalningsbeslutet upprättas."
            )
            % {"regions": _names(faulty)}
        )


def _require_within_allocation(
    programme: GrantProgramme, payouts: list[Payout], *, batch: PayoutBatch | None = None
) -> None:
    """Refuse payouts that would give a region more of a part than its allocation less the other decisions.

    Checked when a decision is prepared and again when it is approved and paid: a corrected run may have lowered
    an allocation in between.
    """
    parts = part_allocations(programme)
    committed = payout_totals(programme, paid_only=False, exclude_batch_id=batch.pk if batch else None)
    problems = []
    for payout in payouts:
        part = parts.get(payout.component_id)
        if part is None or not part.computed:
            part_name = {"part": payout.component.name}
            raise ValidationError(_("Fördelningen av %(part)s är inte beräknad än.") % part_name)
        if part.provisional:
            raise ValidationError(
                _(
                    "Fördelningen av %(part)s är preliminär (körning %(run)s): mätperioden är inte avslutad, så "
                    "delen kan inte betalas ut än."
                )
                % {"part": payout.component.name, "run": part.run_number}
            )
        key = (payout.component_id, payout.region_id)
        remaining = part.by_region.get(payout.region_id, 0) - committed.get(key, 0)
        if payout.amount > remaining:
            problems.append(
                _("%(region)s (%(part)s): %(amount)s men %(remaining)s återstår av fördelningen")
                % {
                    "region": payout.region.short_name,
                    "part": payout.component.name,
                    "amount": l10n.kr(payout.amount),
                    "remaining": l10n.kr(max(remaining, 0)),
                }
            )
        committed[key] = committed.get(key, 0) + payout.amount
    if problems:
        # Only when approving (`batch`): a corrected run may have lowered the allocation since it was prepared.
        after = (
            " " + _("Fördelningen har ändrats sedan beslutet upprättades: ta bort utkastet och upprätta ett nytt.")
            if batch
            else ""
        )
        raise ValidationError(
            _("Utbetalningen skulle överstiga det som återstår av regionens fördelning: %(problems)s.")
            % {"problems": "; ".join(problems)}
            + after
        )


def _create_batch(
    *,
    actor,
    programme: GrantProgramme,
    payout_date: date,
    source: str,
    payouts: list[Payout],
    run_id: int | None = None,
    note: str = "",
) -> PayoutBatch:
    _require_payment_details(list({p.region_id: p.region for p in payouts}.values()))
    _require_within_allocation(programme, payouts)
    batch = PayoutBatch(
        programme=programme, source=source, run_id=run_id, payout_date=payout_date, note=note, prepared_by=actor
    )
    batch.full_clean()
    batch._history_user = actor
    batch.save()
    for payout in payouts:
        payout.batch = batch
        payout.organisation_number = payout.region.organisation_number
        payout.payment_method = payout.region.payment_method
        payout.payment_account = payout.region.payment_account
        payout._history_user = actor
        payout.full_clean()
        payout.save()
    return batch


def _lock_open(actor, programme: GrantProgramme) -> None:
    require_staff(actor, STAFF_ONLY)
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    require_open(programme)


@transaction.atomic
def payout_batch_prepare_from_requisitions(
    *, actor, programme: GrantProgramme, payout_date: date, note: str = ""
) -> PayoutBatch:
    """Prepare a payout decision for every approved requisition's parts not yet in a decision.

    Only parts paid on requisition are paid this way (the 2022 grant, the 2024 basic part, block 1 of 2025).
    """
    _lock_open(actor, programme)
    lines = list(
        RequisitionLine.objects.filter(
            requisition__programme=programme,
            requisition__status=Requisition.Status.APPROVED,
            component__payment_basis=Component.PaymentBasis.REQUISITION,
            amount__gt=0,
        )
        .exclude(
            Exists(
                Payout.objects.filter(requisition_id=OuterRef("requisition_id"), component_id=OuterRef("component_id"))
            )
        )
        .select_related("requisition__region", "component")
        .order_by("requisition__region__code", "component__position")
    )
    if not lines:
        raise ValidationError(
            _("Det finns inga godkända rekvisitioner som inte redan ingår i ett utbetalningsbeslut.")
            + _final_run_hint(programme)
        )
    parts = part_allocations(programme)
    committed = payout_totals(programme, paid_only=False)
    payouts, left_out = [], []
    for line in lines:
        part = parts.get(line.component_id)
        remaining = (part.by_region.get(line.requisition.region_id, 0) if part else 0) - committed.get(
            (line.component_id, line.requisition.region_id), 0
        )
        # A part requisitioned whole is paid what the region's allocation is now, not what it was when it asked.
        amount = remaining if line.component.requisitioned_whole else line.amount
        if part is not None and part.final and 0 < amount <= remaining:
            payouts.append(
                Payout(
                    region=line.requisition.region,
                    component=line.component,
                    requisition=line.requisition,
                    amount=amount,
                )
            )
        else:
            left_out.append(line)
    if not payouts:
        # Nothing fits: let the allocation check name every region and why.
        payouts = [
            Payout(region=li.requisition.region, component=li.component, requisition=li.requisition, amount=li.amount)
            for li in left_out
        ]
        _require_within_allocation(programme, payouts)
    if left_out:
        names = ", ".join(f"{li.requisition.region.short_name} ({li.component.name})" for li in left_out)
        left_out_note = (
            f"Ingår inte (rekvisitionen överstiger det som återstår av fördelningen): {names}."  # i18n: stored
        )
        note = f"{note} {left_out_note}".strip()
    return _create_batch(
        actor=actor,
        programme=programme,
        payout_date=payout_date,
        source=PayoutBatch.Source.REQUISITIONS,
        payouts=payouts,
        note=note[:300],
    )


def _final_run_hint(programme: GrantProgramme) -> str:
    if programme.components.filter(payment_basis=Component.PaymentBasis.FINAL_RUN).exists():
        return " " + _("Prestationsdelar betalas ut efter den slutliga fördelningen: välj den som underlag.")
    return ""


def final_parts(programme: GrantProgramme) -> list[PartAllocation]:
    """Return the programme's parts paid from the final run, with their allocations."""
    return [
        part
        for part in part_allocations(programme).values()
        if part.component.payment_basis == Component.PaymentBasis.FINAL_RUN
    ]


@transaction.atomic
def payout_batch_prepare_from_run(
    *, actor, programme: GrantProgramme, payout_date: date, note: str = ""
) -> PayoutBatch:
    """Prepare a payout decision from the final run: each region's allocation of each part less what is committed.

    A performance part is paid after its period (seed 002: "Utbetalning sker engångsvis efter mätperiodens slut");
    while the run is provisional the part cannot be paid. Earlier decisions for the part are subtracted, so a
    corrected final run pays only the difference and nothing is paid twice.
    """
    _lock_open(actor, programme)
    parts = final_parts(programme)
    if not parts:
        raise ValidationError(
            _(
                "Statsbidraget har ingen del som betalas ut efter den slutliga fördelningen. Betala ut efter godkända "
                "rekvisitioner i stället."
            )
        )
    ready = [part for part in parts if part.final]
    if not ready:
        states = "; ".join(
            f"{p.component.name}: "
            + (
                _("körning %(run)s är preliminär") % {"run": p.run_number}
                if p.computed
                else _("fördelningen är inte beräknad")
            )
            for p in parts
        )
        raise ValidationError(
            _(
                "Fördelningen är inte slutlig (%(states)s). Mätperioden är inte avslutad, så prestationsdelarna kan "
                "inte betalas ut än."
            )
            % {"states": states}
        )
    committed = payout_totals(programme, paid_only=False)
    regions = Region.objects.in_bulk({region_id for part in ready for region_id in part.by_region})
    payouts = []
    for part in ready:
        for region_id, amount in part.by_region.items():
            balance = amount - committed.get((part.component.pk, region_id), 0)
            if balance > 0:
                payouts.append(Payout(region=regions[region_id], component=part.component, amount=balance))
    if not payouts:
        raise ValidationError(
            _(
                "Det finns inget att betala ut efter den slutliga fördelningen: regionerna har redan fått hela sin "
                "fördelning, eller den är 0 kr."
            )
        )
    payouts.sort(key=lambda p: (p.region.code, p.component.position))
    return _create_batch(
        actor=actor,
        programme=programme,
        payout_date=payout_date,
        source=PayoutBatch.Source.RUN,
        payouts=payouts,
        run_id=max(part.run_id for part in ready),
        note=note,
    )


def payment_details_fault(region: Region) -> str | None:
    """Return what is missing or wrong in the region's payment master data, or None when it can be paid."""
    try:
        if normalize_organisation_number(region.organisation_number) != region.organisation_number:
            return _("organisationsnumret är inte skrivet NNNNNN-NNNN")
    except ValidationError:
        return _("organisationsnummer saknas eller är ogiltigt")
    try:
        normalize_account(region.payment_method, region.payment_account)
    except ValidationError:
        return _("bankgiro- eller plusgironummer saknas eller är ogiltigt")
    return None


def _approval_faults(batch: PayoutBatch) -> list[str]:
    """Return the regions whose payout lines cannot be approved: invalid details, or changed since preparation."""
    faults = []
    for payout in batch.payouts.select_related("region").order_by("region__code"):
        region = payout.region
        copy = Region(
            organisation_number=payout.organisation_number,
            payment_method=payout.payment_method,
            payment_account=payout.payment_account,
        )
        if payment_details_fault(copy):
            faults.append(
                _("%(region)s (organisationsnummer eller konto saknas eller är ogiltigt)")
                % {"region": region.short_name}
            )
        elif (region.organisation_number, region.payment_method, region.payment_account) != (
            payout.organisation_number,
            payout.payment_method,
            payout.payment_account,
        ):
            faults.append(
                _("%(region)s (betalningsuppgifterna har ändrats sedan beslutet upprättades)")
                % {"region": region.short_name}
            )
    return sorted(set(faults), key=faults.index)


@transaction.atomic
def payout_batch_approve(*, actor, batch: PayoutBatch) -> PayoutBatch:
    """Approve (attestera) a prepared payout decision; never by the person who prepared it."""
    require_staff(actor, STAFF_ONLY)
    require_open(batch.programme)
    if not actor.has_perm(APPROVE_PERMISSION):
        raise ValidationError(_("Du har inte behörighet att attestera utbetalningsbeslut."))
    if actor.pk == batch.prepared_by_id:
        raise ValidationError(
            _("Den som har upprättat ett utbetalningsbeslut kan inte attestera det. En annan person måste attestera.")
        )
    if not batch.payouts.exists():
        raise ValidationError(_("Utbetalningsbeslutet har inga utbetalningar."))
    faults = _approval_faults(batch)
    if faults:
        raise ValidationError(
            _(
                "Beslutet kan inte attesteras: %(faults)s. Ta bort utkastet och upprätta ett nytt när "
                "betalningsuppgifterna är rätt."
            )
            % {"faults": ", ".join(faults)}
        )
    _require_within_allocation(batch.programme, list(batch.payouts.select_related("region", "component")), batch=batch)
    won = compare_and_set(
        batch,
        actor=actor,
        old=PayoutBatch.Status.DRAFT,
        status=PayoutBatch.Status.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    if not won:
        raise ValidationError(_("Utbetalningsbeslutet är redan attesterat."))
    return batch


def paid_on_fault(batch: PayoutBatch, paid_on: date) -> str | None:
    """Return why the money of this decision cannot have been paid on that day, or None when it can."""
    # Imported here so the lines above keep their numbers (benchmarks/mutation.py names mutants by line).
    from ..dates import swedish_date

    if paid_on < batch.payout_date:
        return _(
            "Utbetalningsdag: %(paid_on)s är före beslutets utbetalningsdag %(payout_date)s. Ange dagen då pengarna "
            "betalades ut."
        ) % {"paid_on": swedish_date(paid_on), "payout_date": swedish_date(batch.payout_date)}
    if paid_on > timezone.localdate():
        return _("Utbetalningsdag: %(paid_on)s har inte varit än. Registrera utbetalningen när den är gjord.") % {
            "paid_on": swedish_date(paid_on)
        }
    return None


@transaction.atomic
def payout_batch_mark_paid(*, actor, batch: PayoutBatch, paid_on: date | None = None) -> PayoutBatch:
    """Record that an approved payout decision has been paid (on paid_on, when given); a batch is paid once only."""
    require_staff(actor, STAFF_ONLY)
    require_open(batch.programme)
    fault = paid_on_fault(batch, paid_on) if paid_on is not None else None
    if fault:
        raise ValidationError({"paid_on": fault})
    # No allocation check here: this records a payment that has been made; should a corrected run have lowered
    # an allocation since approval, the final account shows the overpayment until it is claimed back (R3).
    won = compare_and_set(
        batch,
        actor=actor,
        old=PayoutBatch.Status.APPROVED,
        status=PayoutBatch.Status.PAID,
        paid_by=actor,
        paid_at=timezone.now(),
        paid_on=paid_on,
    )
    if not won:
        batch.refresh_from_db(fields=["status"])
        if batch.status == PayoutBatch.Status.PAID:
            raise ValidationError(_("Utbetalningsbeslutet är redan registrerat som utbetalt."))
        raise ValidationError(_("Utbetalningsbeslutet måste attesteras innan det kan betalas ut."))
    return batch


@transaction.atomic
def payout_batch_discard(*, actor, batch: PayoutBatch) -> None:
    """Delete a payout decision that has not been approved, releasing its requisitions."""
    require_staff(actor, STAFF_ONLY)
    require_open(batch.programme)
    locked = PayoutBatch.objects.select_for_update().filter(pk=batch.pk, status=PayoutBatch.Status.DRAFT).first()
    if locked is None:
        raise ValidationError(_("Ett attesterat utbetalningsbeslut kan inte tas bort."))
    for payout in locked.payouts.all():
        payout._history_user = actor
        payout.delete()
    locked._history_user = actor
    locked.delete()
