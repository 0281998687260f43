"""Payout decisions: preparing, four eyes (service and constraint), paying once, even concurrently."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from grants.models import Component, Payout, PayoutBatch, Requisition
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
from tests.money import close_period_and_run, monthly

PAY_DAY = datetime.date(2022, 3, 31)


@pytest.fixture
def prepared(db, payment_details):
    """A payout decision for two approved requisitions, prepared by an approver-capable case officer."""
    programme = ProgrammeFactory()
    RequisitionFactory.create_batch(2, programme=programme, status=Requisition.Status.APPROVED)
    RequisitionFactory(programme=programme, status=Requisition.Status.SUBMITTED)
    preparer = ApproverFactory()
    return payout_batch_prepare_from_requisitions(actor=preparer, programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_batch_holds_each_approved_requisition_with_a_snapshot_of_the_regions_payment_details(prepared):
    payouts = list(prepared.payouts.select_related("requisition", "region"))
    assert len(payouts) == 2
    for payout in payouts:
        assert payout.amount == payout.requisition.amount
        # the registered master data, not the account typed on the requisition (5050-1055)
        assert (payout.organisation_number, payout.payment_account) == (
            payout.region.organisation_number,
            payout.region.payment_account,
        )
        assert payout.payment_account != payout.requisition.payment_account
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
@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        (
            PAY_DAY - datetime.timedelta(days=1),
            "Utbetalningsdag: 30 mars 2022 är före beslutets utbetalningsdag 31 mars",
        ),
        (datetime.date(2022, 4, 11), "Utbetalningsdag: 11 april 2022 har inte varit än"),
    ],
)
def test_a_payment_date_before_the_payout_date_or_after_today_is_refused(prepared, today, paid_on, message):
    today(datetime.date(2022, 4, 10))
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=prepared)
    with pytest.raises(ValidationError) as refused:
        payout_batch_mark_paid(actor=approver, batch=prepared, paid_on=paid_on)
    assert list(refused.value.message_dict) == ["paid_on"]
    assert message in refused.value.messages[0]
    prepared.refresh_from_db()
    assert (prepared.status, prepared.paid_on, prepared.paid_at) == (PayoutBatch.Status.APPROVED, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("paid_on", [PAY_DAY, datetime.date(2022, 4, 10)], ids=["the payout date", "today"])
def test_the_payment_date_is_stored_from_the_payout_date_to_today(prepared, today, paid_on):
    today(datetime.date(2022, 4, 10))
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=prepared)
    payout_batch_mark_paid(actor=approver, batch=prepared, paid_on=paid_on)
    prepared.refresh_from_db()
    assert (prepared.status, prepared.paid_on) == (PayoutBatch.Status.PAID, paid_on)
    assert prepared.history.latest("history_date").paid_on == paid_on


@pytest.mark.django_db
def test_a_batch_whose_payout_lacks_an_account_cannot_be_approved_and_the_region_is_named():
    batch = PayoutFactory(region=region("09"), payment_account="").batch
    with pytest.raises(ValidationError) as refused:
        payout_batch_approve(actor=ApproverFactory(), batch=batch)
    assert "Gotland (organisationsnummer eller konto saknas eller är ogiltigt)" in refused.value.messages[0]
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.DRAFT


def test_approval_is_refused_while_a_region_lacks_a_valid_organisation_number(prepared):
    payout = prepared.payouts.select_related("region").first()
    Payout.objects.filter(pk=payout.pk).update(organisation_number="")  # as a decision prepared before the check
    with pytest.raises(ValidationError) as refused:
        payout_batch_approve(actor=ApproverFactory(), batch=prepared)
    assert payout.region.short_name in refused.value.messages[0]
    assert "organisationsnummer" in refused.value.messages[0]


def test_approval_is_refused_when_the_payment_details_changed_after_preparation(prepared):
    payout = prepared.payouts.select_related("region").first()
    region_pk = payout.region.pk
    from regions.models import Region

    Region.objects.filter(pk=region_pk).update(payment_account="5050-1055")
    with pytest.raises(ValidationError, match="har ändrats sedan beslutet upprättades"):
        payout_batch_approve(actor=ApproverFactory(), batch=prepared)


@pytest.mark.django_db
def test_a_decision_cannot_be_prepared_for_regions_without_payment_details_and_names_them(payment_details):
    from regions.models import Region

    programme = ProgrammeFactory()
    RequisitionFactory(programme=programme, region=region("09"), status=Requisition.Status.APPROVED)
    RequisitionFactory(programme=programme, region=region("08"), status=Requisition.Status.APPROVED)
    Region.objects.filter(code__in=["08", "09"]).update(organisation_number="")
    with pytest.raises(ValidationError) as refused:
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert "för Kalmar, Gotland." in refused.value.messages[0]
    assert not PayoutBatch.objects.exists()


def test_discarding_a_draft_releases_its_requisitions(prepared):
    payout_batch_discard(actor=StaffFactory(), batch=prepared)
    again = payout_batch_prepare_from_requisitions(
        actor=StaffFactory(), programme=prepared.programme, payout_date=PAY_DAY
    )
    assert again.payouts.count() == 2


@pytest.mark.django_db
def test_2024_basic_part_is_paid_on_requisition_and_the_performance_part_only_from_the_final_run(payment_details):
    programme = load_seed_programme("vardplatser-2024")
    # Stockholm and Gotland report February; both are in the top five, and the bonus pot goes to them.
    monthly([("01", "overcrowding_rate", 2024, 2, "4.1"), ("09", "outlying_rate", 2024, 2, "1.2")])
    allocation_run_create(programme=programme)
    basic = programme.components.get(code="grundlaggande")
    performance = programme.components.get(code="prestation")
    RequisitionFactory(
        programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=174_464_006
    )

    with pytest.raises(ValidationError, match="inte slutlig"):  # the period has not closed: nothing to pay yet
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    first = payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert list(first.payouts.values_list("region__code", "component__code", "amount")) == [
        ("01", "grundlaggande", 174_464_006)  # seed 002, bilaga 2: Stockholm 174 464 006
    ]

    run = close_period_and_run(programme, "prestation")
    batch = payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    allocated = dict(run.lines.filter(component=performance).values_list("region__code", "amount"))
    paid = {p.region.code: p for p in batch.payouts.select_related("region", "component")}
    assert set(paid) == {"01", "09"} and sum(p.amount for p in paid.values()) == 1_240_000_000
    # Every region earns its performance money, requisition or not; the basic part is never in this decision.
    assert {p.component for p in paid.values()} == {performance}
    assert {code: p.amount for code, p in paid.items()} == {code: a for code, a in allocated.items() if a > 0}
    assert not batch.payouts.filter(component=basic).exists()
    with pytest.raises(ValidationError, match="inget att betala ut"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_programme_paid_only_on_requisition_has_nothing_to_pay_from_the_run(payment_details):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=1)
    with pytest.raises(ValidationError, match="ingen del som betalas ut efter den slutliga fördelningen"):
        payout_batch_prepare_from_run(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_rejected_or_unreviewed_requisition_is_not_paid(payment_details):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=5)
    RequisitionFactory(programme=programme, region=region("23"), status=Requisition.Status.REJECTED, amount=5)
    RequisitionFactory(programme=programme, region=region("09"), status=Requisition.Status.SUBMITTED, amount=5)
    batch = payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert list(batch.payouts.values_list("region__code", flat=True)) == ["01"]


@pytest.mark.django_db
def test_a_requisition_of_0_kr_makes_no_empty_batch(payment_details):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=0)
    with pytest.raises(ValidationError, match="inga godkända rekvisitioner"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)
    assert not PayoutBatch.objects.exists()


@pytest.mark.django_db
def test_requisitions_are_not_paid_without_an_allocation_to_check_them_against(payment_details):
    programme = ProgrammeFactory(allocation=False)
    Component.objects.create(
        programme=programme, code="lika", name="Lika fördelning", rule="equal_share", amount=21_000
    )
    RequisitionFactory(programme=programme, status=Requisition.Status.APPROVED, amount=1)
    with pytest.raises(ValidationError, match="Fördelningen av Lika fördelning är inte beräknad"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_a_provisional_run_is_not_paid(payment_details):
    programme = load_seed_programme("vardplatser-2024")
    run = allocation_run_create(programme=programme)
    assert run.provisional  # no monthly data yet: the performance part is provisional
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
def test_two_concurrent_approvals_and_payments_of_the_same_batch_result_in_exactly_one(payment_details):
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
def test_a_requisition_is_not_paid_beyond_what_remains_of_the_allocation(payment_details):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    RequisitionFactory(  # Stockholm's allocation is 461 327 417 kr (seed 000)
        programme=programme, region=region("01"), status=Requisition.Status.APPROVED, amount=461_327_418
    )
    with pytest.raises(ValidationError, match="överstiga det som återstår"):
        payout_batch_prepare_from_requisitions(actor=StaffFactory(), programme=programme, payout_date=PAY_DAY)


@pytest.mark.django_db
def test_exporting_a_payout_decision_that_does_not_exist_is_404(client):
    from django.urls import reverse

    client.force_login(StaffFactory())
    assert client.get(reverse("office:batch_export", args=[999_999])).status_code == 404
