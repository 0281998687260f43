"""Survey answers for staff: one row per region, one column per question, as plain text (page and Excel alike)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from grants import l10n
from grants.dates import swedish_date
from regions.models import Region

from .models import Survey, SurveyQuestion, SurveyResponse

Kind = SurveyQuestion.Kind


@dataclass(frozen=True)
class AnswerRow:
    region: Region
    status: str
    answers: list[str]
    is_submitted: bool = False


@dataclass(frozen=True)
class AnswerMatrix:
    survey: Survey
    questions: list[SurveyQuestion]
    rows: list[AnswerRow]

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.is_submitted)

    def values(self) -> list[list]:
        """Return the matrix as rows of plain values, headers first (for the Excel export)."""
        headers = [_("Region"), _("Status"), *(question.text for question in self.questions)]
        return [headers, *([row.region.name, row.status, *row.answers] for row in self.rows)]


def _text(question: SurveyQuestion, value, measures: dict[int, str]) -> str:
    if value in (None, "", []):
        return ""
    if question.kind == Kind.NUMBER:
        return str(value) if l10n.english() else str(value).replace(".", ",")
    if question.kind == Kind.MULTIPLE_CHOICE:
        return "; ".join(value)
    if question.kind == Kind.MEASURES:
        return "; ".join(measures.get(int(pk), _("insats %(number)s") % {"number": pk}) for pk in value)
    return str(value)


def _status(response: SurveyResponse | None) -> str:
    if response is None:
        return _("Inte påbörjad")
    if _is_submitted(response):
        return _("Inskickad %(date)s") % {"date": swedish_date(response.submitted_at)}
    return _("Utkast (inte inskickat)")


def _is_submitted(response: SurveyResponse | None) -> bool:
    return response is not None and response.status == SurveyResponse.Status.SUBMITTED and bool(response.submitted_at)


def survey_answer_matrix(survey: Survey) -> AnswerMatrix:
    """Return every region's status and answers; drafts are shown too, marked as such. Four queries."""
    questions = list(survey.questions.order_by("position", "pk"))
    measures = dict(survey.programme.measures.values_list("pk", "name"))
    responses = {response.region_id: response for response in survey.responses.all()}
    receiving = survey.programme.recipient_codes()
    regions = Region.objects.order_by("code")
    if receiving is not None:  # a programme paid to some regions asks only them
        regions = regions.filter(Q(code__in=receiving) | Q(pk__in=list(responses)))
    rows = []
    for region in regions:
        response = responses.get(region.pk)
        answers = response.answers if response else {}
        rows.append(
            AnswerRow(
                region,
                _status(response),
                [_text(question, answers.get(str(question.pk)), measures) for question in questions],
                _is_submitted(response),
            )
        )
    return AnswerMatrix(survey, questions, rows)
