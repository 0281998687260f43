"""The regional portal asks before it sends what cannot be changed afterwards, and loses nothing the user typed.

Submitting a requisition, a survey or a follow-up report first shows a summary of what will be sent, with the region
and the amount, and changes nothing; "Tillbaka och ändra" brings the form back as it was filled in; only the POST
from the "Bekräfta" button sends it. Whatever the service would refuse is shown on the form before that page.
"""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import Requisition
from reporting.models import FollowUpLine, FollowUpReport, SurveyResponse
from reporting.services import follow_up_save, survey_create_planned_activities
from reporting.services.follow_up import FollowUpLineInput
from tests.factories_portal import Role, member, region
from tests.money import pay_on_requisition

pytestmark = pytest.mark.django_db

JAMTLAND = "23"
JAMTLAND_2022 = 25_231_800  # seed 001, "Jämtland Härjedalen 25 231 800"
CONFIRMED = {"confirmation": "1"}


def kr(amount: int) -> str:
    return f"{amount:,}\u00a0kr".replace(",", "\u00a0")


def _asks(response, *texts: str) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg" id="confirmation-heading"' in html
    assert '<input type="hidden" name="confirmation" value="1">' in html
    assert ">Tillbaka och ändra</button>" in html
    for text in texts:
        assert text in html, text
    return html


# --- requisition ------------------------------------------------------------------------------------------------


def requisition_data(programme, **changes):
    data = {
        "contact_name": "Jonna Ombudsdotter",
        "contact_email": "jonna@regionjh.example",
        "contact_phone": "063-14 75 00",
        "payment_method": "bankgiro",
        "payment_account": "50501055",
        "amount_invanare": str(JAMTLAND_2022),
        "measures": [str(programme.measures.order_by("pk").first().pk)],
        "confirmed": "on",
        "action": "submit",
    }
    data.update(changes)
    return data


@pytest.fixture
def signer_client(client, programme_2022, today):
    client.force_login(member(JAMTLAND, Role.AUTHORISED_REPRESENTATIVE, first_name="Jonna", last_name="Ombud"))
    return client


def test_submitting_a_requisition_shows_what_will_be_sent_and_saves_nothing(
    signer_client, programme_2022, django_capture_on_commit_callbacks
):
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    measure = programme_2022.measures.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = signer_client.post(url, requisition_data(programme_2022))
    _asks(
        response,
        "Du är på väg att skriva under och skicka in rekvisitionen för Region Jämtland Härjedalen: "
        f"{kr(JAMTLAND_2022)}.",
        "När rekvisitionen är inskickad kan den inte ändras.",
        "Jonna Ombudsdotter, jonna@regionjh.example, 063-14 75 00",
        "Bankgiro 5050-1055",  # as the service will store it
        measure.name,
        "Jonna Ombud, behörigt ombud",
        '<input type="hidden" name="contact_name" value="Jonna Ombudsdotter">',
        f'<input type="hidden" name="measures" value="{measure.pk}">',
        '<input type="hidden" name="confirmed" value="on">',
    )
    assert not Requisition.objects.exists() and not Requisition.history.exists()
    assert mail.outbox == []  # the rehearsal's receipt was never sent

    with django_capture_on_commit_callbacks(execute=True):
        response = signer_client.post(url, {**requisition_data(programme_2022), **CONFIRMED})
    assert response.url == reverse("portal:requisition_receipt", args=[JAMTLAND, programme_2022.code])
    requisition = Requisition.objects.get()
    assert (requisition.status, requisition.amount) == (Requisition.Status.SUBMITTED, JAMTLAND_2022)
    assert len(mail.outbox) == 1


def test_going_back_from_the_requisition_summary_shows_the_form_as_filled_in(signer_client, programme_2022):
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    data = requisition_data(programme_2022, amount_invanare="20000000", contact_phone="070-123 45 67")
    _asks(signer_client.post(url, data), kr(20_000_000))
    html = signer_client.post(url, {**data, "change": "1"}).content.decode()
    assert "confirmation-heading" not in html
    assert 'value="20000000"' in html or 'value="20 000 000"' in html
    assert 'value="070-123 45 67"' in html and 'value="Jonna Ombudsdotter"' in html
    assert not Requisition.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_invanare": str(JAMTLAND_2022 + 1)}, f"Du kan rekvirera högst {kr(JAMTLAND_2022)}."),
        ({"confirmed": ""}, "Bekräfta att uppgifterna stämmer och att du är behörigt ombud."),
        ({"payment_account": "50501056"}, "kontrollsiffra"),
    ],
    ids=["above the allocation", "not signed", "wrong check digit"],
)
def test_what_the_service_refuses_is_shown_on_the_form_before_any_confirmation(
    signer_client, programme_2022, changes, message
):
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    response = signer_client.post(url, requisition_data(programme_2022, **changes))
    html = response.content.decode()
    assert response.status_code == 200 and "confirmation-heading" not in html
    assert message in html
    assert not Requisition.objects.exists()


def test_saving_a_requisition_draft_needs_no_confirmation(signer_client, programme_2022):
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    assert signer_client.post(url, requisition_data(programme_2022, action="draft")).status_code == 302
    assert Requisition.objects.get().status == Requisition.Status.DRAFT


# --- survey -----------------------------------------------------------------------------------------------------


@pytest.fixture
def survey(programme_2022, today):
    today(date(2022, 5, 2))
    return survey_create_planned_activities(
        actor=None, programme=programme_2022, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
    )


def survey_answers(survey, **changes):
    q = {question.position: f"q{question.pk}" for question in survey.questions.all()}
    measure = survey.programme.measures.order_by("pk").first()
    values = {
        q[1]: [str(measure.pk)],
        q[2]: "Riktade hälsosamtal i primärvården.",
        q[3]: "12 000 000",
        q[4]: "Ja",
        q[5]: ["Äldre", "Barn och unga"],
        "action": "submit",
    }
    values.update({q[int(k[1:])]: v for k, v in changes.items()})
    return values


def test_submitting_survey_answers_shows_them_first_and_saves_nothing(client, survey):
    client.force_login(member(JAMTLAND))
    url = reverse("portal:survey_answer", args=[JAMTLAND, survey.pk])
    measure = survey.programme.measures.order_by("pk").first()
    _asks(
        client.post(url, survey_answers(survey)),
        "Du är på väg att skicka in Region Jämtland Härjedalens svar på enkäten Planerade aktiviteter 2022.",
        "När svaren är inskickade är de låsta och kan inte ändras.",
        f"<dd>{measure.name}</dd>",  # the measure's name, not its number
        "<dd>Riktade hälsosamtal i primärvården.</dd>",
        "<dd>Äldre<br>Barn och unga</dd>",
    )
    assert not SurveyResponse.objects.exists()
    back = client.post(url, {**survey_answers(survey), "change": "1"}).content.decode()
    assert "Riktade hälsosamtal i primärvården." in back and "confirmation-heading" not in back
    assert not SurveyResponse.objects.exists()
    assert client.post(url, {**survey_answers(survey), **CONFIRMED}).status_code == 302
    assert SurveyResponse.objects.get().status == SurveyResponse.Status.SUBMITTED


def test_a_survey_missing_a_required_answer_is_refused_before_the_summary(client, survey):
    client.force_login(member(JAMTLAND))
    url = reverse("portal:survey_answer", args=[JAMTLAND, survey.pk])
    response = client.post(url, survey_answers(survey, q2=""))
    html = response.content.decode()
    assert "Frågan behöver besvaras." in html and "confirmation-heading" not in html
    assert not SurveyResponse.objects.exists()


# --- follow-up report -------------------------------------------------------------------------------------------


@pytest.fixture
def drafted_report(programme_2022, today, payment_details):
    """Jämtland Härjedalen was paid 20 000 000 kr and has a draft report of 19 000 000 kr used."""
    pay_on_requisition(programme_2022, {JAMTLAND: 20_000_000})
    today(date(2023, 1, 20))
    writer = member(JAMTLAND, Role.REPRESENTATIVE)
    measure = programme_2022.measures.order_by("pk").first()
    follow_up_save(
        actor=writer,
        programme=programme_2022,
        region=region(JAMTLAND),
        lines=[FollowUpLineInput(amount_used=19_000_000, measure_id=measure.pk)],
    )
    return writer, measure


def test_submitting_a_follow_up_report_shows_what_is_used_and_unused_first_and_saves_nothing(
    client, programme_2022, drafted_report, django_capture_on_commit_callbacks
):
    writer, measure = drafted_report
    client.force_login(writer)
    url = reverse("portal:follow_up_edit", args=[JAMTLAND, programme_2022.code])
    post = {
        "rad-TOTAL_FORMS": "2",
        "rad-INITIAL_FORMS": "0",
        "rad-0-measure": str(measure.pk),
        "rad-0-amount_used": "18500000",
        "results": "Kortare köer till hälsosamtal.",
        "relation_to_purpose": "Det var syftet.",
        "action": "submit",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, post)
    _asks(
        response,
        f"Du är på väg att skicka in Region Jämtland Härjedalens återrapportering: använt {kr(18_500_000)} av "
        f"mottagna {kr(20_000_000)}; {kr(1_500_000)} ska betalas tillbaka.",
        f"{measure.name}: {kr(18_500_000)}",
        "Kortare köer till hälsosamtal.",
    )
    report = FollowUpReport.objects.get()
    assert (report.status, report.amount_used, report.results) == (FollowUpReport.Status.DRAFT, 19_000_000, "")
    assert list(FollowUpLine.objects.values_list("amount_used", flat=True)) == [19_000_000]
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**post, **CONFIRMED}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.amount_used) == (FollowUpReport.Status.SUBMITTED, 18_500_000)
    assert len(mail.outbox) == 1


def test_a_follow_up_report_without_results_is_refused_before_the_summary(client, programme_2022, drafted_report):
    writer, measure = drafted_report
    client.force_login(writer)
    url = reverse("portal:follow_up_edit", args=[JAMTLAND, programme_2022.code])
    post = {
        "rad-TOTAL_FORMS": "1",
        "rad-INITIAL_FORMS": "0",
        "rad-0-measure": str(measure.pk),
        "rad-0-amount_used": "18500000",
        "results": "",
        "relation_to_purpose": "",
        "action": "submit",
    }
    html = client.post(url, post).content.decode()
    assert "Beskriv vilka resultat insatserna har gett." in html and "confirmation-heading" not in html
    assert FollowUpReport.objects.get().status == FollowUpReport.Status.DRAFT
