"""E-mail to a region's contacts: who they are, and the messages staff actions send them."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail

from regions.models import Membership

from .allocation.formatting import format_kr
from .dates import swedish_date
from .links import absolute_url
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
    """E-mail the region the outcome of the review of its requisition; return the number of messages sent.

    The message states the amount (approved, or asked for) part by part and links to the requisition in the portal:
    its form when it is to be completed, its receipt otherwise.
    """
    requisition = (
        Requisition.objects.select_related("programme", "region")
        .prefetch_related("lines__component")
        .get(pk=requisition_id)
    )
    subject = REVIEW_SUBJECTS.get(requisition.status)
    if subject is None:
        return 0
    recipients = region_contact_emails(requisition.programme_id, [requisition.region_id]).get(requisition.region_id)
    if not recipients:
        return 0
    programme, region = requisition.programme, requisition.region
    approved = requisition.status == Requisition.Status.APPROVED
    lines = [
        f"Statsbidrag: {programme.title} {programme.budget_year}",
        f"Region: {region.name}",
        f"Status: {requisition.get_status_display()}",
        "",
    ]
    parts = list(requisition.lines.all())
    if len(parts) > 1:
        verb = "Godkänt" if approved else "Rekvirerat"
        lines += [f"{verb} för {line.component.name}: {format_kr(line.amount)}" for line in parts]
    lines.append(f"{'Godkänt' if approved else 'Rekvirerat'} belopp: {format_kr(requisition.amount)}")
    if approved:
        lines.append("Beloppet betalas ut när Socialstyrelsen har fattat utbetalningsbeslut.")
    if requisition.review_message:
        lines += ["", "Meddelande från Socialstyrelsen:", requisition.review_message]
    if requisition.status == Requisition.Status.RETURNED:
        state = deadline_state(programme, region, Deadline.Kind.REQUISITION)
        by = f" senast {swedish_date(state.effective)}" if state.effective else ""
        lines += [
            "",
            f"Komplettera rekvisitionen och skicka in den igen i e-tjänsten{by}.",
            absolute_url("portal:requisition_edit", region.code, programme.code),
        ]
    else:
        lines += [
            "",
            "Rekvisitionen i e-tjänsten:",
            absolute_url("portal:requisition_receipt", region.code, programme.code),
        ]
    lines += ["", "Socialstyrelsen"]
    return send_mail(f"{subject} – {programme.title}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
