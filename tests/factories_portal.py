"""Factories for the regional portal: users with a membership of a region or an intermediary."""

from datetime import date

import factory

from grants.models import AllocationRun, DeadlineExtension
from grants.services import allocation_run_create
from regions.models import Membership, Organisation, Region
from tests.factories import StaffFactory, UserFactory, load_seed_programme

Role = Membership.Role


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"person{n}@region.example"))
    region = factory.LazyFunction(lambda: Region.objects.get(code="23"))
    role = Role.AUTHORISED_REPRESENTATIVE


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Sveriges Kommuner och Regioner"

    @factory.post_generation
    def region_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(Region.objects.filter(code__in=extracted))


def member(code: str = "23", role: str = Role.AUTHORISED_REPRESENTATIVE, **user_fields):
    """Return a user with a membership of the region with this county code in this role."""
    return MembershipFactory(region=region(code), role=role, **{f"user__{k}": v for k, v in user_fields.items()}).user


def intermediary(codes: list[str], name: str = "Sveriges Kommuner och Regioner"):
    """Return a user of an intermediary that may deliver data for the regions with these codes."""
    organisation = OrganisationFactory(name=name, region_codes=codes)
    return MembershipFactory(region=None, organisation=organisation, role=Role.INTERMEDIARY).user


def programme_with_run(code: str):
    """Load a seed programme and compute its allocation; return the programme."""
    programme = load_seed_programme(code)
    run = allocation_run_create(programme=programme)
    assert run.status == AllocationRun.Status.SUCCEEDED, run.error
    return programme


def extension(programme, code: str, until: date, kind: str = "requisition"):
    return DeadlineExtension.objects.create(
        programme=programme, region=region(code), kind=kind, until=until, reason="Sjukdom", granted_by=StaffFactory()
    )
