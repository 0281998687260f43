"""The state of something a region hands in, said honestly: late when the last day has passed, late when sent late."""

from datetime import date

from django import template
from django.utils import timezone

from grants.dates import swedish_date

register = template.Library()

DONE = {"submitted": "Inskickad", "approved": "Godkänd", "accepted": "Godkänd"}


def submission_state(item, *, deadline: date | None, is_open: bool | None = None, today: date | None = None):
    """Return (label, badge colour, explanation) for a requisition, survey answer or follow-up report, or None."""
    today = today or timezone.localdate()
    status = getattr(item, "status", None)
    sent_at = getattr(item, "submitted_at", None)
    if status in DONE:
        if status == "submitted" and deadline and sent_at and timezone.localdate(sent_at) > deadline:
            sent = swedish_date(timezone.localdate(sent_at))
            return "Inskickad för sent", "warning", f"Skickades in {sent}, efter sista dagen {swedish_date(deadline)}."
        return DONE[status], "success", ""
    if status == "returned":
        return "Återsänd för komplettering", "warning", ""
    if status == "rejected":
        return "Avslagen", "danger", ""
    if deadline and today > deadline:
        if is_open is False:
            return "Inte inskickad – stängd", "danger", f"Sista dagen var {swedish_date(deadline)}."
        return "Försenad", "danger", f"Sista dagen var {swedish_date(deadline)}."
    if is_open is False:
        return "Stängd", "danger", ""
    if item is not None:
        return "Utkast", "info", ""
    return "Ej påbörjad", "neutral", ""


@register.inclusion_tag("portal/includes/status.html")
def status_badge(item, deadline=None, is_open=None):
    label, badge, detail = submission_state(item, deadline=deadline, is_open=is_open)
    return {"label": label, "badge": badge, "detail": detail}
