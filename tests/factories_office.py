"""Factories for the back office: programmes, requisitions, payout decisions, repayments, regional users."""

import datetime

import factory
from django.contrib.auth.models import Permission

from grants.models import (
    Component,
    Deadline,
    GrantProgramme,
    Payout,
    PayoutBatch,
    Repayment,
    Requisition,
    RequisitionLine,
)
from regions.demo import fictional_payment_details
from regions.models import Membership, Region
from reporting.models import FollowUpReport
from tests.factories import StaffFactory, UserFactory


def region(code: str) -> Region:
    """Return the region with this county code (the 21 regions come with the migrations)."""
    return Region.objects.get(code=code)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProgramme
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Statsbidrag {n}")
    decision_reference = "S2022/00456"
    budget_year = 2022
    appropriation = "1:6 Bidrag till folkhälsa och sjukvård"
    appropriation_item = "49 Uppskjuten vård och covid-19 relaterad vård"
    frame = 2_000_000_000
    status = GrantProgramme.Status.PUBLISHED

    @factory.post_generation
    def allocation(self, create, extracted, **kwargs):
        """Give the programme a part of 40 000 000 kr per region and its computed allocation run.

        Payouts are checked against the final allocation, so a programme without one is not a consistent fixture.
        `allocation=False` leaves it out.
        """
        if not create or extracted is False or self.components.exists():
            return
        from grants.models import Component
        from grants.services import allocation_run_create

        Component.objects.create(
            programme=self,
            code="lika",
            name="Lika fördelning",
            rule=Component.Rule.EQUAL_SHARE,
            amount=21 * 40_000_000,
            source="testdata",
        )
        allocation_run_create(programme=self)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Deadline.Kind.REQUISITION
    date = datetime.date(2022, 3, 15)


class ApproverFactory(StaffFactory):
    """A staff member allowed to approve (attestera) payout decisions."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def approve_permission(self, create, extracted, **kwargs):
        if create:
            self.user_permissions.add(Permission.objects.get(codename="approve_payoutbatch"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"kontakt{n}@region.example"))
    region = factory.LazyFunction(lambda: region("01"))
    role = Membership.Role.AUTHORISED_REPRESENTATIVE


class RequisitionFactory(factory.django.DjangoModelFactory):
    """A requisition as the portal would leave it: its amount on the programme's first part paid on requisition."""

    class Meta:
        model = Requisition
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.Sequence(lambda n: Region.objects.order_by("code")[n % 21])
    status = Requisition.Status.SUBMITTED
    amount = 30_412_474
    contact_name = "Kim Kontakt"
    contact_email = factory.Sequence(lambda n: f"rekvisition{n}@region.example")
    payment_method = Requisition.PaymentMethod.BANKGIRO
    payment_account = "5050-1055"
    confirmed = True
    created_by = factory.SubFactory(UserFactory)
    submitted_by = factory.SelfAttribute("created_by")
    submitted_at = factory.LazyFunction(lambda: datetime.datetime(2022, 3, 1, 10, tzinfo=datetime.UTC))

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if not create:
            return
        part = (
            self.programme.components.filter(payment_basis=Component.PaymentBasis.REQUISITION)
            .order_by("position", "code")
            .first()
        )
        if part is not None:
            RequisitionLine.objects.create(requisition=self, component=part, amount=self.amount)


class PayoutBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayoutBatch

    programme = factory.SubFactory(ProgrammeFactory)
    source = PayoutBatch.Source.REQUISITIONS
    payout_date = datetime.date(2022, 3, 31)
    prepared_by = factory.SubFactory(StaffFactory)


class PayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payout

    batch = factory.SubFactory(PayoutBatchFactory)
    region = factory.Sequence(lambda n: Region.objects.order_by("code")[n % 21])
    component = factory.LazyAttribute(lambda payout: payout.batch.programme.components.order_by("position").first())
    amount = 1_000_000
    # The region's payment master data as the `payment_details` fixture sets them, copied as preparing would.
    organisation_number = factory.LazyAttribute(
        lambda p: fictional_payment_details(p.region.code)["organisation_number"]
    )
    payment_method = Requisition.PaymentMethod.BANKGIRO
    payment_account = factory.LazyAttribute(lambda p: fictional_payment_details(p.region.code)["payment_account"])


class FollowUpReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReport

    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.LazyFunction(lambda: region("01"))
    status = FollowUpReport.Status.SUBMITTED
    amount_received = 461_327_417
    amount_used = 400_000_000


class RepaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Repayment

    programme = factory.SubFactory(ProgrammeFactory)
    region = factory.Sequence(lambda n: Region.objects.order_by("code")[n % 21])
    reason = Repayment.Reason.MANUAL
    reason_text = "Medel har använts till annat än avsett ändamål."
    amount = 100_000
    due_date = datetime.date(2023, 3, 31)
    created_by = factory.SubFactory(StaffFactory)
