"""The money cycle end to end, once per seed programme: decision → requisition → approval → payouts → follow-up or
missed condition → claim → repayment → final account, every reconciliation rule checked to the krona, then closed.

The regions act through the portal's services (signed by their authorised representative, on a given day), staff
through the back office's services (four eyes on every payout decision). Published figures come from the seeds.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grants.account import final_account
from grants.models import GrantProgramme, Payout, PayoutBatch, Requisition
from grants.services import (
    RequisitionInput,
    allocation_run_create,
    payout_batch_approve,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    payout_batch_prepare_from_run,
    programme_close,
    programme_own_costs_record,
    repayment_create,
    repayment_create_for_missed_condition,
    repayment_create_from_follow_up,
    repayment_payment_record,
    requisition_approve,
    requisition_reject,
    requisition_submit,
)
from regions.models import Region
from regions.services import population_figures_set
from reporting.services import FollowUpLineInput, follow_up_submit
from tests.allocation.seed_tables import TABLE_2022, TABLE_2024, amounts, caps
from tests.factories import StaffFactory, load_seed_programme
from tests.factories_office import ApproverFactory
from tests.factories_portal import member, region
from tests.money import close_period_and_run, monthly

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_details")]

SHARES_2022 = amounts(TABLE_2022)
BASIC_2024 = amounts(TABLE_2024)


class Staff:
    """A case officer who prepares, and an approver who approves and pays: four eyes on every decision."""

    def __init__(self):
        self.officer = StaffFactory(first_name="Hanna", last_name="Handläggare")
        self.officer.user_permissions.add(
            *__import__("django.contrib.auth.models", fromlist=["Permission"]).Permission.objects.filter(
                codename="close_grantprogramme"
            )
        )
        self.officer = type(self.officer).objects.get(pk=self.officer.pk)
        self.approver = ApproverFactory(first_name="Agnes", last_name="Attestant")

    def pay(self, programme, prepare, payout_date) -> PayoutBatch:
        batch = prepare(actor=self.officer, programme=programme, payout_date=payout_date)
        payout_batch_approve(actor=self.approver, batch=batch)
        return payout_batch_mark_paid(actor=self.approver, batch=batch)


def requisition(programme, code: str, *, amounts: dict[str, int] | None = None, today: datetime.date):
    """Have the region's authorised representative sign and submit its requisition on the given day."""
    own = Region.objects.get(code=code)
    return requisition_submit(
        actor=member(code, email=f"ombud{code}@region.example"),
        programme=programme,
        region=own,
        data=RequisitionInput(
            amounts=amounts or {},
            contact_name="Kim Kontakt",
            contact_email=f"statsbidrag{code}@region.example",
            payment_method="bankgiro",
            payment_account=own.payment_account,
            measure_ids=tuple(programme.measures.values_list("pk", flat=True)[:1]),
            confirmed=True,
        ),
        today=today,
    )


def assert_every_rule_met(account) -> None:
    assert [(rule.code, rule.met, rule.failures) for rule in account.rules] == [
        (code, True, []) for code in ("R1", "R2", "R3", "R4", "R5")
    ]


def assert_paid_never_above_allocation(programme) -> None:
    account = final_account(programme)
    for part in account.parts:
        for line in part.regions:
            assert line.figures.paid <= line.figures.allocated, (part.component.code, line.region.code)


def test_2022_from_decision_to_a_closed_final_account():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    staff = Staff()
    march = datetime.date(2022, 3, 1)

    # Requisitions before 15 March 2022: Halland asks for less than its share, Västerbotten never asks,
    # Norrbotten's requisition is rejected.
    for code in SHARES_2022:
        if code == "24":
            continue
        asked = {"invanare": 60_000_000 if code == "13" else SHARES_2022[code]}
        submitted = requisition(programme, code, amounts=asked, today=march)
        if code == "25":
            requisition_reject(actor=staff.officer, requisition=submitted, message="Fel mottagare av medlen.")
        else:
            requisition_approve(actor=staff.officer, requisition=submitted)
    with pytest.raises(ValidationError, match="ingen del som betalas ut efter den slutliga fördelningen"):
        payout_batch_prepare_from_run(actor=staff.officer, programme=programme, payout_date=datetime.date(2022, 3, 31))
    batch = staff.pay(programme, payout_batch_prepare_from_requisitions, datetime.date(2022, 3, 31))
    assert batch.payouts.count() == 19
    assert batch.payouts.get(region__code="01").amount == 461_327_417  # seed 000, bilaga: Stockholm
    assert batch.payouts.get(region__code="13").amount == 60_000_000
    with pytest.raises(ValidationError, match="inga godkända rekvisitioner"):
        payout_batch_prepare_from_requisitions(
            actor=staff.officer, programme=programme, payout_date=datetime.date(2022, 4, 1)
        )
    assert_paid_never_above_allocation(programme)

    # Follow-up by 30 January 2023: Stockholm used 400 000 000 kr of what it received.
    report = follow_up_submit(
        actor=member("01", email="ombud-follow-up@region.example"),
        programme=programme,
        region=region("01"),
        lines=[FollowUpLineInput(measure_id=programme.measures.first().pk, amount_used=400_000_000)],
        results="Fler hälsosamtal.",
        relation_to_purpose="Minskar de uppdämda vårdbehoven.",
    )
    assert (report.amount_received, report.unused) == (461_327_417, 61_327_417)
    unused = repayment_create_from_follow_up(actor=staff.officer, report=report, today=datetime.date(2023, 2, 10))
    assert (unused.amount, unused.due_date) == (61_327_417, datetime.date(2023, 3, 31))

    # Blekinge's follow-up came too late (seed 001: a missed condition); Västerbotten was paid nothing.
    part = programme.components.get()
    late = repayment_create_for_missed_condition(
        actor=staff.officer,
        component=part,
        region=region("10"),
        reason_text="Återrapporteringen kom in den 14 februari 2023.",
        today=datetime.date(2023, 2, 20),
    )
    assert late.amount == SHARES_2022["10"] == 30_412_474
    with pytest.raises(ValidationError, match="inte fått någon utbetalning"):
        repayment_create_for_missed_condition(
            actor=staff.officer, component=part, region=region("24"), reason_text="Ingen återrapportering."
        )

    repayment_payment_record(
        actor=staff.officer, repayment=unused, paid_on=datetime.date(2023, 3, 15), amount=61_327_417
    )
    repayment_payment_record(
        actor=staff.officer, repayment=late, paid_on=datetime.date(2023, 3, 20), amount=20_000_000
    )
    programme_own_costs_record(actor=staff.officer, programme=programme, amount=1_904_000, reason="Huvudboken 2022")

    account = final_account(programme)
    not_paid = SHARES_2022["24"] + SHARES_2022["25"] + (SHARES_2022["13"] - 60_000_000)
    assert account.totals.allocated == 1_997_500_000
    # What was requisitioned and not rejected: everyone but Västerbotten and Norrbotten, Halland 60 000 000 kr.
    assert account.totals.requisitioned == 1_997_500_000 - not_paid
    assert account.totals.paid == 1_997_500_000 - not_paid == 1_892_202_767
    assert account.not_paid_out == not_paid == 105_297_233
    assert (account.totals.claimed, account.totals.repaid) == (91_739_891, 81_327_417)
    assert account.totals.outstanding == 10_412_474
    assert account.not_used == 2_000_000_000 - 1_997_500_000 - 1_904_000 == 596_000
    assert account.to_return == 596_000 + 105_297_233 + 81_327_417 == 187_220_650
    assert [c.region.code for c in account.receivables] == ["10"]
    assert_every_rule_met(account)

    programme_close(actor=staff.officer, programme=programme)
    programme.refresh_from_db()
    assert programme.status == GrantProgramme.Status.CLOSED
    assert programme.closing_account["to_return"] == 187_220_650
    assert programme.closing_account["receivables"][0]["outstanding"] == 10_412_474
    with pytest.raises(ValidationError, match="avslutat"):
        repayment_payment_record(
            actor=staff.officer, repayment=late, paid_on=datetime.date(2023, 4, 1), amount=10_412_474
        )


def test_2024_basic_part_on_requisition_performance_after_the_period_and_a_missed_condition():
    programme = load_seed_programme("vardplatser-2024")
    basic = programme.components.get(code="grundlaggande")
    staff = Staff()
    # Monthly data for February 2024: six regions report both rates; the five lowest of each are the top five.
    rates = {"01": "3.1", "03": "4.2", "04": "5.3", "05": "2.4", "06": "6.5", "23": "1.6"}
    monthly(
        [
            (code, indicator, 2024, 2, rate)
            for code, rate in rates.items()
            for indicator in ("overcrowding_rate", "outlying_rate")
        ]
    )
    allocation_run_create(programme=programme)

    # The basic part is requisitioned whole by every region but Gotland, and paid before the period ends.
    for code in BASIC_2024:
        if code != "09":
            requisition_approve(
                actor=staff.officer, requisition=requisition(programme, code, today=datetime.date(2024, 3, 4))
            )
    assert Requisition.objects.get(programme=programme, region__code="23").amount == 9_410_162  # seed 002
    staff.pay(programme, payout_batch_prepare_from_requisitions, datetime.date(2024, 4, 30))
    with pytest.raises(ValidationError, match="inte slutlig"):  # the performance part waits for the period's end
        payout_batch_prepare_from_run(actor=staff.officer, programme=programme, payout_date=datetime.date(2024, 6, 1))

    run = close_period_and_run(programme, "prestation")
    performance = dict(run.lines.filter(component__code="prestation").values_list("region__code", "amount"))
    assert sum(performance.values()) == 1_240_000_000
    assert {code for code, amount in performance.items() if amount} == {"01", "03", "04", "05", "23"}
    final = staff.pay(programme, payout_batch_prepare_from_run, datetime.date(2024, 12, 16))
    assert {p.region.code: p.amount for p in final.payouts.select_related("region")} == {
        code: amount for code, amount in performance.items() if amount
    }
    assert not final.payouts.filter(component=basic).exists()
    assert_paid_never_above_allocation(programme)

    # Gotland was never paid the basic part: no claim. Dalarna was paid and missed the data condition.
    with pytest.raises(ValidationError, match="Region Gotland har inte fått någon utbetalning"):
        repayment_create_for_missed_condition(
            actor=staff.officer, component=basic, region=region("09"), reason_text="Data saknas."
        )
    claim = repayment_create_for_missed_condition(
        actor=staff.officer,
        component=basic,
        region=region("20"),
        reason_text="Antal planerade disponibla vårdplatser 2025 har inte rapporterats.",
        today=datetime.date(2025, 1, 15),
    )
    assert (claim.amount, claim.due_date) == (BASIC_2024["20"], datetime.date(2025, 3, 31))
    repayment_payment_record(
        actor=staff.officer, repayment=claim, paid_on=datetime.date(2025, 3, 25), amount=10_000_000
    )
    programme_own_costs_record(actor=staff.officer, programme=programme, amount=2_750_000, reason="Huvudboken 2024")

    account = final_account(programme)
    assert account.totals.allocated == 1_990_000_000
    assert account.totals.paid == 1_990_000_000 - BASIC_2024["09"] == 1_985_660_056
    assert account.not_paid_out == 4_339_944  # Gotland's share of the basic part
    assert (account.totals.claimed, account.totals.repaid, account.totals.outstanding) == (
        20_420_036,
        10_000_000,
        10_420_036,
    )
    assert account.not_used == 1_993_200_000 - 1_990_000_000 - 2_750_000 == 450_000
    assert account.to_return == 450_000 + 4_339_944 + 10_000_000
    assert_every_rule_met(account)
    programme_close(actor=staff.officer, programme=programme)
    assert GrantProgramme.objects.get(pk=programme.pk).is_closed


def test_2025_block_1_requisitioned_and_paid_at_once_block_2_after_the_period_and_unused_money_claimed():
    programme = load_seed_programme("vardkoer-2025")
    staff = Staff()
    population_figures_set(
        actor=None,
        reference_date=datetime.date(2024, 11, 1),
        figures=dict.fromkeys(Region.objects.all(), 250_000),
        source="Testdata",
    )
    # Operations February–October 2025, counted for the home region: Jämtland Härjedalen performs seed 004's
    # plan (34 hip, 26 prolapse, 43 cataract = 5 503 000 kr, over its cap of 5 502 825 kr); Gotland fewer.
    monthly(
        [
            ("23", "hip_operations", 2025, 2, 30, "own"),
            ("23", "hip_operations", 2025, 2, 4, "private"),
            ("23", "prolapse_operations", 2025, 3, 26, "own"),
            ("23", "cataract_operations", 2025, 4, 43, "other_region"),
            ("09", "hip_operations", 2025, 3, 10, "other_region"),
            ("09", "cataract_operations", 2025, 4, 20, "own"),
        ]
    )
    allocation_run_create(programme=programme)

    for code in caps():
        requisition_approve(
            actor=staff.officer, requisition=requisition(programme, code, today=datetime.date(2025, 5, 5))
        )
    first = staff.pay(programme, payout_batch_prepare_from_requisitions, datetime.date(2025, 5, 15))
    assert first.payouts.count() == 21
    assert {p.amount for p in first.payouts.all()} == {4_762_000}  # seed 004: "har mottagit 4 762 000 kronor"
    with pytest.raises(ValidationError, match="inte slutlig"):
        payout_batch_prepare_from_run(actor=staff.officer, programme=programme, payout_date=datetime.date(2025, 9, 1))

    run = close_period_and_run(programme, "block-2")
    block_2 = dict(run.lines.filter(component__code="block-2").values_list("region__code", "amount"))
    assert sum(block_2.values()) == 397_000_000
    # Jämtland Härjedalen earned 5 503 000 kr and is paid its cap 5 502 825 kr plus a share of the remainder.
    assert block_2["23"] > 5_502_825 and {code for code, amount in block_2.items() if amount} == {"09", "23"}
    second = staff.pay(programme, payout_batch_prepare_from_run, datetime.date(2025, 12, 1))
    assert {p.region.code for p in second.payouts.select_related("region")} == {"09", "23"}
    assert_paid_never_above_allocation(programme)

    # Jämtland Härjedalen accounts for block 1 and used 4 462 000 kr of it; the rest is claimed back.
    report = follow_up_submit(
        actor=member("23", email="ombud-redovisning@region.example"),
        programme=programme,
        region=region("23"),
        lines=[FollowUpLineInput(measure_id=programme.measures.first().pk, amount_used=4_462_000)],
        results="Fler patienter erbjuds vård hos annan vårdgivare.",
        relation_to_purpose="Stärker vårdgarantifunktionen.",
    )
    assert report.amount_received == 4_762_000  # block 1 only: block 2 rewards operations, not reported as used
    claim = repayment_create_from_follow_up(actor=staff.officer, report=report, today=datetime.date(2026, 2, 1))
    assert (claim.amount, claim.component.code, claim.due_date) == (300_000, "block-1", datetime.date(2026, 3, 31))
    late_claim = repayment_create(
        actor=staff.officer,
        programme=programme,
        region=region("09"),
        component=programme.components.get(code="block-1"),
        amount=762_000,
        reason_text="Medel har använts till annat än vårdgarantifunktionen.",
        today=datetime.date(2026, 12, 1),
    )
    assert late_claim.due_date == datetime.date(2026, 12, 31)  # the decision's 31 March 2026 had passed
    repayment_payment_record(actor=staff.officer, repayment=claim, paid_on=datetime.date(2026, 3, 1), amount=300_000)
    repayment_payment_record(
        actor=staff.officer, repayment=late_claim, paid_on=datetime.date(2026, 12, 20), amount=762_000
    )
    # The decision allows 3 000 000 kr of own costs, but block 1's rounding used 2 000 kr of the frame.
    with pytest.raises(ValidationError) as refused:
        programme_own_costs_record(actor=staff.officer, programme=programme, amount=3_000_000, reason="Huvudboken")
    assert "högst 2\u00a0998\u00a0000\u00a0kr kan användas för egna kostnader" in refused.value.messages[0]
    programme_own_costs_record(actor=staff.officer, programme=programme, amount=2_998_000, reason="Huvudboken 2025")

    account = final_account(programme)
    block_1 = next(p for p in account.parts if p.component.code == "block-1")
    # Rounding each share to the nearest 1 000 kr allocates 2 000 kr more than the part: stated as unallocated −2 000.
    assert (block_1.totals.allocated, block_1.unallocated) == (100_002_000, -2_000)
    assert account.totals.allocated == 497_002_000
    assert account.totals.paid == 497_002_000 and account.not_paid_out == 0
    assert (account.totals.claimed, account.totals.repaid, account.totals.outstanding) == (1_062_000, 1_062_000, 0)
    assert account.not_used == 500_000_000 - 497_002_000 - 2_998_000 == 0
    assert account.to_return == 1_062_000
    assert_every_rule_met(account)
    programme_close(actor=staff.officer, programme=programme)
    assert GrantProgramme.objects.get(pk=programme.pk).is_closed


@pytest.mark.parametrize("code", ["uppdamda-vardbehov-2022", "vardplatser-2024", "vardkoer-2025"])
def test_no_path_that_creates_a_payout_pays_a_region_more_than_its_allocation_of_a_part(code):
    """The requisition path (form and payout service), a second decision after a first, and the final-run path."""
    programme = load_seed_programme(code)
    staff = Staff()
    if code == "vardkoer-2025":
        population_figures_set(
            actor=None, reference_date=datetime.date(2024, 11, 1), figures=dict.fromkeys(Region.objects.all(), 1)
        )
        monthly([("01", "hip_operations", 2025, 2, 1000, "own")])
    if code == "vardplatser-2024":
        monthly([("01", "overcrowding_rate", 2024, 2, "4.0")])
    allocation_run_create(programme=programme)
    requisitioned = [c for c in programme.components.all() if c.paid_on_requisition]
    part = requisitioned[0]
    allocation = dict(final_account(programme).parts[0].part.by_region)
    stockholm = Region.objects.get(code="01").pk
    # Asking for one krona more than the allocation is refused by the form's service ...
    if not part.requisitioned_whole:
        with pytest.raises(ValidationError, match="större än regionens fördelade medel"):
            requisition(
                programme, "01", amounts={part.code: allocation[stockholm] + 1}, today=datetime.date(2022, 3, 1)
            )
    # ... and a requisition that reached approval with too much is refused by the payout service.
    submitted = requisition(
        programme, "01", amounts={part.code: allocation[stockholm]}, today=datetime.date(2022, 3, 1)
    )
    Requisition.objects.filter(pk=submitted.pk).update(amount=allocation[stockholm] + 1)
    submitted.lines.update(amount=allocation[stockholm] + 1)
    requisition_approve(actor=staff.officer, requisition=submitted)
    if part.requisitioned_whole:
        # A part requisitioned whole is paid the allocation as it is now, whatever the requisition line says.
        batch = staff.pay(programme, payout_batch_prepare_from_requisitions, datetime.date(2022, 3, 31))
        assert batch.payouts.get().amount == allocation[stockholm]
    else:
        with pytest.raises(ValidationError, match="överstiga det som återstår"):
            payout_batch_prepare_from_requisitions(
                actor=staff.officer, programme=programme, payout_date=datetime.date(2022, 3, 31)
            )
        submitted.lines.update(amount=allocation[stockholm])
        staff.pay(programme, payout_batch_prepare_from_requisitions, datetime.date(2022, 3, 31))
    with pytest.raises(ValidationError, match="inga godkända rekvisitioner"):  # nothing is paid twice
        payout_batch_prepare_from_requisitions(
            actor=staff.officer, programme=programme, payout_date=datetime.date(2022, 4, 1)
        )
    final_parts = [c for c in programme.components.all() if not c.paid_on_requisition]
    for component in final_parts:
        close_period_and_run(programme, component.code)
        staff.pay(programme, payout_batch_prepare_from_run, datetime.date(2024, 12, 1))
        with pytest.raises(ValidationError, match="inget att betala ut"):
            payout_batch_prepare_from_run(
                actor=staff.officer, programme=programme, payout_date=datetime.date(2024, 12, 2)
            )
    assert_paid_never_above_allocation(programme)


def test_a_corrected_final_run_pays_only_the_difference_and_an_overpayment_blocks_the_final_account():
    programme = load_seed_programme("vardplatser-2024")
    staff = Staff()
    monthly([("01", "overcrowding_rate", 2024, 2, "4.0")])
    close_period_and_run(programme, "prestation")
    staff.pay(programme, payout_batch_prepare_from_run, datetime.date(2024, 12, 16))
    stockholm = Payout.objects.get(region__code="01").amount
    assert stockholm == 1_240_000_000  # alone in the top five, Stockholm takes the whole part with the bonus pot

    monthly([("03", "outlying_rate", 2024, 2, "1.0")])  # a late value for Uppsala: the corrected run shares
    run = allocation_run_create(programme=programme)
    corrected = dict(run.lines.filter(component__code="prestation").values_list("region__code", "amount"))
    assert corrected["01"] < stockholm and corrected["01"] + corrected["03"] == 1_240_000_000
    batch = payout_batch_prepare_from_run(
        actor=staff.officer, programme=programme, payout_date=datetime.date(2025, 1, 15)
    )
    assert list(batch.payouts.values_list("region__code", "amount")) == [("03", corrected["03"])]

    account = final_account(programme)
    r3 = next(rule for rule in account.rules if rule.code == "R3")
    assert not r3.met and r3.failures[0].startswith("Stockholm, Krav på prestation")
    with pytest.raises(ValidationError, match="R3"):
        programme_close(actor=staff.officer, programme=programme)

    repayment_create(
        actor=staff.officer,
        programme=programme,
        region=region("01"),
        component=programme.components.get(code="prestation"),
        amount=stockholm - corrected["01"],
        reason_text="Överbetalning: den rättade slutliga fördelningen ger regionen mindre.",
    )
    assert all(rule.met for rule in final_account(programme).rules if rule.code in ("R3", "R4", "R5"))


def test_a_decision_prepared_before_a_corrected_run_cannot_be_approved_if_it_now_pays_too_much():
    programme = load_seed_programme("vardplatser-2024")
    staff = Staff()
    monthly([("01", "overcrowding_rate", 2024, 2, "4.0")])
    close_period_and_run(programme, "prestation")
    batch = payout_batch_prepare_from_run(
        actor=staff.officer, programme=programme, payout_date=datetime.date(2024, 12, 16)
    )
    monthly([("03", "outlying_rate", 2024, 2, "1.0")])
    allocation_run_create(programme=programme)  # late data: Stockholm's share is now lower than the draft pays
    with pytest.raises(ValidationError, match="Fördelningen har ändrats sedan beslutet upprättades"):
        payout_batch_approve(actor=staff.approver, batch=batch)
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.DRAFT


def test_a_requisition_above_a_recomputed_allocation_is_left_out_named_and_can_be_returned():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    staff = Staff()
    for code in ("01", "03"):
        requisition_approve(
            actor=staff.officer,
            requisition=requisition(
                programme, code, amounts={"invanare": SHARES_2022[code]}, today=datetime.date(2022, 3, 1)
            ),
        )
    from regions.models import PopulationFigure

    PopulationFigure.objects.filter(region__code="01", reference_date=datetime.date(2021, 11, 1)).update(
        population=2_300_000
    )
    allocation_run_create(programme=programme)  # Stockholm's share is now below what it requisitioned
    batch = payout_batch_prepare_from_requisitions(
        actor=staff.officer, programme=programme, payout_date=datetime.date(2022, 3, 31)
    )
    assert list(batch.payouts.values_list("region__code", flat=True)) == ["03"]
    assert "Ingår inte (rekvisitionen överstiger det som återstår av fördelningen): Stockholm" in batch.note
    stockholm = Requisition.objects.get(programme=programme, region__code="01")
    from grants.services import requisition_return

    requisition_return(actor=staff.officer, requisition=stockholm, message="Fördelningen är ändrad; rekvirera igen.")
    assert Requisition.objects.get(pk=stockholm.pk).status == Requisition.Status.RETURNED
    uppsala = Requisition.objects.get(programme=programme, region__code="03")
    with pytest.raises(ValidationError, match="ingår redan i ett utbetalningsbeslut"):
        requisition_reject(actor=staff.officer, requisition=uppsala, message="Fel")


def test_r5_fails_when_the_payment_records_do_not_add_up_to_the_parts():
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    other = load_seed_programme("vardkoer-2025")
    batch = PayoutBatch.objects.create(
        programme=programme,
        source=PayoutBatch.Source.REQUISITIONS,
        payout_date=datetime.date(2022, 3, 31),
        prepared_by=StaffFactory(),
        approved_by=ApproverFactory(),
        status=PayoutBatch.Status.PAID,
    )
    # A payout written past the services, on a part of another programme: the parts never see it.
    Payout.objects.create(batch=batch, region=region("01"), component=other.components.first(), amount=1_000)
    rules = {rule.code: rule for rule in final_account(programme).rules}
    assert not rules["R5"].met and not rules["R3"].met
