"""Returning a requisition for completion gives the region a last day to send it in again (COMPLETION_DAYS).

The date is a requisition extension for that region, so the portal, the deadline matrix, the e-mail and the
reminders all read it.
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.deadlines import State, deadline_matrices
from grants.models import DeadlineExtension, ReminderLog, Requisition
from grants.requisitions import deadline_state
from grants.services import (
    RequisitionInput,
    programme_close,
    programme_own_costs_record,
    requisition_reject,
    requisition_return,
    requisition_save_draft,
    requisition_submit,
)
from grants.services.reminders import reminders_send_due
from tests.factories import StaffFactory
from tests.factories_portal import member, programme_with_run, region

pytestmark = pytest.mark.django_db

JAMTLAND = "23"
BEFORE_DEADLINE = date(2022, 3, 1)
AFTER_DEADLINE = date(2022, 3, 20)  # the 2022 requisition deadline was 15 March 2022 (seed 001)
COMPLETION_DUE = date(2022, 4, 3)  # 20 March + COMPLETION_DAYS (14)


@pytest.fixture
def officer():
    return StaffFactory(first_name="Hanna", last_name="Handläggare")


@pytest.fixture
def signer():
    return member(JAMTLAND, email="ombud@regionjh.example")


def complete(programme, **changes) -> RequisitionInput:
    """Return what Jämtland Härjedalen fills in: the 2022 grant's whole share, 25 231 800 kr (seed 001)."""
    values = {
        "amounts": {"invanare": 25_231_800} if programme.code == "uppdamda-vardbehov-2022" else {},
        "contact_name": "Jonna Ombudsdotter",
        "contact_email": "kontakt@regionjh.example",
        "payment_method": "bankgiro",
        "payment_account": "5050-1055",
        "measure_ids": tuple(programme.measures.values_list("pk", flat=True)[:1]),
        "confirmed": True,
    }
    return RequisitionInput(**{**values, **changes})


@pytest.fixture
def submitted_2022(today, signer):
    """Jämtland Härjedalen's 2022 requisition, submitted on 1 March 2022, before the deadline."""
    programme = programme_with_run("uppdamda-vardbehov-2022")
    return requisition_submit(actor=signer, programme=programme, region=region(JAMTLAND), data=complete(programme))


@pytest.fixture
def returned_2022(submitted_2022, today, officer):
    """The requisition returned on 20 March 2022, five days after the deadline, with the default completion date."""
    today(AFTER_DEADLINE)
    return requisition_return(actor=officer, requisition=submitted_2022, message="Bankgironumret är fel.")


# --- The date -------------------------------------------------------------------------------------------------


def test_a_requisition_returned_after_the_deadline_gets_fourteen_days(returned_2022, officer):
    returned_2022.refresh_from_db()
    assert returned_2022.status == Requisition.Status.RETURNED
    extension = DeadlineExtension.objects.get(programme=returned_2022.programme, region=region(JAMTLAND))
    assert (extension.kind, extension.until) == ("requisition", COMPLETION_DUE)
    assert extension.reason == "Komplettering av rekvisitionen senast 3 april 2022"
    assert extension.granted_by == officer
    state = deadline_state(returned_2022.programme, region(JAMTLAND))
    assert (state.deadline, state.effective, state.is_open) == (date(2022, 3, 15), COMPLETION_DUE, True)
    # Only the region whose requisition came back gets a later date
    assert deadline_state(returned_2022.programme, region("22")).effective == date(2022, 3, 15)


def test_staff_choose_the_completion_date_on_the_requisition_page(client, submitted_2022, today, officer):
    today(AFTER_DEADLINE)
    client.force_login(officer)
    page = client.get(reverse("office:requisition_detail", args=[submitted_2022.pk]))
    assert page.context["form"].initial["completion_due"] == COMPLETION_DUE
    response = client.post(
        reverse("office:requisition_return", args=[submitted_2022.pk]),
        {"message": "Bankgironumret är fel.", "completion_due": "2022-04-30"},
        follow=True,
    )
    assert (
        "Rekvisitionen är skickad tillbaka för komplettering. Regionen kan skicka in den igen till och med "
        "30 april 2022."
    ) in response.content.decode()
    extension = DeadlineExtension.objects.get(programme=submitted_2022.programme, region=region(JAMTLAND))
    assert extension.until == date(2022, 4, 30)


def test_a_completion_date_in_the_past_is_refused(client, submitted_2022, today, officer):
    today(AFTER_DEADLINE)
    with pytest.raises(ValidationError) as refused:
        requisition_return(
            actor=officer,
            requisition=submitted_2022,
            message="Bankgironumret är fel.",
            completion_due=AFTER_DEADLINE - timedelta(days=1),
        )
    assert refused.value.messages == ["Sista dag för kompletteringen kan inte ligga före i dag."]
    client.force_login(officer)
    response = client.post(
        reverse("office:requisition_return", args=[submitted_2022.pk]),
        {"message": "Bankgironumret är fel.", "completion_due": "2022-03-19"},
        follow=True,
    )
    assert "Sista dag för kompletteringen kan inte ligga före i dag." in response.content.decode()
    submitted_2022.refresh_from_db()
    assert submitted_2022.status == Requisition.Status.SUBMITTED
    assert not DeadlineExtension.objects.exists()


def test_a_completion_date_of_today_is_accepted(submitted_2022, today, officer):
    today(AFTER_DEADLINE)
    requisition_return(
        actor=officer, requisition=submitted_2022, message="Bankgironumret är fel.", completion_due=AFTER_DEADLINE
    )
    assert deadline_state(submitted_2022.programme, region(JAMTLAND)).effective == AFTER_DEADLINE


# --- The region sends it in again -----------------------------------------------------------------------------


def test_the_region_can_send_it_in_again_up_to_and_including_the_date(returned_2022, today, signer):
    today(COMPLETION_DUE)
    requisition = requisition_submit(
        actor=signer,
        programme=returned_2022.programme,
        region=region(JAMTLAND),
        data=complete(returned_2022.programme, payment_account="5050-1055"),
    )
    assert requisition.pk == returned_2022.pk
    assert requisition.status == Requisition.Status.SUBMITTED


def test_the_region_cannot_send_it_in_the_day_after(returned_2022, today, signer):
    today(COMPLETION_DUE + timedelta(days=1))
    programme = returned_2022.programme
    for service in (requisition_submit, requisition_save_draft):
        with pytest.raises(ValidationError) as refused:
            service(actor=signer, programme=programme, region=region(JAMTLAND), data=complete(programme))
        assert refused.value.messages[0].startswith("Sista dag för rekvisition var den 3 april 2022.")
    returned_2022.refresh_from_db()
    assert returned_2022.status == Requisition.Status.RETURNED


def test_the_portal_requisition_page_shows_the_completion_date(client, returned_2022, today, signer):
    url = reverse(
        "portal:requisition_edit", kwargs={"region_code": JAMTLAND, "programme_code": returned_2022.programme.code}
    )
    client.force_login(signer)
    today(date(2022, 3, 25))
    html = client.get(url).content.decode()
    assert "Socialstyrelsen har skickat tillbaka rekvisitionen för komplettering: Bankgironumret är fel." in html
    assert "Komplettera och skicka in den igen senast <strong>3 april 2022</strong>." in html
    assert "senast <strong>3 april 2022</strong> (Socialstyrelsen har förlängt tidsfristen för regionen)" in html
    assert 'value="submit"' in html
    today(COMPLETION_DUE + timedelta(days=1))
    html = client.get(url).content.decode()
    assert "Sista dag för rekvisition var den 3 april 2022." in html
    assert 'value="submit"' not in html


# --- What staff see and what the region is told ---------------------------------------------------------------


def test_the_deadline_matrix_shows_the_regions_new_date_and_why(client, returned_2022, today, officer):
    programme = returned_2022.programme
    matrix = deadline_matrices([programme], today=date(2022, 3, 25))[programme.pk]
    cells = {cell.region.code: cell for cell in matrix.cells() if cell.column.kind == "requisition"}
    jamtland = cells[JAMTLAND]
    assert (jamtland.date, jamtland.extended, jamtland.state) == (COMPLETION_DUE, True, State.OPEN)
    assert jamtland.detail == "Återsänd för komplettering"
    assert (cells["22"].date, cells["22"].state, cells["22"].detail) == (date(2022, 3, 15), State.OVERDUE, "")
    later = deadline_matrices([programme], today=date(2022, 3, 30))[programme.pk]
    soon = next(c for c in later.cells() if c.column.kind == "requisition" and c.region.code == JAMTLAND)
    assert soon.state == State.SOON  # within REMINDER_DAYS_BEFORE (7) of 3 April
    today(date(2022, 3, 25))
    client.force_login(officer)
    html = client.get(reverse("office:deadlines", args=[programme.code])).content.decode()
    assert "<span>3 april*</span>" in html  # the full Swedish month name, as everywhere
    assert "<small>Återsänd för komplettering</small>" in html


def test_the_return_email_says_when_the_requisition_must_be_in(
    submitted_2022, today, officer, django_capture_on_commit_callbacks
):
    today(AFTER_DEADLINE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        requisition_return(actor=officer, requisition=submitted_2022, message="Bankgironumret är fel.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == (
        "Er rekvisition behöver kompletteras – Riktade insatser för att omhänderta de uppdämda vårdbehoven"
    )
    assert set(message.to) == {"ombud@regionjh.example", "kontakt@regionjh.example"}
    assert "Bankgironumret är fel." in message.body
    assert "Komplettera rekvisitionen och skicka in den igen i e-tjänsten senast 3 april 2022." in message.body


def test_the_return_email_gives_the_chosen_date(submitted_2022, today, officer, django_capture_on_commit_callbacks):
    today(AFTER_DEADLINE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        requisition_return(
            actor=officer,
            requisition=submitted_2022,
            message="Bankgironumret är fel.",
            completion_due=date(2022, 4, 30),
        )
    assert "skicka in den igen i e-tjänsten senast 30 april 2022." in mail.outbox[0].body


# --- A programme without a requisition deadline ---------------------------------------------------------------

RETURNED_2025 = date(2025, 4, 1)
COMPLETION_2025 = date(2025, 4, 15)


@pytest.fixture
def returned_2025(today, signer, officer):
    """Jämtland Härjedalen's block 1 requisition of 2025 (no requisition deadline), returned on 1 April 2025."""
    programme = programme_with_run("vardkoer-2025")
    today(date(2025, 3, 20))
    requisition = requisition_submit(
        actor=signer, programme=programme, region=region(JAMTLAND), data=complete(programme)
    )
    assert requisition.amount == 4_762_000  # block 1, rounded to 1 000 kr (seed 003)
    today(RETURNED_2025)
    return requisition_return(actor=officer, requisition=requisition, message="Kontaktpersonen saknas.")


def test_without_a_requisition_deadline_the_matrix_gains_a_completion_column(client, returned_2025, officer):
    programme = returned_2025.programme
    matrix = deadline_matrices([programme], today=RETURNED_2025)[programme.pk]
    completion = [c for c in matrix.columns if c.kind == "requisition"]
    assert len(completion) == 1
    column = completion[0]
    assert (column.label, column.date, column.completion_only) == (
        "Komplettering av rekvisition",
        COMPLETION_2025,
        True,
    )
    cells = {cell.region.code: cell for cell in matrix.cells() if cell.column == column}
    assert len(cells) == 21
    assert (cells[JAMTLAND].state, cells[JAMTLAND].detail) == (State.OPEN, "Återsänd för komplettering")
    assert {code: cell.state for code, cell in cells.items() if code != JAMTLAND} == {
        code: State.NOT_APPLICABLE for code in cells if code != JAMTLAND
    }
    client.force_login(officer)
    html = client.get(reverse("office:deadlines", args=[programme.code])).content.decode()
    assert "Komplettering av rekvisition" in html


def test_a_reminder_is_sent_for_the_completion_date_once(returned_2025):
    mail.outbox.clear()
    reminders_send_due(today=COMPLETION_2025 - timedelta(days=3))
    completion = ReminderLog.objects.filter(programme=returned_2025.programme, kind="requisition")
    assert list(completion.values_list("region__code", "deadline_date", "stage")) == [
        (JAMTLAND, COMPLETION_2025, ReminderLog.Stage.BEFORE)
    ]
    reminders = [m for m in mail.outbox if "Komplettering av rekvisition" in m.subject]
    assert len(reminders) == 1
    assert reminders[0].subject == (
        "Påminnelse: Komplettering av rekvisition senast 15 april 2025 – Prestationsbaserade medel för att korta "
        "vårdköerna"
    )
    assert set(reminders[0].to) == {"ombud@regionjh.example", "kontakt@regionjh.example"}
    assert "Återsänd för komplettering." in reminders[0].body
    mail.outbox.clear()
    reminders_send_due(today=COMPLETION_2025 - timedelta(days=3))
    assert not [m for m in mail.outbox if "Komplettering av rekvisition" in m.subject]
    assert completion.count() == 1


def test_the_2025_region_can_send_it_in_again_until_the_completion_date(returned_2025, today, signer):
    programme = returned_2025.programme
    today(COMPLETION_2025)
    requisition = requisition_submit(
        actor=signer, programme=programme, region=region(JAMTLAND), data=complete(programme)
    )
    assert requisition.status == Requisition.Status.SUBMITTED


# --- A region that never completes ----------------------------------------------------------------------------


def test_a_returned_requisition_the_region_never_completed_can_be_settled_so_the_programme_closes(
    returned_2022, today, signer, officer
):
    """Issue: past its completion date a returned requisition can be neither sent in nor rejected.

    The final account counts it as waiting for completion, so the programme can never be closed.
    """
    programme = returned_2022.programme
    today(date(2023, 4, 15))
    with pytest.raises(ValidationError, match="Sista dag för rekvisition var den 3 april 2022"):
        requisition_submit(actor=signer, programme=programme, region=region(JAMTLAND), data=complete(programme))
    requisition_reject(
        actor=officer, requisition=returned_2022, message="Kompletteringen kom inte in senast 3 april 2022."
    )
    programme_own_costs_record(actor=officer, programme=programme, amount=0, reason="Inga egna kostnader")
    officer.user_permissions.add(Permission.objects.get(codename="close_grantprogramme"))
    closer = type(officer).objects.get(pk=officer.pk)  # a fresh copy: permissions are cached on the instance
    assert programme_close(actor=closer, programme=programme).is_closed
