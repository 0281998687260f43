"""Writes for requisitions (rekvisition, seed 001) and the deadline extensions staff grant for them."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.access import may_draft, may_sign
from regions.models import Region

from .. import l10n
from ..dates import swedish_date
from ..models import Deadline, GrantProgramme, Requisition, RequisitionLine
from ..requisitions import allowance_for, deadline_state
from ..validators import normalize_bankgiro, normalize_plusgiro
from .guards import require_open


@dataclass(frozen=True)
class RequisitionInput:
    """What the region fills in on the requisition form; `amounts` maps a part's code to the amount asked for.

    A part requisitioned whole (the 2024 basic part, block 1 of 2025) is always its allocated amount, whatever
    `amounts` says; a part requisitioned "up to" the allocation (the 2022 grant) takes the amount given.
    """

    amounts: Mapping[str, int] = field(default_factory=dict)
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    payment_method: str = ""
    payment_account: str = ""
    measure_ids: tuple[int, ...] = ()
    confirmed: bool = False


def _check_open(programme: GrantProgramme, region: Region, today: date | None) -> None:
    state = deadline_state(programme, region, Deadline.Kind.REQUISITION, today=today)
    if not state.is_open:
        raise ValidationError(
            _(
                "Sista dag för rekvisition var den %(date)s. Rekvisitionen kan inte längre skickas in. Kontakta "
                "Socialstyrelsen om regionen behöver lämna in den senare."
            )
            % {"date": swedish_date(state.effective)}
        )


def _write(
    *, actor, programme: GrantProgramme, region: Region, data: RequisitionInput, today, complete: bool = False
) -> Requisition:
    """Check and save the region's requisition; with `complete`, also what a submission needs, all in one go."""
    require_open(programme)
    if programme.is_draft or not programme.receives(region):
        raise ValidationError(
            _("%(region)s kan inte rekvirera medel ur %(programme)s (%(year)s).")
            % {"region": region, "programme": programme.title, "year": programme.budget_year}
        )
    _check_open(programme, region, today)
    requisition = Requisition.objects.select_for_update().filter(
        programme=programme, region=region
    ).first() or Requisition(programme=programme, region=region, created_by=actor)
    if requisition.status not in (Requisition.Status.DRAFT, Requisition.Status.RETURNED):
        raise ValidationError(
            _(
                "%(region)s har redan skickat in en rekvisition för det här statsbidraget den %(date)s. Det går "
                "bara att lämna en rekvisition per statsbidrag."
            )
            % {"region": region.name, "date": swedish_date(timezone.localdate(requisition.submitted_at))}
        )
    amounts, account, measures = _checked(programme, region, data, complete=complete)
    requisition.amount = sum(amounts.values())
    requisition.contact_name = data.contact_name
    requisition.contact_email = data.contact_email
    requisition.contact_phone = data.contact_phone
    requisition.payment_method = data.payment_method
    requisition.payment_account = account
    requisition.confirmed = data.confirmed
    requisition.status = Requisition.Status.DRAFT if requisition.pk is None else requisition.status
    requisition._history_user = actor
    requisition.full_clean(exclude=["created_by"])
    try:
        with transaction.atomic():
            requisition.save()
    except IntegrityError:  # someone else created the region's requisition at the same moment
        raise ValidationError(
            _("Rekvisitionen sparades samtidigt från en annan inloggning. Ladda om sidan.")
        ) from None
    requisition.measures.set(measures)
    _write_lines(requisition, amounts, actor)
    return requisition


def _checked(programme: GrantProgramme, region: Region, data: RequisitionInput, *, complete: bool):
    """Return (amounts per part, normalised account, measures); raise every problem at once as a ValidationError."""
    errors: dict[str, list[str]] = {}
    allowance = allowance_for(programme, region)
    if not allowance.requisitioned:
        raise ValidationError(allowance.explanation)
    amounts = _amounts(allowance, data, errors)
    account = data.payment_account
    if account:
        try:
            if data.payment_method == Requisition.PaymentMethod.PLUSGIRO:
                account = normalize_plusgiro(account)
            else:
                account = normalize_bankgiro(account)
        except ValidationError as error:
            errors["payment_account"] = error.messages
    measures = list(programme.measures.filter(pk__in=data.measure_ids))
    if len(measures) != len(set(data.measure_ids)):
        errors["measures"] = [_("Välj insatser ur statsbidragets lista.")]
    if complete:
        for name, messages in _missing_in(programme, data, sum(amounts.values())).items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    return amounts, account, measures


def _amounts(allowance, data: RequisitionInput, errors: dict) -> dict:
    """Return component -> the amount requisitioned, checking each against the region's allocation of it."""
    known = {part.component.code for part in allowance.parts}
    unknown = sorted(set(data.amounts) - known)
    if unknown:
        errors["__all__"] = [_("Delen %(parts)s rekvireras inte.") % {"parts": ", ".join(unknown)}]
    amounts = {}
    for part in allowance.parts:
        amount = part.allocated if part.fixed else int(data.amounts.get(part.component.code) or 0)
        if amount < 0:
            errors[part.field_name] = [_("Beloppet kan inte vara negativt.")]
        elif amount > part.allocated:
            errors[part.field_name] = [
                _(
                    "Beloppet är större än regionens fördelade medel för %(part)s. Du kan rekvirera högst "
                    "%(allocated)s."
                )
                % {"part": part.component.name, "allocated": l10n.kr(part.allocated)}
            ]
        amounts[part.component] = amount
    return amounts


def _write_lines(requisition: Requisition, amounts: dict, actor) -> None:
    existing = {line.component_id: line for line in requisition.lines.all()}
    for component, amount in amounts.items():
        line = existing.pop(component.pk, None) or RequisitionLine(requisition=requisition, component=component)
        if line.pk is not None and line.amount == amount:
            continue
        line.amount = amount
        line._history_user = actor
        line.save()
    for line in existing.values():
        line._history_user = actor
        line.delete()


@transaction.atomic
def requisition_save_draft(
    *, actor, programme: GrantProgramme, region: Region, data: RequisitionInput, today: date | None = None
) -> Requisition:
    """Save the region's requisition as a draft; anyone with a regional role may, before the deadline."""
    if not may_draft(actor, region):
        raise PermissionDenied(_("Du har inte behörighet att fylla i rekvisitionen för regionen."))
    if data.confirmed and not may_sign(actor, region):
        data = replace(data, confirmed=False)  # only the signer's own confirmation counts
    return _write(actor=actor, programme=programme, region=region, data=data, today=today)


def _missing_in(programme: GrantProgramme, data: RequisitionInput, total: int) -> dict[str, list[str]]:
    """Return what a submission lacks, from what the region filled in (checked before anything is saved)."""
    missing = {}
    if not data.contact_name.strip():
        missing["contact_name"] = [_("Ange en kontaktperson.")]
    if not data.contact_email.strip():
        missing["contact_email"] = [_("Ange kontaktpersonens e-postadress.")]
    if not data.payment_method:
        missing["payment_method"] = [_("Välj bankgiro eller plusgiro.")]
    if not data.payment_account.strip():
        missing["payment_account"] = [_("Ange numret som pengarna ska betalas ut till.")]
    if not data.measure_ids and programme.measures.exists():
        missing["measures"] = [_("Välj minst en insats som regionen planerar.")]
    if total <= 0:
        missing["__all__"] = [_("Rekvirera ett belopp större än 0 kr.")]
    if not data.confirmed:
        missing["confirmed"] = [_("Bekräfta att uppgifterna stämmer och att du är behörigt ombud.")]
    return missing


def requisition_problems(*, programme: GrantProgramme, region: Region, data: RequisitionInput) -> dict:
    """Return every problem a submission of `data` would meet, without saving anything (for a form with errors)."""
    try:
        _checked(programme, region, data, complete=True)
    except ValidationError as error:
        return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return {}


def _missing_for_submission(requisition: Requisition) -> dict[str, list[str]]:
    missing = {}
    if not requisition.contact_name:
        missing["contact_name"] = [_("Ange en kontaktperson.")]
    if not requisition.contact_email:
        missing["contact_email"] = [_("Ange kontaktpersonens e-postadress.")]
    if not requisition.payment_method:
        missing["payment_method"] = [_("Välj bankgiro eller plusgiro.")]
    if not requisition.payment_account:
        missing["payment_account"] = [_("Ange numret som pengarna ska betalas ut till.")]
    if requisition.programme.measures.exists() and not requisition.measures.exists():
        missing["measures"] = [_("Välj minst en insats som regionen planerar.")]
    if requisition.amount <= 0:
        missing["__all__"] = [_("Rekvirera ett belopp större än 0 kr.")]
    if not requisition.confirmed:
        missing["confirmed"] = [_("Bekräfta att uppgifterna stämmer och att du är behörigt ombud.")]
    return missing


@transaction.atomic
def requisition_submit(
    *, actor, programme: GrantProgramme, region: Region, data: RequisitionInput, today: date | None = None
) -> Requisition:
    """Sign and submit the region's requisition; only the authorised representative may, before the deadline."""
    if not may_sign(actor, region):
        raise PermissionDenied(_("Bara regionens behöriga ombud kan skriva under och skicka in rekvisitionen."))
    requisition = _write(actor=actor, programme=programme, region=region, data=data, today=today, complete=True)
    missing = _missing_for_submission(requisition)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    changed = Requisition.objects.filter(
        pk=requisition.pk, status__in=[Requisition.Status.DRAFT, Requisition.Status.RETURNED]
    ).update(status=Requisition.Status.SUBMITTED, submitted_by=actor, submitted_at=now)
    if changed != 1:
        raise ValidationError(_("Rekvisitionen har redan skickats in."))
    requisition.refresh_from_db()
    requisition._history_user = actor
    requisition.save()  # records the submission in the history
    transaction.on_commit(lambda: requisition_send_receipt(requisition_id=requisition.pk), robust=True)
    return requisition


def requisition_send_receipt(*, requisition_id: int) -> None:
    """E-mail a receipt of what was submitted to the contact person and the signer."""
    requisition = (
        Requisition.objects.select_related("programme", "region", "submitted_by")
        .prefetch_related("measures", "lines__component")
        .get(pk=requisition_id)
    )
    recipients = sorted({e for e in (requisition.contact_email, requisition.submitted_by.email) if e})
    if not recipients:
        return
    body = render_to_string("portal/email/requisition_receipt.txt", {"requisition": requisition})
    send_mail(
        _("Kvitto: rekvisition av %(programme)s – %(region)s")
        % {"programme": requisition.programme.title, "region": requisition.region.name},
        body,
        None,
        recipients,
    )
