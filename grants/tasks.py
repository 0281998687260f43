"""Celery tasks of the grants app: each loads by id, calls one service, and is safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from . import notifications

RETRY = {"autoretry_for": (OperationalError, ConnectionError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def requisition_review_notice(requisition_id: int) -> int:
    """E-mail the region the outcome of the review of its requisition."""
    return notifications.requisition_review_notify(requisition_id=requisition_id)


@shared_task(**RETRY)
def reminders_send() -> int:
    """Send the reminders due today (Celery beat runs this daily); reminders already sent are skipped."""
    from .services.reminders import reminders_send_due

    return reminders_send_due()
