"""Writes for the follow-up report (återrapportering, seed 001: due 30 January the year after)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import l10n
from grants.links import absolute_url
from grants.models import Component, GrantProgramme
from grants.selectors import amount_paid
from grants.services.guards import require_open
from regions.access import may_draft, may_submit
from regions.models import Region

from ..models import FollowUpLine, FollowUpReport


@dataclass(frozen=True)
class FollowUpLineInput:
    """Amount used for one measure of the programme, or for an activity described in words."""

    amount_used: int
    measure_id: int | None = None
    activity: str = ""


def follow_up_amount_received(programme: GrantProgramme, region: Region) -> int:
    """Return what the region received of the parts it accounts for: what paid payout decisions paid it.

    Not what it asked for or was allotted: the unused amount (received − used) becomes a claim, so only money
    actually paid may count. The report covers the parts paid on requisition, whose use the region must account
    for (seed 001; seed 003, block 1: "hur de mottagna medlen har använts"); money paid for performance (the 2024
    performance part, block 2 of 2025) rewards results already achieved and is not reported as used.
    """
    return amount_paid(programme, region, basis=Component.PaymentBasis.REQUISITION)


def _write(*, actor, programme, region, lines, results, relation_to_purpose) -> FollowUpReport:
    require_open(programme)  # the report's unused amount is what a claim is made from
    report = FollowUpReport.objects.select_for_update().filter(programme=programme, region=region).first()
    report = report or FollowUpReport(programme=programme, region=region)
    if report.status in (FollowUpReport.Status.SUBMITTED, FollowUpReport.Status.ACCEPTED):
        raise ValidationError(_("Återrapporteringen är redan inskickad och kan inte ändras."))
    measures = set(programme.measures.values_list("pk", flat=True))
    errors = []
    for number, line in enumerate(lines, start=1):
        if line.measure_id is not None and line.measure_id not in measures:
            errors.append(_("Rad %(row)s: välj en insats ur statsbidragets lista.") % {"row": number})
        if line.measure_id is None and not line.activity.strip():
            errors.append(_("Rad %(row)s: ange en insats eller beskriv aktiviteten.") % {"row": number})
        if line.amount_used < 0:
            errors.append(_("Rad %(row)s: beloppet kan inte vara negativt.") % {"row": number})
    received = follow_up_amount_received(programme, region)
    used = sum(line.amount_used for line in lines)
    if used > received:
        errors.append(
            _("Använt belopp (%(used)s) är större än det regionen har tagit emot (%(received)s).")
            % {"used": l10n.kr(used), "received": l10n.kr(received)}
        )
    if errors:
        raise ValidationError(errors)
    report.amount_received = received
    report.amount_used = used
    report.results = results
    report.relation_to_purpose = relation_to_purpose
    report._history_user = actor
    report.full_clean()
    report.save()
    report.lines.all().delete()
    FollowUpLine.objects.bulk_create(
        FollowUpLine(
            report=report, measure_id=line.measure_id, activity=line.activity.strip(), amount_used=line.amount_used
        )
        for line in lines
    )
    return report


@transaction.atomic
def follow_up_save(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    lines: list[FollowUpLineInput],
    results: str = "",
    relation_to_purpose: str = "",
) -> FollowUpReport:
    """Save the follow-up report as a draft; the unused amount is computed from the lines."""
    if not may_draft(actor, region):
        raise PermissionDenied(_("Du har inte behörighet att fylla i återrapporteringen för regionen."))
    return _write(
        actor=actor,
        programme=programme,
        region=region,
        lines=lines,
        results=results,
        relation_to_purpose=relation_to_purpose,
    )


@transaction.atomic
def follow_up_submit(
    *,
    actor,
    programme: GrantProgramme,
    region: Region,
    lines: list[FollowUpLineInput],
    results: str,
    relation_to_purpose: str,
) -> FollowUpReport:
    """Submit the follow-up report once: lines, results and how they relate to the purpose are required."""
    if not may_submit(actor, region):
        raise PermissionDenied(_("Bara regionens behöriga ombud eller företrädare kan skicka in återrapporteringen."))
    report = _write(
        actor=actor,
        programme=programme,
        region=region,
        lines=lines,
        results=results,
        relation_to_purpose=relation_to_purpose,
    )
    missing = {}
    if not lines:
        missing["lines"] = [_("Redovisa minst en insats eller aktivitet med använt belopp.")]
    if not results.strip():
        missing["results"] = [_("Beskriv vilka resultat insatserna har gett.")]
    if not relation_to_purpose.strip():
        missing["relation_to_purpose"] = [_("Beskriv hur resultaten förhåller sig till syftet med statsbidraget.")]
    if missing:
        raise ValidationError(missing)
    changed = FollowUpReport.objects.filter(
        pk=report.pk, status__in=[FollowUpReport.Status.DRAFT, FollowUpReport.Status.RETURNED]
    ).update(status=FollowUpReport.Status.SUBMITTED, submitted_by=actor, submitted_at=timezone.now())
    if changed != 1:
        raise ValidationError(_("Återrapporteringen är redan inskickad."))
    report.refresh_from_db()
    report._history_user = actor
    report.save()
    transaction.on_commit(lambda: _send_receipt(report, actor), robust=True)
    return report


def _send_receipt(report: FollowUpReport, actor) -> None:
    if not actor.email:
        return
    lines = "\n".join(
        f"- {line.measure.name if line.measure else line.activity}: {l10n.kr(line.amount_used)}"
        for line in report.lines.select_related("measure")
    )
    received = _("Socialstyrelsen har tagit emot %(region)ss återrapportering av %(programme)s %(year)s.") % {
        "region": report.region.name,
        "programme": report.programme.title,
        "year": report.programme.budget_year,
    }
    amounts = [
        _("Mottaget: %(amount)s") % {"amount": l10n.kr(report.amount_received)},
        _("Använt: %(amount)s") % {"amount": l10n.kr(report.amount_used)},
        _("Ej använt (ska betalas tillbaka): %(amount)s") % {"amount": l10n.kr(report.unused)},
    ]
    link = absolute_url("portal:follow_up_edit", report.region.code, report.programme.code)
    body = "\n".join(
        [
            received,
            "",
            *amounts,
            "",
            _("Använda medel:"),
            lines,
            "",
            _("Resultat:"),
            report.results,
            "",
            _("Förhållande till syftet:"),
            report.relation_to_purpose,
            "",
            _("Återrapporteringen i e-tjänsten:"),
            link,
            "",
        ]
    )
    subject = _("Kvitto: återrapportering – %(region)s") % {"region": report.region.name}
    send_mail(subject, body, None, [actor.email])
