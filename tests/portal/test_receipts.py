"""What a region has sent in reads as a receipt: questions and answers, lines and texts, not greyed-out inputs."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.services import (
    FollowUpLineInput,
    follow_up_submit,
    survey_create_planned_activities,
    survey_response_save,
    survey_response_submit,
)
from tests.factories_portal import Role, member, programme_with_run, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return programme_with_run("uppdamda-vardbehov-2022")


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_submitted_survey_answers_read_as_a_receipt(client, programme, today):
    survey = survey_create_planned_activities(
        actor=None, programme=programme, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
    )
    today(date(2022, 5, 2))
    q = {question.position: f"q{question.pk}" for question in survey.questions.all()}
    measure = programme.measures.first()
    answers = {q[1]: [str(measure.pk)], q[2]: "Hälsosamtal.", q[3]: "12000000", q[4]: "Ja", q[5]: ["Äldre"]}
    signer = member("23", Role.REPRESENTATIVE)
    survey_response_submit(actor=signer, survey=survey, region=region("23"), answers=answers)
    client.force_login(signer)
    main = _main(client.get(reverse("portal:survey_answer", args=["23", survey.pk])).content.decode())
    assert '<dl class="receipt measure">' in main
    assert f"<dd>{measure.name}</dd>" in main and "<dd>Hälsosamtal.</dd>" in main and "<dd>Ja</dd>" in main
    assert "<input" not in main and "<textarea" not in main


def test_a_draft_left_when_the_survey_closed_is_shown_as_not_sent(client, programme, today):
    survey = survey_create_planned_activities(
        actor=None, programme=programme, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
    )
    today(date(2022, 5, 2))
    q = {question.position: f"q{question.pk}" for question in survey.questions.all()}
    survey_response_save(
        actor=member("23", Role.DATA_COORDINATOR), survey=survey, region=region("23"), answers={q[2]: "Utkast"}
    )
    today(date(2022, 5, 20))
    client.force_login(member("23"))
    main = _main(client.get(reverse("portal:survey_answer", args=["23", survey.pk])).content.decode())
    assert "Regionens sparade utkast (skickades inte in)" in main and "<dd>Utkast</dd>" in main


def test_a_submitted_follow_up_report_reads_as_a_receipt(client, programme, today):
    signer = member("23")
    today(date(2023, 1, 20))
    follow_up_submit(
        actor=signer,
        programme=programme,
        region=region("23"),
        lines=[FollowUpLineInput(activity="Hälsosamtal i primärvården", amount_used=0)],
        results="1 200 hälsosamtal",
        relation_to_purpose="Minskade uppdämda behov",
    )
    client.force_login(signer)
    main = _main(client.get(reverse("portal:follow_up_edit", args=["23", programme.code])).content.decode())
    assert "<td>Hälsosamtal i primärvården</td>" in main
    assert "<dd>1 200 hälsosamtal</dd>" in main and "<dd>Minskade uppdämda behov</dd>" in main
    assert "<input" not in main and "<textarea" not in main and "<select" not in main
