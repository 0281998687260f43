"""The confirmation step in a real browser: no JavaScript needed, a heading to land on, and axe finds nothing."""

import datetime

import pytest

from grants.models import PayoutBatch, Requisition
from grants.services import payout_batch_approve, payout_batch_prepare_from_requisitions
from tests.factories import StaffFactory
from tests.factories_office import ApproverFactory, ProgrammeFactory, RequisitionFactory, region

from .test_accessibility import _axe_violations, _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("payment_details")]


def test_marking_a_decision_paid_asks_for_the_date_then_to_confirm(page, live_server):
    programme = ProgrammeFactory()
    for code in ("01", "23"):
        RequisitionFactory(programme=programme, region=region(code), status=Requisition.Status.APPROVED, amount=10**6)
    batch = payout_batch_prepare_from_requisitions(
        actor=StaffFactory(), programme=programme, payout_date=datetime.date(2022, 3, 31)
    )
    approver = ApproverFactory(username="agnes")
    payout_batch_approve(actor=approver, batch=batch)
    _log_in(page, live_server, "agnes")
    page.goto(f"{live_server.url}/handlaggning/utbetalningar/{batch.pk}/")

    page.get_by_label("Utbetalningsdag").fill("2022-03-30")
    page.get_by_role("button", name="Registrera som utbetalt").click()
    assert page.get_by_text(
        "Utbetalningsdag: 30 mars 2022 är före beslutets utbetalningsdag 31 mars 2022."
    ).is_visible()

    page.get_by_label("Utbetalningsdag").fill("2022-04-01")
    page.get_by_role("button", name="Registrera som utbetalt").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Registrera utbetalningsbeslut nr {batch.pk} som utbetalt"
    assert page.get_by_text("2 regioner, 2\u00a0000\u00a0000\u00a0kr.").is_visible()
    assert _axe_violations(page) == []
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.APPROVED

    page.get_by_role("button", name="Registrera som utbetalt").click()
    assert page.get_by_text("Utbetalningen är registrerad.").is_visible()
    batch.refresh_from_db()
    assert (batch.status, batch.paid_on) == (PayoutBatch.Status.PAID, datetime.date(2022, 4, 1))
