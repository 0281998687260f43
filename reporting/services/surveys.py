"""Writes for survey answers (enkät, seed 001: planned activities, sent in April, due 13 May)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.dates import swedish_date
from grants.models import Deadline, DeadlineExtension
from regions.access import may_draft, may_submit
from regions.models import Region

from ..models import Survey, SurveyQuestion, SurveyResponse

Kind = SurveyQuestion.Kind


def survey_window(survey: Survey, region: Region, *, today: date | None = None) -> tuple[bool, date]:
    """Return whether the survey is open for the region today, and its last day (an extension counts)."""
    today = today or timezone.localdate()
    closes = survey.closes_on
    extended = (
        DeadlineExtension.objects.filter(programme=survey.programme_id, region=region, kind=Deadline.Kind.SURVEY)
        .values_list("until", flat=True)
        .first()
    )
    if extended and extended > closes:
        closes = extended
    return survey.opens_on <= today <= closes, closes


def _clean_answer(question: SurveyQuestion, raw, measure_ids: set[int]):
    """Return the answer in stored form, None when empty; raise ValidationError when it does not fit."""
    if raw in (None, "", [], ()):
        return None
    if question.kind == Kind.TEXT:
        return str(raw).strip() or None
    if question.kind == Kind.NUMBER:
        try:
            number = Decimal(str(raw).replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValidationError(_("Svaret ska vara ett tal.")) from None
        if not number.is_finite() or number < 0:
            raise ValidationError(_("Svaret ska vara ett tal som är 0 eller större."))
        return str(number)
    if question.kind == Kind.SINGLE_CHOICE:
        if raw not in question.choices:
            raise ValidationError(_("Välj ett av svarsalternativen."))
        return raw
    values = list(raw) if isinstance(raw, list | tuple) else [raw]
    if question.kind == Kind.MULTIPLE_CHOICE:
        if any(v not in question.choices for v in values):
            raise ValidationError(_("Välj bland svarsalternativen."))
        return values
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError(_("Välj bland statsbidragets insatser.")) from None
    if not set(ids) <= measure_ids:
        raise ValidationError(_("Välj bland statsbidragets insatser."))
    return sorted(set(ids))


def _clean_answers(survey: Survey, answers: dict, *, complete: bool) -> dict:
    questions = list(survey.questions.all())
    measure_ids = set(survey.programme.measures.values_list("pk", flat=True))
    cleaned, errors = {}, {}
    for question in questions:
        key = f"q{question.pk}"
        try:
            value = _clean_answer(question, answers.get(key), measure_ids)
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if value is None:
            if complete and question.required:
                errors[key] = [_("Frågan behöver besvaras.")]
            continue
        cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _response_for_writing(*, actor, survey: Survey, region: Region, today) -> SurveyResponse:
    is_open, closes = survey_window(survey, region, today=today)
    if not is_open:
        if (today or timezone.localdate()) < survey.opens_on:
            raise ValidationError(_("Enkäten öppnar den %(date)s.") % {"date": swedish_date(survey.opens_on)})
        raise ValidationError(
            _("Sista svarsdag för enkäten var den %(date)s. Svaren kan inte ändras.") % {"date": swedish_date(closes)}
        )
    response = SurveyResponse.objects.select_for_update().filter(survey=survey, region=region).first()
    response = response or SurveyResponse(survey=survey, region=region)
    if response.status == SurveyResponse.Status.SUBMITTED:
        raise ValidationError(_("Svaren är redan inskickade och kan inte ändras."))
    return response


@transaction.atomic
def survey_response_save(
    *, actor, survey: Survey, region: Region, answers: dict, today: date | None = None
) -> SurveyResponse:
    """Save the region's answers as a draft while the survey is open."""
    if not may_draft(actor, region):
        raise PermissionDenied(_("Du har inte behörighet att besvara enkäten för regionen."))
    response = _response_for_writing(actor=actor, survey=survey, region=region, today=today)
    response.answers = _clean_answers(survey, answers, complete=False)
    response._history_user = actor
    response.save()
    return response


@transaction.atomic
def survey_response_submit(
    *, actor, survey: Survey, region: Region, answers: dict, today: date | None = None
) -> SurveyResponse:
    """Submit the region's answers once; after this they are locked."""
    if not may_submit(actor, region):
        raise PermissionDenied(_("Bara regionens behöriga ombud eller företrädare kan skicka in enkäten."))
    response = _response_for_writing(actor=actor, survey=survey, region=region, today=today)
    response.answers = _clean_answers(survey, answers, complete=True)
    response._history_user = actor
    response.save()
    changed = SurveyResponse.objects.filter(pk=response.pk, status=SurveyResponse.Status.DRAFT).update(
        status=SurveyResponse.Status.SUBMITTED, submitted_by=actor, submitted_at=timezone.now()
    )
    if changed != 1:
        raise ValidationError(_("Svaren är redan inskickade."))
    response.refresh_from_db()
    response._history_user = actor
    response.save()
    return response


# The survey's questions are stored with it (a survey definition, data from then on), so they stay Swedish.
# Socialstyrelsen's instructions for 2022: "bör särskilt fokus ligga på de grupper som har störst behov".
PRIORITY_GROUPS_HELP = (
    "Enligt Socialstyrelsens anvisningar bör särskilt fokus ligga på de grupper "  # i18n: stored
    "som har störst behov av insatser, medicinskt och socioekonomiskt."  # i18n: stored
)

PLANNED_ACTIVITIES = [
    (
        Kind.MEASURES,
        "Vilka insatser planerar regionen att genomföra under året?",  # i18n: stored
        "Välj en eller flera.",  # i18n: stored
        [],
        True,
    ),
    (
        Kind.TEXT,
        "Beskriv kort de aktiviteter regionen planerar.",  # i18n: stored
        "Några meningar per insats räcker.",  # i18n: stored
        [],
        True,
    ),
    (
        Kind.NUMBER,
        "Hur mycket av medlen planerar regionen att använda under året (kronor)?",  # i18n: stored
        "",
        [],
        True,
    ),
    (
        Kind.SINGLE_CHOICE,
        "Samverkar regionen med andra regioner i någon av insatserna?",  # i18n: stored
        "",
        ["Ja", "Nej"],  # i18n: stored
        True,
    ),
    (
        Kind.MULTIPLE_CHOICE,
        "Vilka grupper riktar sig insatserna särskilt till?",  # i18n: stored
        PRIORITY_GROUPS_HELP,
        [
            "Personer med kroniska sjukdomar",  # i18n: stored
            "Äldre",  # i18n: stored
            "Socioekonomiskt utsatta grupper",  # i18n: stored
            "Barn och unga",  # i18n: stored
            "Annat",  # i18n: stored
        ],
        False,
    ),
]


@transaction.atomic
def survey_create_planned_activities(*, actor, programme, opens_on: date, closes_on: date) -> Survey:
    """Create the survey on planned activities that seed 001 announces (sent in April, due 13 May)."""
    survey = Survey(
        programme=programme,
        title=f"Planerade aktiviteter {programme.budget_year}",  # i18n: stored
        instructions=(
            "Socialstyrelsen vill veta vilka typer av insatser regionen planerar "  # i18n: stored
            "att genomföra under året med statsbidraget. "  # i18n: stored
            "Enkäten går till den kontaktperson som angavs i rekvisitionen."  # i18n: stored
        ),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    survey._history_user = actor
    survey.full_clean()
    survey.save()
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey, position=n, kind=kind, text=text, help_text=help_text, choices=choices, required=required
        )
        for n, (kind, text, help_text, choices, required) in enumerate(PLANNED_ACTIVITIES, start=1)
    )
    return survey
