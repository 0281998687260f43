"""E-mail to a region's contacts: who they are, and the messages staff actions send them."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail

from regions.models import Membership

from .dates import swedish_date
from .models import Deadline, Requisition
from .requisitions import deadline_state


def region_contact_emails(programme_id: int, region_ids) -> dict[int, list[str]]:
    """Return region id -> e-mail addresses: the region's users with an address, and the requisition's contact."""
    emails: dict[int, set[str]] = defaultdict(set)
    for region_id, email in Membership.objects.filter(
        region_id__in=region_ids, user__is_active=True, user__email__gt=""
    ).values_list("region_id", "user__email"):
        emails[region_id].add(email.strip().lower())
    for region_id, email in Requisition.objects.filter(
        programme_id=programme_id, region_id__in=region_ids, contact_email__gt=""
    ).values_list("region_id", "contact_email"):
        emails[region_id].add(email.strip().lower())
    return {region_id: sorted(addresses) for region_id, addresses in emails.items()}


REVIEW_SUBJECTS = {
    Requisition.Status.APPROVED: "Er rekvisition är godkänd",
    Requisition.Status.RETURNED: "Er rekvisition behöver kompletteras",
    Requisition.Status.REJECTED: "Er rekvisition är avslagen",
}


def requisition_review_notify(*, requisition_id: int) -> int:
    """E-mail the region the outcome of the review of its requisition; return the number of messages sent."""
    requisition = Requisition.objects.select_related("programme", "region").get(pk=requisition_id)
    subject = REVIEW_SUBJECTS.get(requisition.status)
    if subject is None:
        return 0
    recipients = region_contact_emails(requisition.programme_id, [requisition.region_id]).get(requisition.region_id)
    if not recipients:
        return 0
    lines = [
        f"Statsbidrag: {requisition.programme.title}",
        f"Region: {requisition.region.name}",
        f"Status: {requisition.get_status_display()}",
    ]
    if requisition.review_message:
        lines += ["", "Meddelande från Socialstyrelsen:", requisition.review_message]
    if requisition.status == Requisition.Status.RETURNED:
        state = deadline_state(requisition.programme, requisition.region, Deadline.Kind.REQUISITION)
        by = f" senast {swedish_date(state.effective)}" if state.effective else ""
        lines += ["", f"Komplettera rekvisitionen och skicka in den igen i e-tjänsten{by}."]
    return send_mail(
        f"{subject} – {requisition.programme.title}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients
    )
