"""E-mail to a region's contacts: who they are, and the messages staff actions send them."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import l10n
from regions.models import Membership

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
    Requisition.Status.APPROVED: gettext_lazy("Er rekvisition är godkänd"),
    Requisition.Status.RETURNED: gettext_lazy("Er rekvisition behöver kompletteras"),
    Requisition.Status.REJECTED: gettext_lazy("Er rekvisition är avslagen"),
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
        _("Statsbidrag: %(title)s %(year)s") % {"title": programme.title, "year": programme.budget_year},
        _("Region: %(region)s") % {"region": region.name},
        _("Status: %(status)s") % {"status": requisition.get_status_display()},
        "",
    ]
    parts = list(requisition.lines.all())
    if len(parts) > 1:
        part_line = _("Godkänt för %(part)s: %(amount)s") if approved else _("Rekvirerat för %(part)s: %(amount)s")
        lines += [part_line % {"part": line.component.name, "amount": l10n.kr(line.amount)} for line in parts]
    total_line = _("Godkänt belopp: %(amount)s") if approved else _("Rekvirerat belopp: %(amount)s")
    lines.append(total_line % {"amount": l10n.kr(requisition.amount)})
    if approved:
        lines.append(_("Beloppet betalas ut när Socialstyrelsen har fattat utbetalningsbeslut."))
    if requisition.review_message:
        lines += ["", _("Meddelande från Socialstyrelsen:"), requisition.review_message]
    if requisition.status == Requisition.Status.RETURNED:
        state = deadline_state(programme, region, Deadline.Kind.REQUISITION)
        if state.effective:
            complete = _("Komplettera rekvisitionen och skicka in den igen i e-tjänsten senast %(date)s.") % {
                "date": swedish_date(state.effective)
            }
        else:
            complete = _("Komplettera rekvisitionen och skicka in den igen i e-tjänsten.")
        lines += [
            "",
            complete,
            absolute_url("portal:requisition_edit", region.code, programme.code),
        ]
    else:
        lines += [
            "",
            _("Rekvisitionen i e-tjänsten:"),
            absolute_url("portal:requisition_receipt", region.code, programme.code),
        ]
    lines += ["", _("Socialstyrelsen")]
    return send_mail(
        _("%(subject)s – %(title)s") % {"subject": subject, "title": programme.title},
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
