"""Staff review of requisitions: approve, return for completion with a message, or reject."""

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..allocation.formatting import format_date
from ..models import Deadline, DeadlineExtension, Requisition
from ..requisitions import deadline_state
from ..tasks import requisition_review_notice
from .audit import compare_and_set
from .guards import require_open

NOT_SUBMITTED = gettext_lazy(
    "Rekvisitionen är inte inskickad för granskning (den kan redan vara granskad av någon annan)."
)


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise ValidationError(_("Bara Socialstyrelsens handläggare kan granska rekvisitioner."))


def _review(
    *, actor, requisition: Requisition, status: str, message: str, old=(Requisition.Status.SUBMITTED,)
) -> Requisition:
    _require_staff(actor)
    require_open(requisition.programme)
    if Requisition.Status.APPROVED in old and requisition.payouts.exists():
        raise ValidationError(
            _(
                "Rekvisitionen ingår redan i ett utbetalningsbeslut och kan inte skickas tillbaka eller avslås. "
                "Ta bort utkastet till beslut först, eller kräv tillbaka det som har betalats ut."
            )
        )
    won = any(
        compare_and_set(
            requisition,
            actor=actor,
            old=previous,
            status=status,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
            review_message=message.strip(),
            updated_at=timezone.now(),
        )
        for previous in old
    )
    if not won:
        raise ValidationError(NOT_SUBMITTED)
    transaction.on_commit(partial(requisition_review_notice.delay, requisition.pk), robust=True)
    return requisition


@transaction.atomic
def requisition_approve(*, actor, requisition: Requisition, message: str = "") -> Requisition:
    """Approve a submitted requisition, so that it can be paid in a payout decision."""
    return _review(actor=actor, requisition=requisition, status=Requisition.Status.APPROVED, message=message)


def completion_default(today: date | None = None) -> date:
    """Return the default last day for completing a returned requisition (COMPLETION_DAYS from today)."""
    return (today or timezone.localdate()) + timedelta(days=settings.COMPLETION_DAYS)


@transaction.atomic
def requisition_return(
    *,
    actor,
    requisition: Requisition,
    message: str,
    completion_due: date | None = None,
    today: date | None = None,
) -> Requisition:
    """Return a submitted requisition (or an approved one not yet in a payout decision) for completion.

    The region gets a message and a last day to resubmit, e.g. when a recomputed allocation is now lower.

    Past the requisition deadline a returned requisition could never be sent again, so the region gets until the
    completion date (COMPLETION_DAYS from today unless staff choose): an extension of the requisition deadline for
    that region, which the portal, the deadline matrix and the reminders all read.
    """
    if not message.strip():
        raise ValidationError(_("Skriv vad regionen behöver komplettera."))
    today = today or timezone.localdate()
    completion_due = completion_due or completion_default(today)
    if completion_due < today:
        raise ValidationError(_("Sista dag för kompletteringen kan inte ligga före i dag."))
    _review(
        actor=actor,
        requisition=requisition,
        status=Requisition.Status.RETURNED,
        message=message,
        old=(Requisition.Status.SUBMITTED, Requisition.Status.APPROVED),
    )
    state = deadline_state(requisition.programme, requisition.region, Deadline.Kind.REQUISITION, today=today)
    if state.deadline is None or completion_due > state.deadline:
        extension = DeadlineExtension.objects.select_for_update().filter(
            programme=requisition.programme, region=requisition.region, kind=Deadline.Kind.REQUISITION
        ).first() or DeadlineExtension(
            programme=requisition.programme, region=requisition.region, kind=Deadline.Kind.REQUISITION
        )
        if extension.pk is None or extension.until < completion_due:
            extension.until = completion_due
            extension.reason = f"Komplettering av rekvisitionen senast {format_date(completion_due)}"  # i18n: stored
            extension.granted_by = actor
            extension.full_clean()
            extension._history_user = actor
            extension.save()
    return requisition


@transaction.atomic
def requisition_reject(*, actor, requisition: Requisition, message: str) -> Requisition:
    """Reject a submitted requisition, or one returned for completion, with the reason the region sees.

    A returned requisition the region never completes would otherwise wait forever and keep the programme from
    being closed; staff settle it by rejecting it (e.g. once the completion date has passed).
    """
    if not message.strip():
        raise ValidationError(_("Skriv skälet till avslaget."))
    return _review(
        actor=actor,
        requisition=requisition,
        status=Requisition.Status.REJECTED,
        message=message,
        old=(Requisition.Status.SUBMITTED, Requisition.Status.RETURNED, Requisition.Status.APPROVED),
    )
