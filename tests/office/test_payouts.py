"""Payout decisions: preparing, four eyes (service and constraint), paying once, even concurrently."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from grants.models import AllocationRun, PayoutBatch, Requisition
from grants.services import (
    allocation_run_create,
    payout_batch_approve,
    payout_batch_discard,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    payout_batch_prepare_from_run,
)
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import ApproverFactory, PayoutFactory, ProgrammeFactory, RequisitionFactory, region

PAY_DAY = datetime.date(2022, 3, 31)


@pytest.fixture
def prepared(db):
    """A payout decision for two approved requisitions, prepared by an approver-capable case officer."""
    programme = ProgrammeFactory()
    RequisitionFactory.create_batch(2, programme=programme, status=Requisition.Status.APPROVED)
    RequisitionFactory(programme=programme, status=Requisition.Status.SUBMITTED)
    preparer = ApproverFactory()
    return payout_batch_prepare_from_requisitions(actor=preparer, programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_batch_holds_each_approved_requisition_with_a_snapshot_of_its_payment_details(prepared):
    payouts = list(prepared.payouts.select_related("requisition"))
    assert len(payouts) == 2
    assert all(p.amount == p.requisition.amount and p.payment_account == "5050-1055" for p in payouts)
    assert prepared.status == PayoutBatch.Status.DRAFT
    with pytest.raises(ValidationError, match="inga godkända rekvisitioner"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=prepared.programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_the_preparer_cannot_approve_their_own_batch(prepared):
    with pytest.raises(ValidationError, match="En annan person måste attestera"):
        payout_batch_approve(actor=prepared.prepared_by, batch=prepared)
    prepared.refresh_from_db()
    assert prepared.status == PayoutBatch.Status.DRAFT


@pytest.mark.django_db
def test_the_database_refuses_a_batch_approved_by_its_preparer(prepared):
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatch.objects.filter(pk=prepared.pk).update(
            approved_by=prepared.prepared_by, status=PayoutBatch.Status.APPROVED
        )


@pytest.mark.django_db
def test_approving_needs_the_approve_permission(prepared):
    with pytest.raises(ValidationError, match="behörighet"):
        payout_batch_approve(actor=StaffFactory(), batch=prepared)


@pytest.mark.django_db
def test_a_batch_is_approved_then_paid_once(prepared):
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=prepared)
    with pytest.raises(ValidationError, match="redan attesterat"):
        payout_batch_approve(actor=ApproverFactory(), batch=prepared)
    payout_batch_mark_paid(actor=prepared.prepared_by, batch=prepared)
    with pytest.raises(ValidationError, match="redan registrerat som utbetalt"):
        payout_batch_mark_paid(actor=approver, batch=prepared)
    prepared.refresh_from_db()
    assert (prepared.status, prepared.approved_by) == (PayoutBatch.Status.PAID, approver)
    assert [h.status for h in prepared.history.order_by("history_date")] == ["draft", "approved", "paid"]


@pytest.mark.django_db
def test_a_batch_must_be_approved_before_it_is_paid(prepared):
    with pytest.raises(ValidationError, match="attesteras innan"):
        payout_batch_mark_paid(actor=ApproverFactory(), batch=prepared)


@pytest.mark.django_db
def test_a_batch_missing_payment_details_cannot_be_approved():
    batch = PayoutFactory(payment_account="").batch
    with pytest.raises(ValidationError, match="Betalningsuppgifter saknas"):
        payout_batch_approve(actor=ApproverFactory(), batch=batch)


@pytest.mark.django_db
def test_discarding_a_draft_releases_its_requisitions(prepared):
    payout_batch_discard(actor=StaffFactory(), batch=prepared)
    again = payout_batch_prepare_from_requisitions(
        actor=StaffFactory(), programme=prepared.programme, payout_date=PAY_DAY
    )
    assert again.payouts.count() == 2


@pytest.mark.django_db
def test_a_batch_from_the_final_run_pays_each_requisitioning_region_what_is_not_yet_paid():
    programme = load_seed_programme("vardplatser-2024")
    run = allocation_run_create(programme=programme)
    AllocationRun.objects.filter(pk=run.pk).update(provisional=False)
    stockholm = RequisitionFactory(
        programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=100_000_000
    )
    RequisitionFactory(  # an expression of interest: 0 kr now, paid from the final run
        programme=programme,
        region=region("09"),
        status=Requisition.Status.APPROVED,
        amount=0,
        payment_account="5555-5556",
    )
    first = payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert first.payouts.get().region == stockholm.region
    batch = payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    payouts = {p.region.code: p for p in batch.payouts.select_related("region")}
    allocated = dict(run.lines.values_list("region__code").annotate(total=Sum("amount")).order_by())

    assert set(payouts) == {"01", "09"}  # regions that never requisitioned are not paid ("efter rekvisition")
    assert payouts["01"].amount == allocated["01"] - 100_000_000
    assert (payouts["09"].amount, payouts["09"].payment_account) == (allocated["09"], "5555-5556")
    with pytest.raises(ValidationError, match="inget att betala ut"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_region_whose_requisition_was_rejected_is_not_paid_from_the_run():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=0)
    RequisitionFactory(
        programme=programme, region=region("23"), status=Requisition.Status.REJECTED, payment_account="1234-5674"
    )
    batch = payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert list(batch.payouts.values_list("region__code", flat=True)) == ["01"]


@pytest.mark.django_db
def test_requisitions_of_0_kr_alone_make_no_empty_batch():
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=0)
    with pytest.raises(ValidationError, match="0 kr"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert not PayoutBatch.objects.exists()


@pytest.mark.django_db
def test_requisitions_are_not_paid_without_an_allocation_to_check_them_against():
    programme = ProgrammeFactory(allocation=False)
    RequisitionFactory(programme=programme, status=Requisition.Status.APPROVED)
    with pytest.raises(ValidationError, match="ingen slutlig fördelning"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_provisional_run_is_not_paid():
    programme = load_seed_programme("vardplatser-2024")
    run = allocation_run_create(programme=programme)
    AllocationRun.objects.filter(pk=run.pk).update(provisional=True)
    with pytest.raises(ValidationError, match="slutlig"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


def _race(action, actors, batch_pk):
    """Run the action for each actor in its own thread, released together; return outcomes."""
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def worker(actor):
        try:
            batch = PayoutBatch.objects.get(pk=batch_pk)
            barrier.wait(timeout=10)
            action(actor=actor, batch=batch)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking; SQLite serialises writes")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_approvals_and_payments_of_the_same_batch_result_in_exactly_one():
    batch = PayoutFactory().batch
    approvers = [ApproverFactory(), ApproverFactory()]

    outcomes = _race(payout_batch_approve, approvers, batch.pk)
    assert sorted(outcomes) == ["Utbetalningsbeslutet är redan attesterat.", "ok"]

    outcomes = _race(payout_batch_mark_paid, approvers, batch.pk)
    assert outcomes.count("ok") == 1 and len(outcomes) == 2

    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID
    assert batch.history.filter(status=PayoutBatch.Status.APPROVED).count() == 1
    assert batch.history.filter(status=PayoutBatch.Status.PAID).count() == 1


@pytest.mark.django_db
def test_a_requisition_is_not_paid_beyond_what_remains_of_the_allocation():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(  # Stockholm's allocation is 461 327 417 kr (seed 000)
        programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=461_327_418
    )
    with pytest.raises(ValidationError, match="överstiger det som återstår"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_exporting_a_payout_decision_that_does_not_exist_is_404(client):
    from django.urls import reverse

    client.force_login(StaffFactory())
    assert client.get(reverse("office:batch_export", args=[999_999])).status_code == 404
