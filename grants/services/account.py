"""Writes for the programme's final account: the agency's own costs, and closing the programme."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import l10n
from ..account import account_snapshot, final_account
from ..models import GrantProgramme
from .audit import compare_and_set
from .guards import require_open, require_staff

STAFF_ONLY = gettext_lazy("Bara Socialstyrelsens handläggare kan föra statsbidragets ekonomiska redovisning.")
CLOSE_PERMISSION = "grants.close_grantprogramme"


@transaction.atomic
def programme_own_costs_record(*, actor, programme: GrantProgramme, amount: int, reason: str) -> GrantProgramme:
    """Record what the agency used of the programme for its own costs, never above the ceiling; kept with history."""
    require_staff(actor, STAFF_ONLY)
    programme = GrantProgramme.objects.select_for_update().get(pk=programme.pk)
    require_open(programme)
    if not reason.strip():
        raise ValidationError(_("Ange underlaget, till exempel verifikation eller rapport ur ekonomisystemet."))
    if amount < 0:
        raise ValidationError(_("Beloppet kan inte vara negativt."))
    account = final_account(programme)
    ceiling = account.own_costs_ceiling
    if amount > ceiling:
        raise ValidationError(
            _(
                "Socialstyrelsen får använda högst %(ceiling)s för egna kostnader inom statsbidraget; "
                "%(amount)s är mer än så."
            )
            % {"ceiling": l10n.kr(ceiling), "amount": l10n.kr(amount)}
        )
    room = programme.frame - account.totals.allocated
    if amount > room:
        raise ValidationError(
            _(
                "Ramen räcker inte: %(allocated)s är fördelat till regionerna av ramen %(frame)s, så högst "
                "%(room)s kan användas för egna kostnader."
            )
            % {
                "allocated": l10n.kr(account.totals.allocated),
                "frame": l10n.kr(programme.frame),
                "room": l10n.kr(room),
            }
        )
    programme.own_costs_used = amount
    programme._history_user = actor
    programme._change_reason = f"Använda förvaltningsmedel: {reason.strip()}"  # i18n: stored
    programme.save(update_fields=["own_costs_used"])
    return programme


@transaction.atomic
def programme_close(*, actor, programme: GrantProgramme) -> GrantProgramme:
    """Close the programme once every reconciliation rule is met; its money records are frozen from then on.

    The final account as it stands is kept with the programme, outstanding claims listed as receivables.
    """
    require_staff(actor, STAFF_ONLY)
    if not actor.has_perm(CLOSE_PERMISSION):
        raise ValidationError(_("Du har inte behörighet att avsluta statsbidrag."))
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    require_open(programme)
    programme.refresh_from_db()
    account = final_account(programme)
    if not account.can_close:
        failed = [f"{rule.code}: {' '.join(map(str, rule.failures))}" for rule in account.rules if not rule.met]
        reasons = " ".join(str(text) for text in [*account.blockers, *failed])
        raise ValidationError(_("Statsbidraget kan inte avslutas: %(reasons)s") % {"reasons": reasons})
    won = compare_and_set(
        programme,
        actor=actor,
        old=GrantProgramme.Status.PUBLISHED,
        status=GrantProgramme.Status.CLOSED,
        closed_at=timezone.now(),
        closed_by=actor,
        closing_account=account_snapshot(account),
    )
    if not won:
        raise ValidationError(_("Statsbidraget är redan avslutat."))
    programme.refresh_from_db()
    return programme
