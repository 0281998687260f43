"""Deadline matrix and reminders: done/open/overdue per region, once per stage, not to regions that are done."""

import datetime

import pytest
from django.core import mail

from grants.deadlines import State, deadline_matrices
from grants.models import Deadline, DeadlineExtension, ReminderLog, Requisition
from grants.services.reminders import reminders_send_due
from grants.tasks import reminders_send
from reporting.models import FollowUpReport, MonthlyValue
from tests.factories import StaffFactory
from tests.factories_office import (
    DeadlineFactory,
    FollowUpReportFactory,
    MembershipFactory,
    ProgrammeFactory,
    RepaymentFactory,
    RequisitionFactory,
    region,
)

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2022, 3, 15)


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.REQUISITION, date=DEADLINE)
    MembershipFactory(region=region("01"), user__email="stockholm@region.example")
    MembershipFactory(region=region("03"), user__email="uppsala@region.example")
    RequisitionFactory(programme=programme, region=region("03"), status=Requisition.Status.SUBMITTED)
    return programme


def _cell(programme, code, kind, today):
    matrix = deadline_matrices([programme], today=today)[programme.pk]
    row = next(r for r in matrix.rows if r.region.code == code)
    return next(c for c in row.cells if c.column.kind == kind)


def test_the_matrix_shows_done_open_soon_and_overdue(programme):
    assert _cell(programme, "03", "requisition", DEADLINE).state == State.DONE
    assert _cell(programme, "01", "requisition", DEADLINE - datetime.timedelta(days=30)).state == State.OPEN
    assert _cell(programme, "01", "requisition", DEADLINE - datetime.timedelta(days=3)).state == State.SOON
    assert _cell(programme, "01", "requisition", DEADLINE + datetime.timedelta(days=1)).state == State.OVERDUE


def test_an_extension_moves_the_regions_date(programme):
    DeadlineExtension.objects.create(
        programme=programme,
        region=region("01"),
        kind="requisition",
        until=datetime.date(2022, 3, 31),
        reason="Sjukdom",
        granted_by=StaffFactory(),
    )
    cell = _cell(programme, "01", "requisition", datetime.date(2022, 3, 20))
    assert (cell.state, cell.date, cell.extended) == (State.OPEN, datetime.date(2022, 3, 31), True)


def test_follow_up_repayment_and_data_months_have_their_own_rules():
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.FOLLOW_UP_REPORT, date=datetime.date(2023, 1, 30))
    DeadlineFactory(programme=programme, kind=Deadline.Kind.REPAYMENT, date=datetime.date(2023, 3, 31))
    programme.components.create(
        code="prestation",
        name="Prestation",
        rule="performance_pots",
        amount=1,
        parameters={
            "year": 2024,
            "months": [2],
            "requirements": [{"indicator": "overcrowding_rate"}, {"indicator": "outlying_rate"}],
        },
    )
    FollowUpReportFactory(programme=programme, region=region("01"), status=FollowUpReport.Status.ACCEPTED)
    for code, status in (("01", "approved"), ("03", "approved"), ("04", "rejected")):
        RequisitionFactory(programme=programme, region=region(code), status=status)
    FollowUpReportFactory(programme=programme, region=region("03"), status=FollowUpReport.Status.DRAFT)
    RepaymentFactory(programme=programme, region=region("03"))
    for indicator in ("overcrowding_rate", "outlying_rate"):
        MonthlyValue.objects.create(region=region("01"), indicator=indicator, year=2024, month=2, value=3)
    MonthlyValue.objects.create(region=region("03"), indicator="overcrowding_rate", year=2024, month=2, value=3)
    today = datetime.date(2024, 4, 1)
    assert _cell(programme, "01", "follow_up_report", today).state == State.DONE
    assert _cell(programme, "03", "follow_up_report", today).state == State.OVERDUE
    assert _cell(programme, "04", "follow_up_report", today).state == State.NOT_APPLICABLE  # received nothing
    assert _cell(programme, "01", "repayment", today).state == State.NOT_APPLICABLE
    assert _cell(programme, "03", "repayment", today).state == State.OVERDUE
    data_01 = _cell(programme, "01", "data_delivery", today)
    data_03 = _cell(programme, "03", "data_delivery", today)
    assert data_01.date == datetime.date(2024, 3, 31)  # no data-delivery deadline: end of the following month
    assert (data_01.state, data_03.state) == (State.DONE, State.OVERDUE)
    assert data_03.detail == "Saknas: februari 2024"


def test_reminders_are_sent_once_per_stage_and_not_to_a_region_that_has_submitted(programme):
    before = DEADLINE - datetime.timedelta(days=5)
    assert reminders_send_due(today=before) == 1
    assert reminders_send_due(today=before) == 0  # the task ran twice
    assert reminders_send_due(today=before + datetime.timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [["stockholm@region.example"]]
    assert mail.outbox[0].subject.startswith("Påminnelse: Rekvisition senast 15 mars 2022")

    after = DEADLINE + datetime.timedelta(days=1)
    assert reminders_send_due(today=after) == 1
    assert reminders_send_due(today=after + datetime.timedelta(days=2)) == 0
    assert mail.outbox[1].subject.startswith("Tidsfristen har passerat")
    assert set(ReminderLog.objects.values_list("region__code", "stage")) == {("01", "before"), ("01", "after")}


def test_no_reminder_far_ahead_or_long_after_a_deadline(programme):
    assert reminders_send_due(today=DEADLINE - datetime.timedelta(days=30)) == 0
    assert reminders_send_due(today=DEADLINE + datetime.timedelta(days=400)) == 0
    assert mail.outbox == []


def test_the_beat_task_is_safe_to_run_twice(programme, settings, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: DEADLINE - datetime.timedelta(days=2))
    assert reminders_send.delay().get() == 1
    assert reminders_send.delay().get() == 0
    assert len(mail.outbox) == 1
    assert "grants-reminders" in settings.CELERY_BEAT_SCHEDULE


def test_a_survey_is_done_when_the_region_submitted_its_response():
    from reporting.models import Survey, SurveyResponse

    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.SURVEY, date=datetime.date(2022, 5, 13))
    survey = Survey.objects.create(
        programme=programme, title="Planerade aktiviteter", opens_on=datetime.date(2022, 4, 1),
        closes_on=datetime.date(2022, 5, 13),
    )  # fmt: skip
    SurveyResponse.objects.create(survey=survey, region=region("01"), status=SurveyResponse.Status.SUBMITTED)
    SurveyResponse.objects.create(survey=survey, region=region("03"), status=SurveyResponse.Status.DRAFT)
    today = datetime.date(2022, 5, 20)
    assert _cell(programme, "01", "survey", today).state == State.DONE
    assert _cell(programme, "03", "survey", today).state == State.OVERDUE
    matrix = deadline_matrices([programme], today=today)[programme.pk]
    assert [c.label for c in matrix.columns] == ["Enkät"]  # the deadline and the survey are one column


def test_a_survey_deadline_without_a_survey_sent_is_not_applicable_and_not_reminded():
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.SURVEY, date=datetime.date(2022, 5, 13))
    MembershipFactory(region=region("01"))
    assert _cell(programme, "01", "survey", datetime.date(2022, 5, 20)).state == State.NOT_APPLICABLE
    assert reminders_send_due(today=datetime.date(2022, 5, 10)) == 0


def test_data_months_are_due_on_the_next_data_delivery_deadline():
    programme = ProgrammeFactory()
    DeadlineFactory(programme=programme, kind=Deadline.Kind.DATA_DELIVERY, date=datetime.date(2024, 11, 15))
    programme.components.create(
        code="prestation", name="Prestation", rule="performance_pots", amount=1,
        parameters={"year": 2024, "months": [9, 10], "requirements": [{"indicator": "overcrowding_rate"}]},
    )  # fmt: skip
    matrix = deadline_matrices([programme], today=datetime.date(2024, 11, 1))[programme.pk]
    assert [(c.label, c.date) for c in matrix.columns] == [("Data sep 2024, okt 2024", datetime.date(2024, 11, 15))]
