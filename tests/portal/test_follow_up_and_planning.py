"""Follow-up report (återrapportering) and the region's planning (seed 004)."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants.services import (
    RequisitionInput,
    payout_batch_approve,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    repayment_create_from_follow_up,
    requisition_approve,
    requisition_reject,
    requisition_submit,
)
from reporting.models import ActivityPlan, ActivityPlanLine, FollowUpLine, FollowUpReport, OperationsPlan, PlanStatus
from reporting.services import (
    ActivityLineInput,
    FollowUpLineInput,
    activity_plan_save,
    follow_up_amount_received,
    follow_up_save,
    follow_up_submit,
    operations_plan_save,
)
from tests.factories import StaffFactory
from tests.factories_office import ApproverFactory, RequisitionFactory
from tests.factories_portal import Role, member, programme_with_run, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def requisitioned_2022(programme_2022, today, payment_details):
    """Jämtland Härjedalen has requisitioned 20 000 000 kr of its 25 231 800 kr and been paid it."""
    requisition = requisition_submit(
        actor=member("23", email="ombud@jh.example"),
        programme=programme_2022,
        region=region("23"),
        data=RequisitionInput(
            amounts={"invanare": 20_000_000},
            contact_name="Marie",
            contact_email="m@jh.example",
            payment_method="bankgiro",
            payment_account="5050-1055",
            measure_ids=(programme_2022.measures.first().pk,),
            confirmed=True,
        ),
    )
    _pay(requisition)
    today(date(2023, 1, 20))
    return programme_2022


def _pay(requisition):
    """Approve the requisition, and have one officer prepare and another approve and pay the decision."""
    officer = StaffFactory()
    requisition_approve(actor=officer, requisition=requisition)
    batch = payout_batch_prepare_from_requisitions(
        actor=officer, programme=requisition.programme, payout_date=date(2022, 3, 31)
    )
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=batch)
    payout_batch_mark_paid(actor=approver, batch=batch)


def test_an_unpaid_requisition_counts_as_nothing_received(programme_2022, today):
    requisition_submit(
        actor=member("23"),
        programme=programme_2022,
        region=region("23"),
        data=RequisitionInput(
            amounts={"invanare": 20_000_000},
            contact_name="Marie",
            contact_email="m@jh.example",
            payment_method="bankgiro",
            payment_account="5050-1055",
            measure_ids=(programme_2022.measures.first().pk,),
            confirmed=True,
        ),
    )
    assert follow_up_amount_received(programme_2022, region("23")) == 0


def test_a_rejected_requisition_gives_no_repayment_claim(programme_2022, today):
    requisition = RequisitionFactory(programme=programme_2022, region=region("23"), amount=1_000_000)
    requisition_reject(actor=StaffFactory(), requisition=requisition, message="Fel bankgiro")
    today(date(2023, 1, 20))
    report = follow_up_submit(
        actor=member("23"),
        programme=programme_2022,
        region=region("23"),
        lines=[FollowUpLineInput(amount_used=0, activity="Inget")],
        results="Inga",
        relation_to_purpose="Inga",
    )
    assert report.amount_received == 0
    with pytest.raises(ValidationError, match="inget att kräva tillbaka"):
        repayment_create_from_follow_up(actor=StaffFactory(), report=report)


def test_follow_up_computes_the_unused_amount_from_the_lines(requisitioned_2022):
    programme = requisitioned_2022
    measure = programme.measures.first()
    report = follow_up_save(
        actor=member("23", Role.DATA_COORDINATOR),
        programme=programme,
        region=region("23"),
        lines=[
            FollowUpLineInput(measure_id=measure.pk, amount_used=15_000_000),
            FollowUpLineInput(activity="Utbildning av vårdlotsar", amount_used=3_500_000),
        ],
    )
    assert (report.amount_received, report.amount_used, report.unused) == (20_000_000, 18_500_000, 1_500_000)
    assert report.status == FollowUpReport.Status.DRAFT


def test_follow_up_cannot_use_more_than_received(requisitioned_2022):
    with pytest.raises(ValidationError) as refused:
        follow_up_save(
            actor=member("23"),
            programme=requisitioned_2022,
            region=region("23"),
            lines=[FollowUpLineInput(activity="Allt", amount_used=20_000_001)],
        )
    assert refused.value.messages == [
        "Använt belopp (20\u00a0000\u00a0001\u00a0kr) är större än det regionen har tagit emot "
        "(20\u00a0000\u00a0000\u00a0kr)."
    ]


def test_follow_up_submission_needs_results_and_is_locked_afterwards(
    requisitioned_2022, django_capture_on_commit_callbacks
):
    programme, jh = requisitioned_2022, region("23")
    lines = [FollowUpLineInput(activity="Hälsosamtal", amount_used=20_000_000)]
    signer = member("23", Role.REPRESENTATIVE)
    with pytest.raises(ValidationError) as refused:
        follow_up_submit(actor=signer, programme=programme, region=jh, lines=lines, results="", relation_to_purpose="")
    assert set(refused.value.message_dict) == {"results", "relation_to_purpose"}
    with pytest.raises(PermissionDenied):
        follow_up_submit(
            actor=member("23", Role.DATA_COORDINATOR),
            programme=programme,
            region=jh,
            lines=lines,
            results="Bra",
            relation_to_purpose="Enligt syftet",
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = follow_up_submit(
            actor=signer,
            programme=programme,
            region=jh,
            lines=lines,
            results="1 200 hälsosamtal",
            relation_to_purpose="Minskade uppdämda behov",
        )
    receipt = mail.outbox[-1]
    assert receipt.to == [signer.email]
    assert receipt.subject == "Kvitto: återrapportering – Region Jämtland Härjedalen"
    assert "Ej använt (ska betalas tillbaka): 0\u00a0kr" in receipt.body
    assert "- Hälsosamtal: 20\u00a0000\u00a0000\u00a0kr" in receipt.body
    assert report.status == FollowUpReport.Status.SUBMITTED and report.unused == 0
    with pytest.raises(ValidationError, match="redan inskickad"):
        follow_up_save(actor=signer, programme=programme, region=jh, lines=[])


def test_follow_up_page_shows_received_used_and_unused_before_submission(client, requisitioned_2022):
    client.force_login(member("23", Role.REPRESENTATIVE))
    url = reverse("portal:follow_up_edit", args=["23", requisitioned_2022.code])
    page = client.get(url).content.decode()
    assert "30 januari 2023" in page and "Skicka in återrapporteringen" not in page
    measure = requisitioned_2022.measures.first()
    post = {
        "rad-TOTAL_FORMS": "2",
        "rad-INITIAL_FORMS": "0",
        "rad-0-measure": str(measure.pk),
        "rad-0-amount_used": "19000000",
        "rad-1-activity": "",
        "results": "",
        "relation_to_purpose": "",
        "action": "draft",
    }
    assert client.post(url, post).status_code == 302
    page = client.get(url).content.decode()
    assert "Ej använt – ska betalas tillbaka" in page
    assert "1\u00a0000\u00a0000\u00a0kr" in page
    assert "Skicka in återrapporteringen" in page


TOO_LARGE_AMOUNT = "Beloppet får vara högst 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0kr."


def test_follow_up_page_refuses_an_amount_past_the_limit_and_saves_nothing(client, requisitioned_2022):
    client.force_login(member("23", Role.REPRESENTATIVE))
    url = reverse("portal:follow_up_edit", args=["23", requisitioned_2022.code])
    post = {
        "rad-TOTAL_FORMS": "1",
        "rad-INITIAL_FORMS": "0",
        "rad-0-activity": "Allt",
        "rad-0-amount_used": str(10**20),
        "results": "",
        "relation_to_purpose": "",
        "action": "draft",
    }
    response = client.post(url, post)
    assert response.status_code == 200
    assert TOO_LARGE_AMOUNT in response.content.decode()
    assert not FollowUpReport.objects.exists() and not FollowUpLine.objects.exists()


# --- seed 004 -----------------------------------------------------------------------------------------------------


@pytest.fixture
def vardkoer():
    return programme_with_run("vardkoer-2025")


SEED_004_BLOCK_1 = [
    ("Samordning vårdgaranti", "HOSPA", 963_000),
    ("Vårdlots/samordnande vårdlots – central funktion 50+50 %", "HOSPA", 732_000),
    ("Vårdlots – central funktion 50 % 6 månader", "HOSPA", 300_000),
    ("Chef, adm., 5 %", "HOSPA", 67_000),
    ("Hyr sjuksköterska C-op", "AnOpIVA", 1_400_000),
    ("Köpt vård, vårdgaranti", "Ögon", 1_300_000),
]


def test_seed_004_activity_plan_sums_to_the_4_762_000_received(vardkoer):
    lines = [ActivityLineInput(activity=a, unit=u, amount=k) for a, u, k in SEED_004_BLOCK_1]
    plan = activity_plan_save(
        actor=member("23"), programme=vardkoer, region=region("23"), accounting_object="9971", lines=lines, submit=True
    )
    assert plan.amount_received == 4_762_000
    assert plan.status == PlanStatus.SUBMITTED
    assert [line.accounting_object for line in plan.lines.all()] == ["9971"] * 6


def test_activity_plan_that_does_not_sum_to_the_amount_cannot_be_submitted(vardkoer):
    lines = [ActivityLineInput(activity=a, unit=u, amount=k) for a, u, k in SEED_004_BLOCK_1[:-1]]
    with pytest.raises(ValidationError) as refused:
        activity_plan_save(
            actor=member("23"),
            programme=vardkoer,
            region=region("23"),
            accounting_object="9971",
            lines=lines,
            submit=True,
        )
    assert refused.value.messages == [
        "Aktiviteterna summerar till 3\u00a0462\u00a0000\u00a0kr men regionen har fått "
        "4\u00a0762\u00a0000\u00a0kr fördelat. "
        "Fördela hela beloppet (skillnad 1\u00a0300\u00a0000\u00a0kr)."
    ]
    draft = activity_plan_save(
        actor=member("23", Role.DATA_COORDINATOR, email="d@x.example"),
        programme=vardkoer,
        region=region("23"),
        accounting_object="9971",
        lines=lines,
    )
    assert draft.status == PlanStatus.DRAFT


def test_seed_004_operations_plan_reaches_the_cap(vardkoer):
    plan = operations_plan_save(
        actor=member("23"),
        programme=vardkoer,
        region=region("23"),
        counts={"hip": 34, "prolapse": 26, "cataract": 43},
        units={"hip": "Ortopedi", "prolapse": "Gynekologi", "cataract": "Ögon"},
    )
    assert (plan.amount, plan.cap) == (5_503_000, 5_502_825)


def test_operations_plan_page_shows_amount_against_cap(client, vardkoer):
    client.force_login(member("23"))
    url = reverse("portal:operations_plan_edit", args=["23", vardkoer.code])
    post = {
        "hip_operations": "34",
        "prolapse_operations": "26",
        "cataract_operations": "43",
        "hip_unit": "Ortopedi",
        "prolapse_unit": "",
        "cataract_unit": "Ögon",
        "action": "draft",
    }
    assert client.post(url, post).status_code == 302
    page = client.get(url).content.decode()
    assert "5\u00a0503\u00a0000\u00a0kr" in page and "5\u00a0502\u00a0825\u00a0kr" in page
    assert "Planen når maxtaket" in page
    assert "34 höftledsprotes, 26 framfall, 43 grå starr (5\u00a0503\u00a0000\u00a0kr)" in page  # seed 004
    assert OperationsPlan.objects.get().hip_unit == "Ortopedi"


def test_programme_without_tariff_has_no_operations_plan(client, programme_2022):
    client.force_login(member("23"))
    assert client.get(reverse("portal:operations_plan_edit", args=["23", programme_2022.code])).status_code == 404
    assert client.get(reverse("portal:activity_plan_edit", args=["23", programme_2022.code])).status_code == 404


def test_activity_plan_line_past_the_amount_limit_is_refused_by_the_service(vardkoer):
    lines = [ActivityLineInput(activity="Samordning", amount=1), ActivityLineInput(activity="Allt", amount=10**20)]
    with pytest.raises(ValidationError) as refused:
        activity_plan_save(
            actor=member("23"), programme=vardkoer, region=region("23"), accounting_object="9971", lines=lines
        )
    assert refused.value.messages == ["Rad 2: beloppet får vara högst 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0kr."]
    assert not ActivityPlan.objects.exists() and not ActivityPlanLine.objects.exists()


def test_activity_plan_page_refuses_an_amount_past_the_limit_and_shows_why(client, vardkoer):
    client.force_login(member("23"))
    url = reverse("portal:activity_plan_edit", args=["23", vardkoer.code])
    post = {
        "rad-TOTAL_FORMS": "1",
        "rad-INITIAL_FORMS": "0",
        "rad-0-activity": "Allt",
        "rad-0-amount": str(10**20),
        "accounting_object": "9971",
        "action": "draft",
    }
    response = client.post(url, post)
    assert response.status_code == 200
    assert TOO_LARGE_AMOUNT in response.content.decode()
    assert not ActivityPlan.objects.exists() and not ActivityPlanLine.objects.exists()
    post["rad-0-amount"] = str(10**12)
    assert client.post(url, post).status_code == 302
    assert ActivityPlanLine.objects.get().amount == 10**12
