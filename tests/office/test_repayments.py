"""Repayment claims: from a follow-up report, from a missed condition, by hand; partial payments."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grants.models import AllocationRun, Repayment
from grants.selectors_office import repayments_for_table, repayments_unpaid
from grants.services import (
    allocation_run_create,
    repayment_create,
    repayment_create_for_missed_condition,
    repayment_create_from_follow_up,
    repayment_payment_record,
)
from reporting.models import FollowUpReport
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import FollowUpReportFactory, region

pytestmark = pytest.mark.django_db


def test_a_repayment_from_a_follow_up_report_equals_the_unused_amount_and_is_due_31_march():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    report = FollowUpReportFactory(programme=programme, amount_received=461_327_417, amount_used=400_000_000)
    repayment = repayment_create_from_follow_up(actor=StaffFactory(), report=report)
    assert repayment.amount == report.unused == 61_327_417
    assert repayment.reason == Repayment.Reason.FOLLOW_UP_UNUSED
    assert repayment.due_date == datetime.date(2023, 3, 31)
    with pytest.raises(ValidationError, match="redan en återbetalning"):
        repayment_create_from_follow_up(actor=StaffFactory(), report=report)


def test_a_report_that_used_everything_or_is_a_draft_gives_no_repayment():
    with pytest.raises(ValidationError, match="inget att återbetala"):
        repayment_create_from_follow_up(actor=StaffFactory(), report=FollowUpReportFactory(amount_used=461_327_417))
    with pytest.raises(ValidationError, match="inte inskickad"):
        repayment_create_from_follow_up(
            actor=StaffFactory(), report=FollowUpReportFactory(status=FollowUpReport.Status.DRAFT, region=region("03"))
        )


def test_a_region_that_did_not_deliver_data_repays_its_whole_basic_share():
    programme = load_seed_programme("vardplatser-2024")
    run = allocation_run_create(programme=programme)
    AllocationRun.objects.filter(pk=run.pk).update(provisional=False)
    basic = programme.components.get(code="grundlaggande")
    repayment = repayment_create_for_missed_condition(actor=StaffFactory(), component=basic, region=region("09"))
    assert repayment.amount == 4_339_944  # Gotland's share of 750 000 000 kr (seed 002, bilaga 2)
    assert repayment.due_date == datetime.date(2025, 3, 31)
    assert "hela andelen" in repayment.reason_text
    with pytest.raises(ValidationError, match="redan ett återkrav"):
        repayment_create_for_missed_condition(actor=StaffFactory(), component=basic, region=region("09"))


def test_partial_payments_add_up_and_cannot_exceed_the_claim():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    officer = StaffFactory()
    repayment = repayment_create(
        actor=officer, programme=programme, region=region("01"), amount=100_000, reason_text="Felaktig användning"
    )
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 1), amount=40_000)
    assert repayments_unpaid().get().paid_total == 40_000
    with pytest.raises(ValidationError, match="för stor"):
        repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 2), amount=70_000)
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 20), amount=60_000)
    row = repayments_for_table().get()
    assert (row.paid_total, row.last_paid_on) == (100_000, datetime.date(2023, 3, 20))
    assert not repayments_unpaid().exists()


def test_a_manual_repayment_needs_a_reason():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    with pytest.raises(ValidationError, match="skälet"):
        repayment_create(actor=StaffFactory(), programme=programme, region=region("01"), amount=1, reason_text=" ")
