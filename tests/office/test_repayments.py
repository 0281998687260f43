"""Claims (återkrav): only on money paid, from a follow-up report, a missed condition or by hand; due dates;
adjustments and write-offs as new records; partial payments."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grants.models import Repayment, RepaymentAdjustment
from grants.selectors_office import repayments_for_table, repayments_unpaid
from grants.services import (
    allocation_run_create,
    claim_due_date,
    repayment_adjust,
    repayment_cancel,
    repayment_create,
    repayment_create_for_missed_condition,
    repayment_create_from_follow_up,
    repayment_payment_record,
)
from grants.services.repayments import DueDate
from reporting.models import FollowUpReport
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import FollowUpReportFactory, region
from tests.money import pay_on_requisition

pytestmark = pytest.mark.django_db(transaction=False)

BEFORE_2023_DEADLINE = datetime.date(2023, 2, 15)


@pytest.fixture
def paid_2022(payment_details):
    """The 2022 grant with Stockholm paid its whole share (461 327 417 kr, seed 000) and Gotland 5 000 000 kr."""
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    pay_on_requisition(programme, {"01": 461_327_417, "09": 5_000_000})
    return programme


def test_a_claim_from_a_follow_up_report_is_the_unused_part_of_what_was_paid(paid_2022):
    report = FollowUpReportFactory(programme=paid_2022, amount_received=461_327_417, amount_used=400_000_000)
    repayment = repayment_create_from_follow_up(actor=StaffFactory(), report=report, today=BEFORE_2023_DEADLINE)
    assert repayment.amount == report.unused == 61_327_417
    assert repayment.reason == Repayment.Reason.FOLLOW_UP_UNUSED
    assert repayment.due_date == datetime.date(2023, 3, 31)
    assert repayment.due_date_reason == "Beslutets sista dag för återbetalning, 31 mars 2023."
    with pytest.raises(ValidationError, match="redan ett återkrav"):
        repayment_create_from_follow_up(actor=StaffFactory(), report=report)


def test_a_report_that_used_everything_or_is_a_draft_gives_no_claim(paid_2022):
    with pytest.raises(ValidationError, match="inget att kräva tillbaka"):
        repayment_create_from_follow_up(
            actor=StaffFactory(), report=FollowUpReportFactory(programme=paid_2022, amount_used=461_327_417)
        )
    with pytest.raises(ValidationError, match="inte inskickad"):
        repayment_create_from_follow_up(
            actor=StaffFactory(),
            report=FollowUpReportFactory(programme=paid_2022, status=FollowUpReport.Status.DRAFT, region=region("03")),
        )


def test_gotland_paid_nothing_of_the_2024_basic_part_gets_no_claim(payment_details):
    """Issue: a missed-condition claim of 4 339 944 kr was made on Gotland, which had been paid 0 kr."""
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    basic = programme.components.get(code="grundlaggande")
    with pytest.raises(ValidationError) as refused:
        repayment_create_for_missed_condition(
            actor=StaffFactory(), component=basic, region=region("09"), reason_text="Data saknas för 2023."
        )
    assert refused.value.messages == [
        "Region Gotland har inte fått någon utbetalning av Grundläggande krav: rapportera vårdplatsdata. "
        "Det finns inget att kräva tillbaka."
    ]
    assert not Repayment.objects.exists()


def test_a_missed_condition_claims_what_was_paid_for_the_part_with_the_staff_reason(payment_details):
    programme = load_seed_programme("vardplatser-2024")
    allocation_run_create(programme=programme)
    pay_on_requisition(programme, {"09": 4_339_944}, payout_date=datetime.date(2024, 6, 1))
    basic = programme.components.get(code="grundlaggande")
    repayment = repayment_create_for_missed_condition(
        actor=StaffFactory(),
        component=basic,
        region=region("09"),
        reason_text="Vårdplatsdata för 2023 kom aldrig in.",
        today=datetime.date(2025, 1, 10),
    )
    assert repayment.amount == 4_339_944  # Gotland's share of 750 000 000 kr (seed 002, bilaga 2), as paid
    assert repayment.component == basic
    assert repayment.due_date == datetime.date(2025, 3, 31)
    assert repayment.reason_text.startswith("Vårdplatsdata för 2023 kom aldrig in. Villkor: Regionen ska")
    with pytest.raises(ValidationError, match="redan ett återkrav"):
        repayment_create_for_missed_condition(
            actor=StaffFactory(), component=basic, region=region("09"), reason_text="Igen"
        )


def test_a_claim_is_never_more_than_paid_less_already_claimed(paid_2022):
    officer = StaffFactory()
    part = paid_2022.components.get()
    with pytest.raises(ValidationError) as refused:
        repayment_create(
            actor=officer,
            programme=paid_2022,
            region=region("09"),
            amount=5_000_001,
            reason_text="Fel",
            component=part,
        )
    assert "högst 5\u00a0000\u00a0000\u00a0kr" in refused.value.messages[0]
    repayment_create(actor=officer, programme=paid_2022, region=region("09"), amount=3_000_000, reason_text="Fel")
    with pytest.raises(ValidationError) as refused:
        repayment_create_for_missed_condition(
            actor=officer, component=part, region=region("09"), reason_text="Sen återrapportering", amount=2_000_001
        )
    assert refused.value.messages[0].endswith(
        "utbetalt 5\u00a0000\u00a0000\u00a0kr, redan återkrävt 3\u00a0000\u00a0000\u00a0kr; "
        "högst 2\u00a0000\u00a0000\u00a0kr kan krävas."
    )
    claim = repayment_create_for_missed_condition(
        actor=officer, component=part, region=region("09"), reason_text="Sen återrapportering"
    )
    assert claim.amount == 2_000_000  # the rest of what was paid
    with pytest.raises(ValidationError, match="redan återkrävt"):
        repayment_create(actor=officer, programme=paid_2022, region=region("09"), amount=1, reason_text="Mer")


@pytest.mark.parametrize(
    ("issued", "due", "reason"),
    [
        (
            datetime.date(2023, 3, 30),
            datetime.date(2023, 3, 31),
            "Beslutets sista dag för återbetalning, 31 mars 2023.",
        ),
        (
            datetime.date(2023, 3, 31),
            datetime.date(2023, 4, 30),
            "30 dagar efter återkravet den 31 mars 2023: beslutets sista dag för återbetalning, 31 mars 2023, hade "
            "redan passerat.",
        ),
        (
            datetime.date(2026, 12, 1),
            datetime.date(2026, 12, 31),
            "30 dagar efter återkravet den 1 december 2026: beslutets sista dag för återbetalning, 31 mars 2023, "
            "hade redan passerat.",
        ),
    ],
)
def test_due_date_is_the_decisions_date_while_ahead_else_thirty_days_after_issue(issued, due, reason):
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    assert claim_due_date(programme, issued) == DueDate(due, reason)


def test_the_days_after_issue_are_configurable(settings):
    settings.REPAYMENT_DUE_DAYS = 45
    programme = load_seed_programme("vardkoer-2025")
    assert claim_due_date(programme, datetime.date(2026, 12, 1)).date == datetime.date(2027, 1, 15)


def test_a_claim_made_after_the_repayment_date_is_not_overdue_at_birth(paid_2022):
    repayment = repayment_create(
        actor=StaffFactory(),
        programme=paid_2022,
        region=region("01"),
        amount=100_000,
        reason_text="Felaktig användning",
        today=datetime.date(2026, 12, 1),
    )
    assert repayment.due_date == datetime.date(2026, 12, 31)
    assert repayments_unpaid().get().due_date > datetime.date(2026, 12, 1)


def test_partial_payments_add_up_and_cannot_exceed_the_claim(paid_2022):
    officer = StaffFactory()
    repayment = repayment_create(
        actor=officer, programme=paid_2022, region=region("01"), amount=100_000, reason_text="Felaktig användning"
    )
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 1), amount=40_000)
    assert repayments_unpaid().get().paid_total == 40_000
    with pytest.raises(ValidationError, match="för stor"):
        repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 2), amount=70_000)
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 20), amount=60_000)
    row = repayments_for_table().get()
    assert (row.claimed, row.paid_total, row.last_paid_on) == (100_000, 100_000, datetime.date(2023, 3, 20))
    assert not repayments_unpaid().exists()


def test_lowering_a_claim_is_a_new_record_with_its_reason_and_never_below_what_was_repaid(paid_2022):
    officer = StaffFactory()
    repayment = repayment_create(
        actor=officer, programme=paid_2022, region=region("01"), amount=100_000, reason_text="Felaktig användning"
    )
    repayment_payment_record(actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 1), amount=30_000)
    with pytest.raises(ValidationError, match="redan har betalat in"):
        repayment_adjust(actor=officer, repayment=repayment, claimed_after=29_999, reason="Fel belopp")
    with pytest.raises(ValidationError, match="bara sänkas"):
        repayment_adjust(actor=officer, repayment=repayment, claimed_after=100_001, reason="Mer")
    with pytest.raises(ValidationError, match="skälet"):
        repayment_adjust(actor=officer, repayment=repayment, claimed_after=60_000, reason=" ")
    repayment_adjust(actor=officer, repayment=repayment, claimed_after=60_000, reason="Regionen visade kvitton")
    repayment.refresh_from_db()
    assert repayment.amount == 100_000  # what was claimed at first is never edited
    row = repayments_for_table().get()
    assert (row.claimed, row.outstanding) == (60_000, 30_000)
    adjustment = RepaymentAdjustment.objects.get()
    assert (adjustment.change, adjustment.claimed_after, adjustment.created_by) == (-40_000, 60_000, officer)
    assert adjustment.history.get().history_change_reason == "Regionen visade kvitton"

    repayment_cancel(actor=officer, repayment=repayment, reason="Beslut om eftergift")
    row = repayments_for_table().get()
    assert (row.claimed, row.paid_total, row.outstanding) == (30_000, 30_000, 0)
    assert row.cancelled_at is not None
    assert repayment.history.first().history_change_reason == "Avskrivet: Beslut om eftergift"
    with pytest.raises(ValidationError, match="redan avskrivet"):
        repayment_cancel(actor=officer, repayment=repayment, reason="Igen")


def test_a_claim_needs_a_reason(paid_2022):
    with pytest.raises(ValidationError, match="skälet"):
        repayment_create(actor=StaffFactory(), programme=paid_2022, region=region("01"), amount=1, reason_text=" ")
