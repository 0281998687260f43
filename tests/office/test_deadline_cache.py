"""The deadline states are cached, and every kind of write that changes them is seen at once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import readcache
from grants.deadlines import State, deadline_matrices
from grants.models import Deadline, Requisition
from grants.services import requisition_approve
from reporting.models import FollowUpReport
from reporting.services.monthly import MonthlyEntry, monthly_values_record
from tests.factories import StaffFactory
from tests.factories_office import (
    DeadlineFactory,
    FollowUpReportFactory,
    ProgrammeFactory,
    RequisitionFactory,
    region,
)
from tests.factories_portal import extension

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 12, 1)


def _state(programme, code, kind, today=TODAY):
    matrix = deadline_matrices([programme], today=today)[programme.pk]
    row = next(r for r in matrix.rows if r.region.code == code)
    return next(c for c in row.cells if c.column.kind == kind)


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.FOLLOW_UP_REPORT, date=datetime.date(2024, 3, 31))
    DeadlineFactory(programme=programme, kind=Deadline.Kind.DATA_DELIVERY, date=datetime.date(2024, 11, 15))
    programme.components.create(
        code="prestation", name="Prestation", rule="performance_pots", amount=1,
        parameters={"year": 2024, "months": [9], "requirements": [{"indicator": "overcrowding_rate"}]},
    )  # fmt: skip
    return programme


def test_a_second_read_costs_no_query_and_works_out_the_state_from_the_day(programme, django_assert_num_queries):
    assert _state(programme, "01", Deadline.Kind.DATA_DELIVERY).state == State.OVERDUE
    with django_assert_num_queries(0):
        early = _state(programme, "01", Deadline.Kind.DATA_DELIVERY, today=datetime.date(2024, 10, 1))
    assert early.state == State.OPEN


def test_an_approval_by_queryset_update_is_seen_at_once(programme):
    requisition = RequisitionFactory(programme=programme, region=region("01"), status=Requisition.Status.SUBMITTED)
    assert _state(programme, "01", Deadline.Kind.FOLLOW_UP_REPORT).state == State.NOT_APPLICABLE
    requisition_approve(actor=StaffFactory(), requisition=requisition)
    assert _state(programme, "01", Deadline.Kind.FOLLOW_UP_REPORT).state == State.OVERDUE
    FollowUpReportFactory(programme=programme, region=region("01"), status=FollowUpReport.Status.SUBMITTED)
    assert _state(programme, "01", Deadline.Kind.FOLLOW_UP_REPORT).state == State.DONE


def test_a_bulk_monthly_delivery_is_seen_at_once(programme):
    cell = _state(programme, "01", Deadline.Kind.DATA_DELIVERY)
    assert (cell.state, cell.detail) == (State.OVERDUE, "Saknas: september 2024")
    entry = MonthlyEntry(region("01"), "overcrowding_rate", 2024, 9, Decimal("1.5"))
    monthly_values_record(actor=StaffFactory(), entries=[entry])
    assert _state(programme, "01", Deadline.Kind.DATA_DELIVERY).state == State.DONE
    assert _state(programme, "03", Deadline.Kind.DATA_DELIVERY).state == State.OVERDUE


def test_an_extension_is_seen_at_once(programme):
    assert _state(programme, "01", Deadline.Kind.DATA_DELIVERY).state == State.OVERDUE
    extension(programme, "01", datetime.date(2024, 12, 20), kind=Deadline.Kind.DATA_DELIVERY)
    cell = _state(programme, "01", Deadline.Kind.DATA_DELIVERY)
    assert (cell.state, cell.date) == (State.OPEN, datetime.date(2024, 12, 20))


class _DownCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_the_states_are_computed_directly_while_the_cache_is_down(programme, monkeypatch, client):
    monkeypatch.setattr(readcache, "cache", _DownCache())
    assert _state(programme, "01", Deadline.Kind.DATA_DELIVERY).state == State.OVERDUE
    monthly_values_record(
        actor=StaffFactory(), entries=[MonthlyEntry(region("01"), "overcrowding_rate", 2024, 9, Decimal(1))]
    )
    assert _state(programme, "01", Deadline.Kind.DATA_DELIVERY).state == State.DONE
    client.force_login(StaffFactory())
    assert client.get(reverse("office:work_list")).status_code == 200
