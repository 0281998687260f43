"""Checks every money service makes first: who acts, and whether the programme's money is still open."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import GrantProgramme


def require_staff(actor, message: str) -> None:
    """Refuse anyone who is not an active member of the agency's staff."""
    if not (actor and actor.is_active and actor.is_staff):
        raise ValidationError(message)


def require_open(programme: GrantProgramme, *, draft_allowed: bool = False) -> None:
    """Refuse a change to the money of a closed programme (closing freezes its records) or of a draft.

    A draft has no money yet: nothing is requisitioned, paid or claimed until it is published. Only computing its
    allocation (`draft_allowed`) is open to a draft, for the what-if and the bilaga.

    The programme's row is locked until the caller's transaction ends, so closing (which locks it too) waits for a
    change in progress and no change lands after the account was taken. Call it inside a transaction.
    """
    status = (
        GrantProgramme.objects.select_for_update().filter(pk=programme.pk).values_list("status", flat=True).first()
    )
    if status == GrantProgramme.Status.CLOSED:
        raise ValidationError(
            _("%(programme)s (%(year)s) är avslutat. Statsbidragets ekonomi är låst och kan inte ändras.")
            % {"programme": programme.title, "year": programme.budget_year}
        )
    if status == GrantProgramme.Status.DRAFT and not draft_allowed:
        raise ValidationError(
            _(
                "%(programme)s (%(year)s) är ett utkast. Inga medel rekvireras, betalas ut eller krävs tillbaka "
                "förrän det är publicerat."
            )
            % {"programme": programme.title, "year": programme.budget_year}
        )
