"""Writes for a region's master data kept with history: payment details and the version of its calendar link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Region
from regions.validators import normalize_account, normalize_organisation_number

from .guards import require_staff


@transaction.atomic
def region_payment_details_update(
    *, actor, region: Region, organisation_number: str, payment_method: str, payment_account: str, reason: str
) -> Region:
    """Set the organisation number and account every payout to the region goes to; each field checked whole.

    Payout decisions copy these when they are prepared, so a change applies to decisions prepared afterwards; an
    unapproved decision with the old details cannot be approved.
    """
    require_staff(actor, _("Bara Socialstyrelsens handläggare kan ändra regionernas betalningsuppgifter."))
    errors: dict[str, list[str]] = {}
    try:
        organisation_number = normalize_organisation_number(organisation_number)
    except ValidationError as error:
        errors["organisation_number"] = error.messages
    try:
        payment_account = normalize_account(payment_method, payment_account)
    except ValidationError as error:
        errors["payment_method" if payment_method not in ("bankgiro", "plusgiro") else "payment_account"] = (
            error.messages
        )
    if not reason.strip():
        errors["reason"] = [_("Ange underlaget för ändringen, till exempel regionens intyg eller beslut.")]
    if errors:
        raise ValidationError(errors)
    region = Region.objects.select_for_update().get(pk=region.pk)
    region.organisation_number = organisation_number
    region.payment_method = payment_method
    region.payment_account = payment_account
    region._history_user = actor
    region._change_reason = reason.strip()
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def region_calendar_rotate(*, actor, region: Region) -> Region:
    """Give the region a new calendar link; the earlier link answers 404 from now on."""
    require_staff(actor, _("Bara Socialstyrelsens handläggare kan byta en regions kalenderlänk."))
    region = Region.objects.select_for_update().get(pk=region.pk)
    region.calendar_token_version += 1
    region._history_user = actor
    region._change_reason = "Ny kalenderlänk; den tidigare länken fungerar inte längre."  # i18n: stored
    region.save(update_fields=["calendar_token_version"])
    return region
