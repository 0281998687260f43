"""Survey answers: draft, submit once, locked afterwards; the window is enforced."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reporting.models import SurveyResponse
from reporting.services import survey_create_planned_activities, survey_response_save, survey_response_submit
from tests.factories_portal import Role, extension, member, region

pytestmark = pytest.mark.django_db

IN_WINDOW = date(2022, 5, 2)


@pytest.fixture
def survey(programme_2022):
    return survey_create_planned_activities(
        actor=None, programme=programme_2022, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
    )


def answers(survey, **changes):
    q = {question.position: f"q{question.pk}" for question in survey.questions.all()}
    measure = survey.programme.measures.first()
    values = {
        q[1]: [str(measure.pk)],
        q[2]: "Riktade hälsosamtal i primärvården.",
        q[3]: "12 000 000",
        q[4]: "Ja",
        q[5]: ["Äldre"],
    }
    values.update({q[int(k[1:])]: v for k, v in changes.items()})
    return values


def test_answers_are_saved_as_draft_then_submitted_and_locked(survey, today):
    today(IN_WINDOW)
    jh = region("23")
    coordinator = member("23", Role.DATA_COORDINATOR)
    draft = survey_response_save(actor=coordinator, survey=survey, region=jh, answers=answers(survey, q2=""))
    assert draft.status == SurveyResponse.Status.DRAFT
    with pytest.raises(PermissionDenied):
        survey_response_submit(actor=coordinator, survey=survey, region=jh, answers=answers(survey))
    signer = member("23", Role.REPRESENTATIVE)
    response = survey_response_submit(actor=signer, survey=survey, region=jh, answers=answers(survey))
    assert response.status == SurveyResponse.Status.SUBMITTED
    measure = survey.programme.measures.first()
    assert response.answers[str(survey.questions.get(position=1).pk)] == [measure.pk]
    assert response.answers[str(survey.questions.get(position=3).pk)] == "12000000"
    with pytest.raises(ValidationError, match="redan inskickade"):
        survey_response_save(actor=signer, survey=survey, region=jh, answers=answers(survey, q2="Ändrat"))
    assert SurveyResponse.objects.get().answers == response.answers


def test_required_questions_must_be_answered_to_submit(survey, today):
    today(IN_WINDOW)
    with pytest.raises(ValidationError) as refused:
        survey_response_submit(actor=member("23"), survey=survey, region=region("23"), answers=answers(survey, q2=""))
    assert refused.value.message_dict == {f"q{survey.questions.get(position=2).pk}": ["Frågan behöver besvaras."]}


def test_answers_outside_the_choices_are_refused(survey, today):
    today(IN_WINDOW)
    with pytest.raises(ValidationError) as refused:
        survey_response_save(
            actor=member("23"), survey=survey, region=region("23"), answers=answers(survey, q4="Kanske", q3="tolv")
        )
    errors = refused.value.message_dict
    assert errors[f"q{survey.questions.get(position=4).pk}"] == ["Välj ett av svarsalternativen."]
    assert errors[f"q{survey.questions.get(position=3).pk}"] == ["Svaret ska vara ett tal."]


def test_survey_after_its_last_day_is_refused_unless_extended(survey, today):
    today(date(2022, 5, 14))
    with pytest.raises(ValidationError, match="Sista svarsdag för enkäten var den 13 maj 2022"):
        survey_response_submit(actor=member("23"), survey=survey, region=region("23"), answers=answers(survey))
    extension(survey.programme, "23", date(2022, 5, 20), kind="survey")
    assert (
        survey_response_submit(
            actor=member("23", email="b@x.example"), survey=survey, region=region("23"), answers=answers(survey)
        ).status
        == SurveyResponse.Status.SUBMITTED
    )


def test_survey_before_it_opens_is_refused(survey, today):
    today(date(2022, 3, 31))
    with pytest.raises(ValidationError, match="Enkäten öppnar den 1 april 2022"):
        survey_response_save(actor=member("23"), survey=survey, region=region("23"), answers=answers(survey))


def test_survey_page_submits_and_then_shows_locked_answers(client, survey, today):
    today(IN_WINDOW)
    client.force_login(member("23"))
    url = reverse("portal:survey_answer", args=["23", survey.pk])
    page = client.get(url).content.decode()
    assert "Planerade aktiviteter 2022" in page and "Svara senast" in page and "13 maj 2022" in page
    response = client.post(url, {**answers(survey), "action": "submit", "confirmation": "1"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "De är låsta och kan inte ändras" in page
    assert "Skicka in svaren" not in page
    client.post(url, {**answers(survey, q2="Ändrat"), "action": "draft"})
    assert "Ändrat" not in str(SurveyResponse.objects.get().answers)
