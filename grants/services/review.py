"""Staff review of requisitions: approve, return for completion with a message, or reject."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Requisition
from ..tasks import requisition_review_notice
from .audit import compare_and_set

NOT_SUBMITTED = "Rekvisitionen är inte inskickad för granskning (den kan redan vara granskad av någon annan)."


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise ValidationError("Bara Socialstyrelsens handläggare kan granska rekvisitioner.")


def _review(*, actor, requisition: Requisition, status: str, message: str) -> Requisition:
    _require_staff(actor)
    won = compare_and_set(
        requisition,
        actor=actor,
        old=Requisition.Status.SUBMITTED,
        status=status,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_message=message.strip(),
        updated_at=timezone.now(),
    )
    if not won:
        raise ValidationError(NOT_SUBMITTED)
    transaction.on_commit(partial(requisition_review_notice.delay, requisition.pk), robust=True)
    return requisition


@transaction.atomic
def requisition_approve(*, actor, requisition: Requisition, message: str = "") -> Requisition:
    """Approve a submitted requisition, so that it can be paid in a payout decision."""
    return _review(actor=actor, requisition=requisition, status=Requisition.Status.APPROVED, message=message)


@transaction.atomic
def requisition_return(*, actor, requisition: Requisition, message: str) -> Requisition:
    """Return a submitted requisition to the region for completion, with a message the region sees."""
    if not message.strip():
        raise ValidationError("Skriv vad regionen behöver komplettera.")
    return _review(actor=actor, requisition=requisition, status=Requisition.Status.RETURNED, message=message)


@transaction.atomic
def requisition_reject(*, actor, requisition: Requisition, message: str) -> Requisition:
    """Reject a submitted requisition, with the reason the region sees."""
    if not message.strip():
        raise ValidationError("Skriv skälet till avslaget.")
    return _review(actor=actor, requisition=requisition, status=Requisition.Status.REJECTED, message=message)
