"""Reminders e-mailed to the regions before a deadline and when it has passed, never twice per deadline and stage."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import l10n
from ..deadlines import Cell, State, deadline_matrices
from ..links import deadline_url
from ..models import GrantProgramme, ReminderLog
from ..notifications import region_contact_emails

# An overdue reminder goes out only in the first weeks after the date, so that a programme loaded long after its
# deadlines (e.g. the 2022 seed) does not send the regions a flood of stale reminders.
OVERDUE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Due:
    programme: GrantProgramme
    cell: Cell
    stage: str


def reminders_due(*, today: date | None = None) -> list[Due]:
    """Return the reminders to send today: open deadlines within the notice period, and recently passed ones."""
    today = today or timezone.localdate()
    notice = timedelta(days=settings.REMINDER_DAYS_BEFORE)
    due = []
    for matrix in deadline_matrices(GrantProgramme.objects.visible_to_regions(), today=today).values():
        for cell in matrix.cells():
            if cell.state in (State.OPEN, State.SOON) and today <= cell.date <= today + notice:
                due.append(Due(matrix.programme, cell, ReminderLog.Stage.BEFORE))
            elif cell.state == State.OVERDUE and cell.date < today <= cell.date + timedelta(days=OVERDUE_WINDOW_DAYS):
                due.append(Due(matrix.programme, cell, ReminderLog.Stage.AFTER))
    return due


def _message(item: Due) -> tuple[str, str]:
    cell, programme = item.cell, item.programme
    when = l10n.date_text(cell.date)
    label = str(cell.column.label)
    words = {"what": label, "what_lower": label.lower(), "date": when, "programme": programme.title}
    if item.stage == ReminderLog.Stage.BEFORE:
        subject = _("Påminnelse: %(what)s senast %(date)s – %(programme)s") % words
        opening = _("En påminnelse: %(what_lower)s ska ha kommit in till Socialstyrelsen senast %(date)s.") % words
    else:
        subject = _("Tidsfristen har passerat: %(what)s %(date)s – %(programme)s") % words
        opening = _("Tidsfristen för %(what_lower)s var %(date)s och vi har ännu inte fått in det som krävs.") % words
    lines = [_("Till %(region)s") % {"region": cell.region.name}, "", opening]
    if cell.detail:
        lines.append(f"{cell.detail}.")
    lines += ["", _("Statsbidrag: %(programme)s") % words]
    if programme.decision_reference:
        lines.append(_("Diarienummer: %(reference)s") % {"reference": programme.decision_reference})
    url = deadline_url(
        kind=cell.column.kind,
        region_code=cell.region.code,
        programme_code=programme.code,
        survey_ids=cell.column.survey_ids,
    )
    lines += ["", _("Sidan i e-tjänsten:"), url]
    lines += ["", _("Har ni redan skickat in? Då kan ni bortse från detta meddelande."), "", _("Socialstyrelsen")]
    return subject, "\n".join(lines)


def reminders_send_due(*, today: date | None = None) -> int:
    """Send today's reminders; return how many were sent. Running it twice sends nothing new.

    Each reminder is its own transaction: the log row is created first (unique per programme, kind, date, region
    and stage) and the e-mail sent before commit, so a failed send leaves no log and is retried, and a second run
    (even a concurrent one, which waits on the unique index) finds the log and skips.
    """
    due = reminders_due(today=today)
    contacts: dict[int, dict[int, list[str]]] = {}
    sent = 0
    for item in due:
        programme_id = item.programme.pk
        if programme_id not in contacts:
            contacts[programme_id] = region_contact_emails(
                programme_id, {d.cell.region.pk for d in due if d.programme.pk == programme_id}
            )
        recipients = contacts[programme_id].get(item.cell.region.pk)
        if not recipients:
            continue
        sent += reminder_send(item=item, recipients=recipients)
    return sent


@transaction.atomic
def reminder_send(*, item: Due, recipients: list[str]) -> int:
    """Send one reminder unless it has been sent before; return 1 if sent now, else 0."""
    _log, created = ReminderLog.objects.get_or_create(
        programme=item.programme,
        kind=item.cell.column.kind,
        deadline_date=item.cell.date,
        region=item.cell.region,
        stage=item.stage,
        defaults={"recipients": ", ".join(recipients)},
    )
    if not created:
        return 0
    subject, body = _message(item)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return 1
