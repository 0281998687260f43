"""Staff read the regions' survey answers: region × question on a page and in Excel."""

from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reporting.excel import programme_lines
from reporting.models import Survey
from reporting.survey_answers import survey_answer_matrix

from ...exports_office import table_workbook
from ...models import GrantProgramme
from ...permissions import staff_required
from .common import xlsx_response


@staff_required
def survey_answers(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    surveys = list(programme.surveys.order_by("opens_on", "pk"))
    return render(
        request,
        "office/survey_answers.html",
        {"programme": programme, "matrices": [survey_answer_matrix(survey) for survey in surveys]},
    )


@staff_required
def survey_answers_export(request, code, pk):
    survey = get_object_or_404(Survey.objects.select_related("programme"), programme__code=code, pk=pk)
    matrix = survey_answer_matrix(survey)
    title = _("Enkätsvar – %(survey)s") % {"survey": survey.title}
    content = table_workbook(title, matrix.values(), lines=programme_lines(survey.programme))
    return xlsx_response(content, f"enkatsvar-{slugify(survey.programme.code)}.xlsx")
