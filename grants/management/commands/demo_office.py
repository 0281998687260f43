"""Example back-office data for the demo: each seed programme at a different stage of the money cycle.

- 2025 (vardkoer-2025): requisitions of block 1 in every state, one payout decision paid and one waiting for
  approval; block 2's final run ready to be paid.
- 2024 (vardplatser-2024): the basic part paid on requisition, the performance part paid from the final run, a
  claim for a missed condition that is partly repaid; the agency's own costs not yet recorded.
- 2022 (uppdamda-vardbehov-2022): settled and closed: follow-up reports, claims and repayments, own costs recorded,
  every reconciliation rule met, one claim still outstanding as a receivable.

Everything goes through the services, as staff would act; the regions' side (requisitions and follow-up reports
from regions the demo has no users for) is written as the portal would have left it. Payment details are fictional.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from grants.models import GrantProgramme, PayoutBatch, Requisition, RequisitionLine
from grants.money import part_allocations
from grants.selectors import amount_paid
from grants.services import (
    payout_batch_approve,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    payout_batch_prepare_from_run,
    programme_close,
    programme_own_costs_record,
    repayment_create_for_missed_condition,
    repayment_create_from_follow_up,
    repayment_payment_record,
    requisition_approve,
    requisition_return,
)
from regions.demo import fictional_payment_details_set
from regions.models import Region
from reporting.models import FollowUpReport

NOT_REQUISITIONED_2022 = {"24", "25"}  # never requisitioned: their shares go back to Kammarkollegiet
PARTLY_2022 = {"13": 60_000_000}  # requisitioned less than the allocation ("upp till")
USED_2022 = {"01": (9, 10), "12": (1, 1), "14": (3, 4), "22": (97, 100)}  # share of what was paid that was used
LATE_FOLLOW_UP_2022 = "10"  # Blekinge's follow-up report came too late: a missed condition (seed 001)
NOT_REQUISITIONED_2024 = {"09"}
MISSED_DATA_2024 = "21"  # Gävleborg did not report planned beds for 2025 (seed 002, basic part)
STATES_2025 = {
    "approved_paid": ["01", "03", "04", "05", "06", "07", "08"],
    "approved_waiting": ["10", "12"],
    "submitted": ["13", "14"],
    "returned": ["17"],
    "draft": ["18"],
}


class Command(BaseCommand):
    help = "Put the three seed programmes at different stages of the money cycle (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if PayoutBatch.objects.exists():
            return
        programmes = {p.code: p for p in GrantProgramme.objects.all()}
        if not {"uppdamda-vardbehov-2022", "vardplatser-2024", "vardkoer-2025"} <= set(programmes):
            return
        fictional_payment_details_set()
        self.officer, self.attestant, self.regional = self._people()
        self.regions = {r.code: r for r in Region.objects.all()}
        self._2025(programmes["vardkoer-2025"])
        self._2024(programmes["vardplatser-2024"])
        self._2022(programmes["uppdamda-vardbehov-2022"])
        self.stdout.write(
            "Handläggning: 2025 med rekvisitioner i alla skeden, 2024 utbetalt med ett återkrav, "
            "2022 avslutat med ekonomisk redovisning."
        )

    def _people(self):
        users = get_user_model().objects
        officer, _ = users.get_or_create(
            username="handlaggare", defaults={"is_staff": True, "first_name": "Hanna", "last_name": "Handläggare"}
        )
        officer.user_permissions.add(Permission.objects.get(codename="close_grantprogramme"))
        attestant, _ = users.get_or_create(
            username="attestant", defaults={"is_staff": True, "first_name": "Agnes", "last_name": "Attestant"}
        )
        attestant.user_permissions.add(Permission.objects.get(codename="approve_payoutbatch"))
        regional, _ = users.get_or_create(
            username="demo-region", defaults={"first_name": "Regina", "last_name": "Regionsson"}
        )
        return users.get(pk=officer.pk), users.get(pk=attestant.pk), regional  # fresh permission caches

    def _requisition(self, programme, code, status, submitted_on, amounts=None) -> Requisition:
        """Write a requisition as the portal leaves it when the region's authorised representative submits it."""
        parts = [p for p in part_allocations(programme).values() if p.component.paid_on_requisition]
        region = self.regions[code]
        lines = {p.component: (amounts or {}).get(code, p.by_region.get(region.pk, 0)) for p in parts}
        submitted = status != Requisition.Status.DRAFT
        requisition = Requisition.objects.create(
            programme=programme,
            region=region,
            status=Requisition.Status.DRAFT if not submitted else Requisition.Status.SUBMITTED,
            amount=sum(lines.values()),
            contact_name="Kim Kontaktperson",
            contact_email=f"statsbidrag@region-{code}.example",
            payment_method=region.payment_method,
            payment_account=region.payment_account,
            confirmed=submitted,
            created_by=self.regional,
            submitted_by=self.regional if submitted else None,
            submitted_at=datetime.datetime.combine(submitted_on, datetime.time(9), tzinfo=datetime.UTC)
            if submitted
            else None,
        )
        requisition.measures.set(programme.measures.all()[:2])
        RequisitionLine.objects.bulk_create(
            RequisitionLine(requisition=requisition, component=c, amount=a) for c, a in lines.items()
        )
        return requisition

    def _pay(self, programme, payout_date, note, *, from_run=False, approve=True, pay=True):
        prepare = payout_batch_prepare_from_run if from_run else payout_batch_prepare_from_requisitions
        batch = prepare(actor=self.officer, programme=programme, payout_date=payout_date, note=note)
        if approve:
            payout_batch_approve(actor=self.attestant, batch=batch)
        if pay:
            payout_batch_mark_paid(actor=self.attestant, batch=batch)
        return batch

    def _2025(self, programme):
        day = datetime.date(2025, 5, 5)
        for state, codes in STATES_2025.items():
            for code in codes:
                status = Requisition.Status.DRAFT if state == "draft" else Requisition.Status.SUBMITTED
                requisition = self._requisition(programme, code, status, day)
                if state.startswith("approved"):
                    requisition_approve(actor=self.officer, requisition=requisition)
                elif state == "returned":
                    requisition_return(
                        actor=self.officer,
                        requisition=requisition,
                        message="Ange ett bankgironummer som regionen äger; det angivna tillhör en annan mottagare.",
                    )
            if state == "approved_paid":
                self._pay(programme, datetime.date(2025, 5, 15), "Block 1, första utbetalningen")
        self._pay(programme, datetime.date(2025, 6, 13), "Block 1, andra utbetalningen", approve=False, pay=False)

    def _2024(self, programme):
        for code in sorted(self.regions):
            if code not in NOT_REQUISITIONED_2024:
                requisition = self._requisition(
                    programme, code, Requisition.Status.SUBMITTED, datetime.date(2024, 3, 4)
                )
                requisition_approve(actor=self.officer, requisition=requisition)
        self._pay(programme, datetime.date(2024, 4, 30), "Grundläggande krav")
        if not any(
            part.final for part in part_allocations(programme).values() if not part.component.paid_on_requisition
        ):
            return  # without the example monthly data the performance part is not final; nothing more to pay
        self._pay(programme, datetime.date(2024, 12, 16), "Krav på prestation med bonuspott", from_run=True)
        basic = programme.components.get(code="grundlaggande")
        claim = repayment_create_for_missed_condition(
            actor=self.officer,
            component=basic,
            region=self.regions[MISSED_DATA_2024],
            reason_text="Regionen har inte rapporterat antal planerade disponibla vårdplatser månadsvis 2025.",
            invoice_number="F2025-0115",
            today=datetime.date(2025, 1, 15),
        )
        repayment_payment_record(
            actor=self.officer, repayment=claim, paid_on=claim.due_date - datetime.timedelta(days=10), amount=8_000_000
        )

    def _2022(self, programme):
        for code in sorted(self.regions):
            if code in NOT_REQUISITIONED_2022:
                continue
            requisition = self._requisition(
                programme, code, Requisition.Status.SUBMITTED, datetime.date(2022, 3, 1), amounts=PARTLY_2022
            )
            requisition_approve(actor=self.officer, requisition=requisition)
        self._pay(programme, datetime.date(2022, 3, 31), "Utbetalning efter rekvisition")
        for code, (numerator, denominator) in USED_2022.items():
            region = self.regions[code]
            received = amount_paid(programme, region)
            report = FollowUpReport.objects.create(
                programme=programme,
                region=region,
                status=FollowUpReport.Status.SUBMITTED,
                amount_received=received,
                amount_used=received * numerator // denominator,
                results="Fler operationer och kortare väntetider.",
                relation_to_purpose="Insatserna har minskat de uppdämda vårdbehoven.",
                submitted_by=self.regional,
                submitted_at=datetime.datetime(2023, 1, 25, 12, tzinfo=datetime.UTC),
            )
            if report.unused > 0:
                claim = repayment_create_from_follow_up(
                    actor=self.officer,
                    report=report,
                    invoice_number=f"F2023-01{code}",
                    today=datetime.date(2023, 2, 10),
                )
                repaid = claim.amount if code != "14" else claim.amount // 2  # Västra Götaland pays half so far
                repayment_payment_record(
                    actor=self.officer, repayment=claim, paid_on=datetime.date(2023, 3, 20), amount=repaid
                )
        part = programme.components.get()
        late = repayment_create_for_missed_condition(
            actor=self.officer,
            component=part,
            region=self.regions[LATE_FOLLOW_UP_2022],
            reason_text="Återrapporteringen kom in den 14 februari 2023, efter sista dagen den 30 januari 2023.",
            invoice_number="F2023-0210",
            today=datetime.date(2023, 2, 20),
        )
        repayment_payment_record(
            actor=self.officer, repayment=late, paid_on=datetime.date(2023, 3, 28), amount=late.amount
        )
        programme_own_costs_record(
            actor=self.officer,
            programme=programme,
            amount=1_904_000,
            reason="Socialstyrelsens kostnader för uppdraget enligt huvudboken 2022",
        )
        programme_close(actor=self.officer, programme=programme)
