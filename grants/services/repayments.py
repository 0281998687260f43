"""Repayment claims (återbetalning / återkrav): from a follow-up report, from a missed condition, or by hand.

A claim is an invoice to a region for money it was paid (DESIGN §6): never more than what was paid for that part
(or, for a claim on the whole programme, for the programme) less what is already claimed. A claim's amount is never
edited; lowering or writing it off is an adjustment with a reason (`repayment_adjust`, `repayment_cancel`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region
from reporting.models import FollowUpReport

from .. import l10n
from ..allocation.formatting import format_date, format_kr
from ..models import Component, Deadline, GrantProgramme, Repayment, RepaymentAdjustment, RepaymentPayment
from ..money import claim_totals, payout_totals, region_paid_total, with_claim_totals
from ..readcache import data_changed
from .guards import require_open, require_staff

STAFF_ONLY = gettext_lazy("Bara Socialstyrelsens handläggare kan hantera återbetalningar.")


@dataclass(frozen=True)
class DueDate:
    date: date
    reason: str


def repayment_deadline(programme: GrantProgramme) -> date:
    """Return the decision's repayment date, or else 31 March the year after the budget year.

    Every seed decision sets that date: "ska återbetalas senast den 31 mars 2023" for the 2022 grant, and so on.
    """
    deadline = programme.deadlines.filter(kind=Deadline.Kind.REPAYMENT).order_by("date").first()
    return deadline.date if deadline else date(programme.budget_year + 1, 3, 31)


def claim_due_date(programme: GrantProgramme, issued_on: date) -> DueDate:
    """Return when a claim issued on this day falls due, and why.

    The decision's repayment date while it still lies ahead; once it has passed, a claim would be overdue the day
    it is issued, so it falls due a configured number of days (REPAYMENT_DUE_DAYS, 30 by default) after issue.
    """
    deadline = repayment_deadline(programme)
    if deadline > issued_on:
        return DueDate(deadline, f"Beslutets sista dag för återbetalning, {format_date(deadline)}.")  # i18n: stored
    days = settings.REPAYMENT_DUE_DAYS
    issued, last = format_date(issued_on), format_date(deadline)
    reason = (
        f"{days} dagar efter återkravet den {issued}: beslutets sista dag för återbetalning, {last}, "  # i18n: stored
    )
    return DueDate(issued_on + timedelta(days=days), reason + "hade redan passerat.")  # i18n: stored


@dataclass(frozen=True)
class Claimable:
    """What a region was paid, what is already claimed, and what may still be claimed."""

    paid: int
    claimed: int
    remaining: int


def claimable(programme: GrantProgramme, region: Region, component: Component | None = None) -> Claimable:
    """Return what may still be claimed from the region, for one part or for the whole programme.

    For a part the limit is the smaller of the part's paid less claimed and the programme's paid less claimed, so
    claims on the whole programme (from a follow-up report) and on its parts never add up to more than was paid.
    """
    paid = payout_totals(programme, paid_only=True)
    claims = claim_totals(programme)
    whole_paid = region_paid_total(paid, region.pk)
    whole_claimed = claims.by_region.get(region.pk, 0)
    if component is None:
        return Claimable(whole_paid, whole_claimed, whole_paid - whole_claimed)
    key = (component.pk, region.pk)
    part_paid, part_claimed = paid.get(key, 0), claims.by_part.get(key, 0)
    remaining = min(part_paid - part_claimed, whole_paid - whole_claimed)
    # A claim on the whole programme takes from every part's money: count what it takes as already claimed.
    return Claimable(part_paid, part_paid - remaining, remaining)


def _check_amount(amount: int, available: Claimable, region: Region, what: str) -> None:
    if available.paid <= 0:
        raise ValidationError(
            _("%(region)s har inte fått någon utbetalning av %(what)s. Det finns inget att kräva tillbaka.")
            % {"region": region.name, "what": what}
        )
    if available.remaining <= 0:
        raise ValidationError(
            _("Det utbetalda beloppet av %(what)s (%(paid)s) är redan återkrävt från %(region)s.")
            % {"what": what, "paid": l10n.kr(available.paid), "region": region.name}
        )
    if amount <= 0:
        raise ValidationError(_("Beloppet ska vara större än noll."))
    if amount > available.remaining:
        raise ValidationError(
            _(
                "Återkravet (%(amount)s) är större än det som kan krävas tillbaka från %(region)s: utbetalt "
                "%(paid)s, redan återkrävt %(claimed)s; högst %(remaining)s kan krävas."
            )
            % {
                "amount": l10n.kr(amount),
                "region": region.name,
                "paid": l10n.kr(available.paid),
                "claimed": l10n.kr(available.claimed),
                "remaining": l10n.kr(available.remaining),
            }
        )


def _issue(repayment: Repayment, actor, *, due_date: date | None, today: date | None) -> Repayment:
    issued_on = today or timezone.localdate()
    if due_date is None:
        due = claim_due_date(repayment.programme, issued_on)
        repayment.due_date, repayment.due_date_reason = due.date, due.reason
    else:
        if due_date < issued_on:
            raise ValidationError(_("Förfallodagen kan inte ligga före dagen då återkravet beslutas."))
        repayment.due_date, repayment.due_date_reason = due_date, "Angiven av handläggaren."  # i18n: stored
    repayment.created_by = actor
    repayment.full_clean()
    repayment._history_user = actor
    repayment.save()
    return repayment


def _prepare(actor, programme: GrantProgramme) -> None:
    require_staff(actor, STAFF_ONLY)
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    require_open(programme)


@transaction.atomic
def repayment_create(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    amount: int,
    reason_text: str,
    component: Component | None = None,
    due_date: date | None = None,
    invoice_number: str = "",
    today: date | None = None,
) -> Repayment:
    """Create a claim by hand, with the reason, for at most what the region was paid less what is claimed."""
    _prepare(actor, programme)
    if not reason_text.strip():
        raise ValidationError(_("Ange skälet till återkravet."))
    if component is not None and component.programme_id != programme.pk:
        raise ValidationError(_("Delen hör inte till statsbidraget."))
    what = component.name if component else f"{programme.title} {programme.budget_year}"
    _check_amount(amount, claimable(programme, region, component), region, what)
    return _issue(
        Repayment(
            programme=programme,
            region=region,
            component=component,
            reason=Repayment.Reason.MANUAL,
            reason_text=reason_text.strip(),
            amount=amount,
            invoice_number=invoice_number,
        ),
        actor,
        due_date=due_date,
        today=today,
    )


@transaction.atomic
def repayment_create_from_follow_up(
    *, actor, report: FollowUpReport, invoice_number: str = "", today: date | None = None
) -> Repayment:
    """Claim back the unused part of what was paid, as the region's follow-up report states it.

    Seed 001: "Om ni inte har använt hela beloppet vid årsskiftet ska ni återbetala återstoden". The report's
    unused amount is what was paid less what was used; it is claimed only as far as it is not claimed already.
    """
    report = FollowUpReport.objects.select_related("programme", "region").get(pk=report.pk)
    _prepare(actor, report.programme)
    report = FollowUpReport.objects.select_for_update().select_related("programme", "region").get(pk=report.pk)
    if report.status not in (FollowUpReport.Status.SUBMITTED, FollowUpReport.Status.ACCEPTED):
        raise ValidationError(_("Återrapporteringen är inte inskickad."))
    if report.repayments.exists():
        raise ValidationError(_("Det finns redan ett återkrav för den här återrapporteringen."))
    if report.unused <= 0:
        raise ValidationError(_("Regionen har använt hela beloppet; det finns inget att kräva tillbaka."))
    programme, region = report.programme, report.region
    # The report accounts for the parts paid on requisition; with one such part the claim is on that part.
    parts = list(programme.components.filter(payment_basis=Component.PaymentBasis.REQUISITION))
    part = parts[0] if len(parts) == 1 else None
    available = claimable(programme, region, part)
    amount = min(report.unused, available.remaining)
    _check_amount(amount, available, region, part.name if part else f"{programme.title} {programme.budget_year}")
    capped = (
        f" Redan återkrävt {format_kr(available.claimed)}; återkravet gäller resten."  # i18n: stored
        if amount < report.unused
        else ""
    )
    received, used, unused = (format_kr(x) for x in (report.amount_received, report.amount_used, report.unused))
    figures = f"mottaget {received}, använt {used}, ej använt {unused}"  # i18n: stored
    return _issue(
        Repayment(
            programme=programme,
            region=region,
            reason=Repayment.Reason.FOLLOW_UP_UNUSED,
            reason_text=f"Outnyttjade medel enligt återrapporteringen: {figures}.{capped}",  # i18n: stored
            amount=amount,
            component=part,
            follow_up_report=report,
            invoice_number=invoice_number,
        ),
        actor,
        due_date=None,
        today=today,
    )


@transaction.atomic
def repayment_create_for_missed_condition(
    *,
    actor,
    component: Component,
    region: Region,
    reason_text: str,
    amount: int | None = None,
    invoice_number: str = "",
    today: date | None = None,
) -> Repayment:
    """Claim back what a region was paid of a part whose condition it did not meet: a staff decision with a reason.

    Seed 002, basic part: "För att inte bli återbetalningsskyldiga ska regionerna rapportera in följande data";
    seed 001: a follow-up report not submitted in time is such a missed condition. Never automatic, and never more
    than what was paid for the part less what is already claimed (a region paid nothing owes nothing).
    """
    programme = component.programme
    _prepare(actor, programme)
    if not reason_text.strip():
        raise ValidationError(
            _("Ange skälet: vilket villkor regionen inte har uppfyllt och hur det har konstaterats.")
        )
    if Repayment.objects.filter(region=region, component=component, reason=Repayment.Reason.CONDITION_MISSED).exists():
        raise ValidationError(
            _("Det finns redan ett återkrav för %(part)s från %(region)s.")
            % {"part": component.name, "region": region.name}
        )
    available = claimable(programme, region, component)
    amount = available.remaining if amount is None else amount
    _check_amount(amount, available, region, component.name)
    condition = f" Villkor: {component.condition}" if component.condition else ""  # i18n: stored
    return _issue(
        Repayment(
            programme=programme,
            region=region,
            reason=Repayment.Reason.CONDITION_MISSED,
            component=component,
            reason_text=f"{reason_text.strip()}{condition}",
            amount=amount,
            invoice_number=invoice_number,
        ),
        actor,
        due_date=None,
        today=today,
    )


def _locked_with_totals(repayment: Repayment) -> Repayment:
    Repayment.objects.select_for_update().filter(pk=repayment.pk).first()
    return with_claim_totals(Repayment.objects.select_related("programme", "region")).get(pk=repayment.pk)


def _adjust(*, actor, repayment: Repayment, claimed_after: int, reason: str, cancels: bool) -> RepaymentAdjustment:
    require_staff(actor, STAFF_ONLY)
    require_open(repayment.programme)
    if not reason.strip():
        raise ValidationError(_("Ange skälet till ändringen."))
    current = _locked_with_totals(repayment)
    if current.cancelled_at is not None:
        raise ValidationError(_("Återkravet är redan avskrivet."))
    if claimed_after < current.paid_total:
        raise ValidationError(
            _("Återkravet kan inte bli lägre än det regionen redan har betalat in (%(paid)s).")
            % {"paid": l10n.kr(current.paid_total)}
        )
    if claimed_after > current.claimed:
        raise ValidationError(
            _("Ett återkrav kan bara sänkas eller skrivas av. Gör ett nytt återkrav om regionen ska betala mer.")
        )
    if claimed_after == current.claimed:
        raise ValidationError(_("Återkravet är redan %(amount)s.") % {"amount": l10n.kr(current.claimed)})
    adjustment = RepaymentAdjustment(
        repayment=current,
        change=claimed_after - current.claimed,
        claimed_after=claimed_after,
        reason=reason.strip(),
        cancels=cancels,
        created_by=actor,
    )
    adjustment.full_clean()
    adjustment._history_user = actor
    adjustment._change_reason = reason.strip()
    adjustment.save()
    if cancels:
        Repayment.objects.filter(pk=current.pk).update(cancelled_at=timezone.now())
        data_changed()
        current.refresh_from_db()
        Repayment.history.bulk_history_create(
            [current],
            update=True,
            default_user=actor,
            default_change_reason=f"Avskrivet: {reason.strip()}",  # i18n: stored
        )
    return adjustment


@transaction.atomic
def repayment_adjust(*, actor, repayment: Repayment, claimed_after: int, reason: str) -> RepaymentAdjustment:
    """Lower what a claim asks for (never below what is already repaid), with the reason, as a new record."""
    return _adjust(actor=actor, repayment=repayment, claimed_after=claimed_after, reason=reason, cancels=False)


@transaction.atomic
def repayment_cancel(*, actor, repayment: Repayment, reason: str) -> RepaymentAdjustment:
    """Write off what is still outstanding on a claim, with the reason; what was repaid stays repaid."""
    current = with_claim_totals(Repayment.objects.all()).get(pk=repayment.pk)
    if current.cancelled_at is not None:
        raise ValidationError(_("Återkravet är redan avskrivet."))
    if current.outstanding <= 0:
        raise ValidationError(_("Återkravet är redan betalt i sin helhet och kan inte skrivas av."))
    return _adjust(actor=actor, repayment=repayment, claimed_after=current.paid_total, reason=reason, cancels=True)


@transaction.atomic
def repayment_update_invoice(*, actor, repayment: Repayment, invoice_number: str, due_date: date) -> Repayment:
    """Record the invoice sent for a claim and its due date."""
    require_staff(actor, STAFF_ONLY)
    require_open(repayment.programme)
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk)
    repayment.invoice_number = invoice_number.strip()
    if due_date != repayment.due_date:
        repayment.due_date = due_date
        repayment.due_date_reason = "Enligt fakturan."  # i18n: stored
    repayment.full_clean()
    repayment._history_user = actor
    repayment.save()
    return repayment


@transaction.atomic
def repayment_payment_record(*, actor, repayment: Repayment, paid_on: date, amount: int) -> RepaymentPayment:
    """Record money received against a claim; the payments may never exceed what the claim asks for."""
    require_staff(actor, STAFF_ONLY)
    require_open(repayment.programme)
    current = _locked_with_totals(repayment)
    if amount <= 0:
        raise ValidationError(_("Beloppet ska vara större än noll."))
    if current.paid_total + amount > current.claimed:
        raise ValidationError(
            _("Inbetalningen är för stor: %(remaining)s återstår av återkravet.")
            % {"remaining": l10n.kr(current.claimed - current.paid_total)}
        )
    payment = RepaymentPayment(repayment=current, paid_on=paid_on, amount=amount, recorded_by=actor)
    payment.full_clean()
    payment._history_user = actor
    payment.save()
    return payment
