"""Payout decisions and claims: edge cases found by mutation testing (benchmarks/mutation.py).

ProgrammeFactory gives every region 40 000 000 kr of one part ("Lika fördelning"), paid on requisition. An earlier
decision is made with PayoutFactory: a draft, which promises the money as much as a paid one does.
"""

import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from grants.models import AllocationLine, Component, GrantProgramme, PayoutBatch, Requisition, RequisitionLine
from grants.services import (
    allocation_run_create,
    claim_due_date,
    claimable,
    payout_batch_approve,
    payout_batch_discard,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    payout_batch_prepare_from_run,
    repayment_adjust,
    repayment_cancel,
    repayment_create,
    repayment_create_from_follow_up,
    repayment_payment_record,
    repayment_update_invoice,
)
from grants.services.repayments import repayment_deadline
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import (
    ApproverFactory,
    FollowUpReportFactory,
    PayoutFactory,
    ProgrammeFactory,
    RequisitionFactory,
    region,
)

pytestmark = pytest.mark.django_db

PAY_DAY = datetime.date(2022, 3, 31)
ALLOCATION = 40_000_000
NBSP = "\u00a0"


def kr(amount: int) -> str:
    """Return an amount as the services write it: 20 000 000 kr with no-break spaces."""
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


def approved(programme, code: str, amount: int) -> Requisition:
    return RequisitionFactory(
        programme=programme, region=region(code), status=Requisition.Status.APPROVED, amount=amount
    )


def earlier_decision(programme, code: str, amount: int) -> None:
    PayoutFactory(batch__programme=programme, region=region(code), amount=amount)


def prepare(programme, **kwargs) -> PayoutBatch:
    return payout_batch_prepare_from_requisitions(
        actor=StaffFactory(), programme=programme, payout_date=PAY_DAY, **kwargs
    )


def pay(batch: PayoutBatch) -> PayoutBatch:
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=batch)
    return payout_batch_mark_paid(actor=approver, batch=batch)


def payouts(batch: PayoutBatch) -> dict[str, int]:
    return dict(batch.payouts.values_list("region__code", "amount"))


def claim(programme, code: str, amount: int, component=None):
    return repayment_create(
        actor=StaffFactory(),
        programme=programme,
        region=region(code),
        amount=amount,
        reason_text="Medel har använts till annat än avsett ändamål.",
        component=component,
    )


# Who may act


@pytest.mark.parametrize(
    "make_actor", [UserFactory, lambda: StaffFactory(is_active=False)], ids=["not staff", "inactive staff"]
)
def test_a_signed_in_user_who_is_not_active_staff_is_refused_by_the_money_services(payment_details, make_actor):
    programme = ProgrammeFactory()
    approved(programme, "01", 1_000)
    draft = PayoutFactory(batch__programme=programme, region=region("03")).batch
    refused = "Bara Socialstyrelsens handläggare kan hantera utbetalningsbeslut"
    with pytest.raises(ValidationError, match=refused):
        payout_batch_prepare_from_requisitions(actor=make_actor(), programme=programme, payout_date=PAY_DAY)
    with pytest.raises(ValidationError, match=refused):
        payout_batch_prepare_from_run(actor=make_actor(), programme=programme, payout_date=PAY_DAY)
    for service in (payout_batch_approve, payout_batch_mark_paid, payout_batch_discard):
        with pytest.raises(ValidationError, match=refused):
            service(actor=make_actor(), batch=draft)
    with pytest.raises(ValidationError, match="Bara Socialstyrelsens handläggare kan hantera återbetalningar"):
        repayment_create(actor=make_actor(), programme=programme, region=region("01"), amount=1, reason_text="Fel")
    assert list(PayoutBatch.objects.values_list("pk", "status")) == [(draft.pk, PayoutBatch.Status.DRAFT)]


# Paying on requisition: never more than the allocation less every earlier decision


def test_a_requisition_exactly_equal_to_the_remainder_is_paid(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", ALLOCATION)
    batch = prepare(programme)
    assert payouts(batch) == {"01": ALLOCATION}
    assert batch.note == ""


def test_a_requisition_of_one_krona_is_paid(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", 1)
    assert payouts(prepare(programme)) == {"01": 1}


def test_a_requisition_above_the_remainder_after_an_earlier_payout_is_refused(payment_details):
    programme = ProgrammeFactory()
    earlier_decision(programme, "01", 30_000_000)
    approved(programme, "01", 20_000_000)
    with pytest.raises(ValidationError) as refused:
        prepare(programme)
    assert f"Stockholm (Lika fördelning): {kr(20_000_000)} men {kr(10_000_000)} återstår" in refused.value.messages[0]
    assert PayoutBatch.objects.count() == 1


def test_a_requisition_above_the_remainder_is_left_out_and_named_while_the_others_are_paid(payment_details):
    programme = ProgrammeFactory()
    earlier_decision(programme, "01", 30_000_000)
    approved(programme, "01", 20_000_000)
    approved(programme, "03", 10_000_000)
    batch = prepare(programme)
    assert payouts(batch) == {"03": 10_000_000}
    assert "Ingår inte" in batch.note and "Stockholm (Lika fördelning)" in batch.note


def test_a_region_already_promised_more_than_its_allocation_is_told_nothing_remains(payment_details):
    programme = ProgrammeFactory()
    earlier_decision(programme, "01", 45_000_000)  # e.g. before a corrected run lowered the allocation
    approved(programme, "01", 1)
    with pytest.raises(ValidationError) as refused:
        prepare(programme)
    assert f"{kr(1)} men {kr(0)} återstår av fördelningen" in refused.value.messages[0]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="removes lines of a stored run, which PostgreSQL's triggers refuse"
)
def test_a_region_without_an_allocation_line_is_paid_nothing(payment_details):
    programme = ProgrammeFactory()
    AllocationLine.objects.filter(run__programme=programme, region=region("09")).delete()
    approved(programme, "09", 1)
    with pytest.raises(ValidationError) as refused:
        prepare(programme)
    assert f"Gotland (Lika fördelning): {kr(1)} men {kr(0)} återstår" in refused.value.messages[0]
    approved(programme, "01", 1)
    batch = prepare(programme)
    assert payouts(batch) == {"01": 1}
    assert "Gotland (Lika fördelning)" in batch.note


def test_a_part_requisitioned_whole_pays_what_remains_and_nothing_once_it_is_paid(payment_details):
    programme = ProgrammeFactory()
    programme.components.update(requisition_amount=Component.RequisitionAmount.ALLOCATED)
    earlier_decision(programme, "01", 30_000_000)
    earlier_decision(programme, "03", ALLOCATION)
    approved(programme, "01", ALLOCATION)
    approved(programme, "03", ALLOCATION)
    batch = prepare(programme)
    assert payouts(batch) == {"01": 10_000_000}
    assert "Uppsala (Lika fördelning)" in batch.note
    payout_batch_discard(actor=StaffFactory(), batch=batch)
    Requisition.objects.filter(region=region("01")).delete()
    with pytest.raises(ValidationError, match="överstiga det som återstår av regionens fördelning"):
        prepare(programme)


def test_a_long_note_is_cut_to_300_characters(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", 1)
    assert prepare(programme, note="x" * 400).note == "x" * 300


# Paying from the final run


def test_a_balance_of_one_krona_is_paid_from_the_final_run(payment_details):
    programme = ProgrammeFactory()
    programme.components.update(payment_basis=Component.PaymentBasis.FINAL_RUN)
    earlier_decision(programme, "01", ALLOCATION - 1)
    earlier_decision(programme, "03", ALLOCATION)
    batch = payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    amounts = payouts(batch)
    assert amounts["01"] == 1 and "03" not in amounts and amounts["04"] == ALLOCATION


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="removes lines of a stored run, which PostgreSQL's triggers refuse"
)
def test_a_decision_from_the_final_run_refers_to_the_newest_run_it_pays_from(payment_details):
    programme = ProgrammeFactory()
    Component.objects.create(
        programme=programme, code="b", name="Del B", rule=Component.Rule.EQUAL_SHARE, amount=21_000, position=1
    )
    programme.components.update(payment_basis=Component.PaymentBasis.FINAL_RUN)
    older = allocation_run_create(programme=programme, force=True)
    newest = allocation_run_create(programme=programme, force=True)
    # The newest run left part B out (as a run does when a part's inputs are missing): B is paid from the older.
    AllocationLine.objects.filter(run=newest, component__code="b").delete()
    batch = payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert older.number < newest.number
    assert batch.run == newest


def test_a_draft_programme_pays_nothing_though_its_allocation_is_computed(payment_details):
    programme = ProgrammeFactory(status=GrantProgramme.Status.DRAFT)
    programme.components.update(payment_basis=Component.PaymentBasis.FINAL_RUN)
    assert programme.runs.exists()  # a draft's allocation is computed, for the what-if and the bilaga
    with pytest.raises(ValidationError, match="är ett utkast"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert not PayoutBatch.objects.filter(programme=programme).exists()


# Claims: only on money paid, never more than paid less claimed


def test_without_a_repayment_date_a_claim_falls_due_on_31_march_the_year_after():
    programme = ProgrammeFactory(budget_year=2022)
    assert repayment_deadline(programme) == datetime.date(2023, 3, 31)
    due = claim_due_date(programme, datetime.date(2023, 1, 10))
    assert due.date == datetime.date(2023, 3, 31)
    with pytest.raises(dataclasses.FrozenInstanceError):
        due.date = datetime.date(2023, 4, 1)


def test_money_in_a_decision_not_yet_paid_cannot_be_claimed(payment_details):
    programme = ProgrammeFactory()
    earlier_decision(programme, "01", 5_000_000)
    assert claimable(programme, region("01")).paid == 0
    with pytest.raises(ValidationError, match="har inte fått någon utbetalning"):
        claim(programme, "01", 1)


def test_one_krona_paid_can_be_claimed_and_then_nothing_more(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", 1)
    pay(prepare(programme))
    with pytest.raises(ValidationError) as refused:
        claim(programme, "01", 0)
    assert refused.value.messages == ["Beloppet ska vara större än noll."]
    assert claim(programme, "01", 1).amount == 1
    with pytest.raises(ValidationError) as refused:
        claim(programme, "01", 1)
    assert refused.value.messages == [
        f"Det utbetalda beloppet av {programme.title} {programme.budget_year} ({kr(1)}) är redan återkrävt från "
        "Region Stockholm."
    ]
    available = claimable(programme, region("01"))
    assert (available.paid, available.claimed, available.remaining) == (1, 1, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        available.remaining = 1


def test_a_claim_on_a_part_is_limited_by_what_was_paid_for_that_part(payment_details):
    programme = ProgrammeFactory()
    lika = programme.components.get()
    other = Component.objects.create(
        programme=programme, code="b", name="Del B", rule=Component.Rule.EQUAL_SHARE, amount=21 * 5_000_000, position=1
    )
    allocation_run_create(programme=programme, force=True)
    requisition = approved(programme, "01", 5_000_000)
    RequisitionLine.objects.create(requisition=requisition, component=other, amount=5_000_000)
    pay(prepare(programme))
    claim(programme, "01", 3_000_000, component=lika)
    assert claimable(programme, region("01"), lika).remaining == 2_000_000
    with pytest.raises(ValidationError) as refused:
        claim(programme, "01", 2_000_001, component=lika)
    assert refused.value.messages[0].endswith(f"högst {kr(2_000_000)} kan krävas.")
    assert claim(programme, "01", 2_000_000, component=lika).amount == 2_000_000


def test_a_claim_may_fall_due_on_the_day_it_is_made_but_not_before(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", 100)
    pay(prepare(programme))
    today = datetime.date(2023, 6, 1)
    with pytest.raises(ValidationError, match="Förfallodagen kan inte ligga före"):
        repayment_create(
            actor=StaffFactory(),
            programme=programme,
            region=region("01"),
            amount=1,
            reason_text="Fel",
            due_date=today - datetime.timedelta(days=1),
            today=today,
        )
    repayment = repayment_create(
        actor=StaffFactory(),
        programme=programme,
        region=region("01"),
        amount=1,
        reason_text="Fel",
        due_date=today,
        today=today,
    )
    assert (repayment.due_date, repayment.due_date_reason) == (today, "Angiven av handläggaren.")


def test_one_krona_left_unused_in_a_follow_up_report_is_claimed(payment_details):
    programme = ProgrammeFactory()
    approved(programme, "01", 100)
    pay(prepare(programme))
    report = FollowUpReportFactory(programme=programme, region=region("01"), amount_received=100, amount_used=99)
    repayment = repayment_create_from_follow_up(actor=StaffFactory(), report=report)
    assert repayment.amount == 1
    assert "Redan återkrävt" not in repayment.reason_text  # nothing was claimed before: the claim is not capped


# A claim's life: invoice, payments, lowering and writing off


@pytest.fixture
def claim_of_100(payment_details):
    """A claim of 100 kr on Stockholm, which was paid 100 kr."""
    programme = ProgrammeFactory()
    approved(programme, "01", 100)
    pay(prepare(programme))
    return claim(programme, "01", 100)


def test_an_invoice_with_a_new_due_date_gives_the_invoice_as_the_reason(claim_of_100):
    officer = StaffFactory()
    before = claim_of_100.due_date_reason
    same = repayment_update_invoice(
        actor=officer, repayment=claim_of_100, invoice_number=" F1 ", due_date=claim_of_100.due_date
    )
    assert (same.invoice_number, same.due_date_reason) == ("F1", before)
    later = claim_of_100.due_date + datetime.timedelta(days=10)
    moved = repayment_update_invoice(actor=officer, repayment=claim_of_100, invoice_number="F1", due_date=later)
    assert (moved.due_date, moved.due_date_reason) == (later, "Enligt fakturan.")


def test_a_payment_must_be_positive_and_at_most_what_is_outstanding(claim_of_100):
    officer = StaffFactory()
    with pytest.raises(ValidationError) as refused:
        repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=0)
    assert refused.value.messages == ["Beloppet ska vara större än noll."]
    repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=1)
    repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=39)
    with pytest.raises(ValidationError) as refused:
        repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=61)
    assert refused.value.messages == [f"Inbetalningen är för stor: {kr(60)} återstår av återkravet."]


def test_a_claim_adjusted_to_what_it_already_asks_is_told_so(claim_of_100):
    with pytest.raises(ValidationError) as refused:
        repayment_adjust(actor=StaffFactory(), repayment=claim_of_100, claimed_after=100, reason="Samma")
    assert refused.value.messages == [f"Återkravet är redan {kr(100)}."]


def test_one_krona_outstanding_can_be_written_off_and_the_write_off_is_an_update_in_the_history(claim_of_100):
    officer = StaffFactory()
    repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=99)
    adjustment = repayment_cancel(actor=officer, repayment=claim_of_100, reason="Eftergift")
    assert (adjustment.change, adjustment.claimed_after, adjustment.cancels) == (-1, 99, True)
    newest = claim_of_100.history.order_by("-history_date", "-history_id").first()
    assert (newest.history_type, newest.history_change_reason) == ("~", "Avskrivet: Eftergift")


def test_a_claim_repaid_in_full_cannot_be_written_off(claim_of_100):
    officer = StaffFactory()
    repayment_payment_record(actor=officer, repayment=claim_of_100, paid_on=PAY_DAY, amount=100)
    with pytest.raises(ValidationError) as refused:
        repayment_cancel(actor=officer, repayment=claim_of_100, reason="Eftergift")
    assert refused.value.messages == ["Återkravet är redan betalt i sin helhet och kan inte skrivas av."]
