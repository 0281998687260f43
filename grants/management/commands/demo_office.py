"""Example back-office data for the demo: requisitions in every state, a paid payout decision and one waiting for
approval, follow-up reports on what was paid, repayments."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum

from grants.models import AllocationRun, GrantProgramme, PayoutBatch, Repayment, Requisition
from grants.selectors import amount_paid
from grants.services import (
    allocation_run_create,
    payout_batch_approve,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    repayment_create_from_follow_up,
    repayment_payment_record,
    requisition_approve,
    requisition_return,
)
from regions.models import Region
from reporting.models import FollowUpReport

PROGRAMME = "uppdamda-vardbehov-2022"
RETURNED = {"07"}
SUBMITTED = {"08", "09", "10"}
NOT_YET = {"24", "25"}
LATER = "21"  # approved after the first decision was paid: its payout waits in a second decision
USED = {"01": (9, 10), "12": (1, 1), "14": (3, 4), "22": (97, 100)}  # share of what was paid that was used


class Command(BaseCommand):
    help = "Add example requisitions, a payout decision and repayments to the 2022 programme (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        programme = GrantProgramme.objects.filter(code=PROGRAMME).first()
        if programme is None or programme.payout_batches.exists():
            return
        officer, _ = get_user_model().objects.get_or_create(
            username="handlaggare", defaults={"is_staff": True, "first_name": "Hanna", "last_name": "Handläggare"}
        )
        attestant, _ = get_user_model().objects.get_or_create(
            username="attestant", defaults={"is_staff": True, "first_name": "Adam", "last_name": "Attestant"}
        )
        attestant.user_permissions.add(Permission.objects.get(codename="approve_payoutbatch"))
        attestant = get_user_model().objects.get(pk=attestant.pk)  # fresh permission cache
        regional, _ = get_user_model().objects.get_or_create(
            username="demo-region", defaults={"first_name": "Regina", "last_name": "Regionsson"}
        )
        run = allocation_run_create(programme=programme, trigger=AllocationRun.Trigger.COMMAND)
        shares = dict(run.lines.values_list("region").annotate(total=Sum("amount")).values_list("region", "total"))
        by_code = dict(Region.objects.values_list("code", "pk"))
        existing = set(programme.requisitions.values_list("region_id", flat=True))
        for line in run.lines.select_related("region").order_by("region__code"):
            region = line.region
            if region.pk in existing or region.code in NOT_YET:
                continue
            requisition = Requisition.objects.create(
                programme=programme,
                region=region,
                status=Requisition.Status.SUBMITTED,
                amount=shares[region.pk],
                contact_name="Kim Kontaktperson",
                contact_email=f"statsbidrag@region-{region.code}.example",
                payment_method=Requisition.PaymentMethod.BANKGIRO,
                payment_account=f"5{region.code}-{1000 + int(region.code)}",
                confirmed=True,
                created_by=regional,
                submitted_by=regional,
                submitted_at=datetime.datetime(2022, 3, 1, 9, tzinfo=datetime.UTC),
            )
            if region.code in RETURNED:
                requisition_return(actor=officer, requisition=requisition, message="Bankgironumret saknar en siffra.")
            elif region.code not in SUBMITTED and region.code != LATER:
                requisition_approve(actor=officer, requisition=requisition)
        first = payout_batch_prepare_from_requisitions(
            actor=officer, programme=programme, payout_date=datetime.date(2022, 3, 31), note="Första utbetalningen"
        )
        payout_batch_approve(actor=attestant, batch=first)
        payout_batch_mark_paid(actor=attestant, batch=first)
        later = programme.requisitions.filter(region__code=LATER).first()
        if later is not None:
            requisition_approve(actor=officer, requisition=later)
            payout_batch_prepare_from_requisitions(
                actor=officer, programme=programme, payout_date=datetime.date(2022, 4, 29), note="Kompletterande"
            )
        for code, (numerator, denominator) in USED.items():
            region_id = by_code[code]
            received = amount_paid(programme, Region.objects.get(pk=region_id))
            report = FollowUpReport.objects.create(
                programme=programme,
                region_id=region_id,
                status=FollowUpReport.Status.SUBMITTED,
                amount_received=received,
                amount_used=received * numerator // denominator,
                results="Fler operationer och kortare väntetider.",
                submitted_by=regional,
                submitted_at=datetime.datetime(2023, 1, 25, 12, tzinfo=datetime.UTC),
            )
            if code == "01":
                repayment = repayment_create_from_follow_up(actor=officer, report=report, invoice_number="F2023-0147")
                repayment_payment_record(
                    actor=officer, repayment=repayment, paid_on=datetime.date(2023, 3, 20), amount=20_000_000
                )
        self.stdout.write(
            f"Handläggning: {programme.requisitions.count()} rekvisitioner, "
            f"{PayoutBatch.objects.count()} utbetalningsbeslut, {Repayment.objects.count()} återbetalningar."
        )
