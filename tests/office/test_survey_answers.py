"""Staff read every region's survey answers on one page (region × question) and in Excel; regions cannot."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.dates import swedish_date
from reporting.services import survey_create_planned_activities, survey_response_save, survey_response_submit
from tests.factories import StaffFactory
from tests.factories_portal import Role, member, programme_with_run, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(today):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    survey = survey_create_planned_activities(
        actor=None, programme=programme, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
    )
    today(date(2022, 5, 2))
    return survey


def _answers(survey, **changes):
    q = {question.position: f"q{question.pk}" for question in survey.questions.all()}
    measures = list(survey.programme.measures.order_by("pk")[:2])
    values = {
        q[1]: [str(m.pk) for m in measures],
        q[2]: "Riktade hälsosamtal i primärvården.",
        q[3]: "12 000 000,5",
        q[4]: "Ja",
        q[5]: ["Äldre", "Barn och unga"],
    }
    values.update({q[int(key[1:])]: value for key, value in changes.items()})
    return values


def _row(html: str, region_name: str) -> str:
    start = html.index(f'<th scope="row">{region_name}</th>')
    return html[start : html.index("</tr>", start)]


def test_staff_see_each_regions_status_and_answers(client, survey):
    jamtland, stockholm = region("23"), region("01")
    sent = survey_response_submit(
        actor=member("23", Role.REPRESENTATIVE), survey=survey, region=jamtland, answers=_answers(survey)
    )
    survey_response_save(
        actor=member("01", Role.DATA_COORDINATOR), survey=survey, region=stockholm, answers=_answers(survey, q4="Nej")
    )
    client.force_login(StaffFactory())
    html = client.get(reverse("office:survey_answers", args=[survey.programme.code])).content.decode()

    assert "1 av 21 regioner har skickat in." in html
    measures = list(survey.programme.measures.order_by("pk")[:2])
    jh = _row(html, jamtland.short_name)
    assert f"Inskickad {swedish_date(sent.submitted_at)}" in jh
    assert f"{measures[0].name}; {measures[1].name}" in jh
    assert "12000000,5" in jh and "Äldre; Barn och unga" in jh and "<td>Ja</td>" in jh
    assert "Utkast (inte inskickat)" in _row(html, stockholm.short_name)
    assert "<td>Nej</td>" in _row(html, stockholm.short_name)
    assert "Inte påbörjad" in _row(html, region("25").short_name)


def test_the_answers_page_costs_the_same_whatever_the_number_of_answers(client, survey):
    client.force_login(StaffFactory())
    url = reverse("office:survey_answers", args=[survey.programme.code])
    client.get(url)
    with CaptureQueriesContext(connection) as none_answered:
        client.get(url)
    for code in ("01", "03", "04", "05", "23"):
        survey_response_save(
            actor=member(code, Role.DATA_COORDINATOR), survey=survey, region=region(code), answers=_answers(survey)
        )
    with CaptureQueriesContext(connection) as five_answered:
        client.get(url)
    assert len(five_answered) == len(none_answered)


def test_the_excel_file_has_a_row_per_region_and_a_column_per_question(client, survey):
    sent = survey_response_submit(
        actor=member("23", Role.REPRESENTATIVE), survey=survey, region=region("23"), answers=_answers(survey)
    )
    client.force_login(StaffFactory())
    response = client.get(reverse("office:survey_answers_export", args=[survey.programme.code, survey.pk]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(rows) if row[:2] == ["Region", "Status"])
    header, body = rows[header_index], [row for row in rows[header_index + 1 :] if row[0]]
    assert header[2:7] == [question.text for question in survey.questions.order_by("position")]
    assert len(body) == 21
    jamtland = next(row for row in body if row[0] == region("23").name)
    assert jamtland[1] == f"Inskickad {swedish_date(sent.submitted_at)}" and jamtland[5] == "Ja"


def test_regional_users_cannot_read_the_answers(client, survey):
    client.force_login(member("23", Role.REPRESENTATIVE))
    for url in (
        reverse("office:survey_answers", args=[survey.programme.code]),
        reverse("office:survey_answers_export", args=[survey.programme.code, survey.pk]),
    ):
        assert client.get(url).status_code in (302, 403, 404)
