"""The state of something a region hands in, said honestly: late when the last day has passed, late when sent late."""

from datetime import date

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.dates import swedish_date

register = template.Library()

DONE = {
    "submitted": gettext_lazy("Inskickad"),
    "approved": gettext_lazy("Godkänd"),
    "accepted": gettext_lazy("Godkänd"),
}


def submission_state(item, *, deadline: date | None, is_open: bool | None = None, today: date | None = None):
    """Return (label, badge colour, explanation) for a requisition, survey answer or follow-up report, or None."""
    today = today or timezone.localdate()
    status = getattr(item, "status", None)
    sent_at = getattr(item, "submitted_at", None)
    if status in DONE:
        if status == "submitted" and deadline and sent_at and timezone.localdate(sent_at) > deadline:
            sent = swedish_date(timezone.localdate(sent_at))
            return (
                _("Inskickad för sent"),
                "warning",
                _("Skickades in %(sent)s, efter sista dagen %(deadline)s.")
                % {"sent": sent, "deadline": swedish_date(deadline)},
            )
        return str(DONE[status]), "success", ""
    if status == "returned":
        return _("Återsänd för komplettering"), "warning", ""
    if status == "rejected":
        return _("Avslagen"), "danger", ""
    if deadline and today > deadline:
        last_day = _("Sista dagen var %(deadline)s.") % {"deadline": swedish_date(deadline)}
        if is_open is False:
            return _("Inte inskickad – stängd"), "danger", last_day
        return _("Försenad"), "danger", last_day
    if is_open is False:
        return _("Stängd"), "danger", ""
    if item is not None:
        return _("Utkast"), "info", ""
    return _("Ej påbörjad"), "neutral", ""


@register.inclusion_tag("portal/includes/status.html")
def status_badge(item, deadline=None, is_open=None):
    label, badge, detail = submission_state(item, deadline=deadline, is_open=is_open)
    return {"label": label, "badge": badge, "detail": detail}
