"""Deadline extensions: staff let one region past a deadline until a later date."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Region

from ..models import DeadlineExtension, GrantProgramme


@transaction.atomic
def deadline_extension_grant(
    *, actor, programme: GrantProgramme, region: Region, kind: str, until: date, reason: str
) -> DeadlineExtension:
    """Give a region until a later date for a kind of deadline; a second grant replaces the first."""
    if not (actor and actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Bara Socialstyrelsens handläggare kan förlänga en tidsfrist."))
    if not reason.strip():
        raise ValidationError(_("Ange skälet till förlängningen."))
    first = programme.deadlines.filter(kind=kind).order_by("date").first()
    if first is not None and until <= first.date:
        raise ValidationError(
            _("Det nya datumet ska vara efter tidsfristen (%(date)s).") % {"date": f"{first.date:%Y-%m-%d}"}
        )
    extension = DeadlineExtension.objects.select_for_update().filter(
        programme=programme, region=region, kind=kind
    ).first() or DeadlineExtension(programme=programme, region=region, kind=kind)
    extension.until = until
    extension.reason = reason.strip()
    extension.granted_by = actor
    extension.full_clean()
    extension._history_user = actor
    extension.save()
    return extension
