"""The requisition path (seed 001): draft, sign and submit before 15 March 2022, receipt by e-mail."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.dates import swedish_date
from grants.models import Requisition
from grants.services import RequisitionInput, deadline_extension_grant, requisition_save_draft, requisition_submit
from grants.validators import normalize_bankgiro, normalize_plusgiro
from tests.factories import StaffFactory
from tests.factories_portal import Role, member, programme_with_run, region

from .conftest import AFTER_DEADLINE, DEADLINE

pytestmark = pytest.mark.django_db

JAMTLAND = "23"
JAMTLAND_2022 = 25_231_800  # seed 001, "Jämtland Härjedalen 25 231 800"


def complete(programme, amount=JAMTLAND_2022, **changes) -> RequisitionInput:
    """Return a complete requisition; `amount` is for the 2022 grant's single part."""
    values = {
        "amounts": {"invanare": amount},
        "contact_name": "Jonna Ombudsdotter",
        "contact_email": "marie.norlen@regionjh.example",
        "contact_phone": "063-14 75 00",
        "payment_method": "bankgiro",
        "payment_account": "5050-1055",
        "measure_ids": tuple(programme.measures.values_list("pk", flat=True)[:2]),
        "confirmed": True,
    }
    values.update(changes)
    return RequisitionInput(**values)


def test_authorised_representative_submits_and_gets_a_receipt_by_email(
    programme_2022, today, django_capture_on_commit_callbacks
):
    signer = member(JAMTLAND, Role.AUTHORISED_REPRESENTATIVE, email="ombud@regionjh.example")
    with django_capture_on_commit_callbacks(execute=True):
        requisition = requisition_submit(
            actor=signer, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
        )
    assert requisition.status == Requisition.Status.SUBMITTED
    assert requisition.submitted_by == signer
    assert requisition.amount == JAMTLAND_2022
    assert requisition.measures.count() == 2
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert sorted(receipt.to) == ["marie.norlen@regionjh.example", "ombud@regionjh.example"]
    assert receipt.subject.startswith("Kvitto: rekvisition av Riktade insatser")
    assert "Rekvirerat belopp: 25\u00a0231\u00a0800\u00a0kr" in receipt.body
    assert "Bankgiro: 5050-1055" in receipt.body
    assert "- Riktade hälsosamtal" in receipt.body


def test_submit_on_the_deadline_day_is_accepted(programme_2022, today):
    today(DEADLINE)
    requisition = requisition_submit(
        actor=member(JAMTLAND), programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
    )
    assert requisition.status == Requisition.Status.SUBMITTED


def test_requisition_after_deadline_is_refused_with_the_date(programme_2022, today):
    today(AFTER_DEADLINE)
    with pytest.raises(ValidationError) as refused:
        requisition_submit(
            actor=member(JAMTLAND), programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
        )
    assert refused.value.messages[0].startswith("Sista dag för rekvisition var den 15 mars 2022.")
    assert not Requisition.objects.exists()


def test_extension_lets_one_region_through_and_not_the_others(programme_2022, today):
    deadline_extension_grant(
        actor=StaffFactory(),
        programme=programme_2022,
        region=region(JAMTLAND),
        kind="requisition",
        until=date(2022, 3, 31),
        reason="Ombudet var sjukt",
    )
    today(AFTER_DEADLINE)
    requisition = requisition_submit(
        actor=member(JAMTLAND), programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
    )
    assert requisition.status == Requisition.Status.SUBMITTED
    with pytest.raises(ValidationError, match="15 mars 2022"):
        requisition_submit(
            actor=member("22"),
            programme=programme_2022,
            region=region("22"),
            data=complete(programme_2022, amount=1),
        )
    today(date(2022, 4, 1))
    with pytest.raises(ValidationError, match="31 mars 2022"):
        requisition_save_draft(
            actor=member(JAMTLAND, email="x@y.example"),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022),
        )


def test_only_staff_grant_extensions(programme_2022):
    with pytest.raises(PermissionDenied):
        deadline_extension_grant(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            kind="requisition",
            until=date(2022, 3, 31),
            reason="Vill själv",
        )


def test_amount_above_the_allocation_is_refused(programme_2022, today):
    with pytest.raises(ValidationError) as refused:
        requisition_submit(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022, amount=JAMTLAND_2022 + 1),
        )
    assert refused.value.message_dict["amount_invanare"] == [
        "Beloppet är större än regionens fördelade medel för Fördelning efter invånare. Du kan rekvirera högst "
        "25\u00a0231\u00a0800\u00a0kr."
    ]
    assert not Requisition.objects.exists()


def test_data_coordinator_can_draft_but_not_submit(programme_2022, today):
    coordinator = member(JAMTLAND, Role.DATA_COORDINATOR)
    draft = requisition_save_draft(
        actor=coordinator, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
    )
    assert draft.status == Requisition.Status.DRAFT
    assert draft.confirmed is False  # only the authorised representative's own confirmation counts
    with pytest.raises(PermissionDenied):
        requisition_submit(
            actor=coordinator, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
        )
    assert Requisition.objects.get().status == Requisition.Status.DRAFT


def test_representative_cannot_submit_either(programme_2022, today):
    with pytest.raises(PermissionDenied):
        requisition_submit(
            actor=member(JAMTLAND, Role.REPRESENTATIVE),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022),
        )


def test_a_second_requisition_is_refused(programme_2022, today):
    signer = member(JAMTLAND)
    first = requisition_submit(
        actor=signer, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
    )
    with pytest.raises(ValidationError) as refused:
        requisition_submit(
            actor=signer, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022, amount=5)
        )
    assert "har redan skickat in en rekvisition" in refused.value.messages[0]
    assert f"den {swedish_date(timezone.localdate(first.submitted_at))}." in refused.value.messages[0]
    assert Requisition.objects.get().amount == JAMTLAND_2022


def test_user_of_another_region_cannot_requisition_for_jamtland(programme_2022, today):
    with pytest.raises(PermissionDenied):
        requisition_submit(
            actor=member("01"), programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
        )
    assert not Requisition.objects.exists()


def test_submission_needs_contact_payment_measures_and_confirmation(programme_2022, today):
    with pytest.raises(ValidationError) as refused:
        requisition_submit(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=RequisitionInput(amounts={"invanare": 100}),
        )
    assert set(refused.value.message_dict) == {
        "contact_name",
        "contact_email",
        "payment_method",
        "payment_account",
        "measures",
        "confirmed",
    }
    assert refused.value.message_dict["measures"] == ["Välj minst en insats som regionen planerar."]
    assert not Requisition.objects.exists()  # a refused submission saves nothing, not even a draft


def test_measures_of_another_programme_are_refused(programme_2022, today):
    other = programme_with_run("vardkoer-2025")
    with pytest.raises(ValidationError) as refused:
        requisition_save_draft(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022, measure_ids=tuple(other.measures.values_list("pk", flat=True))),
        )
    assert refused.value.message_dict["measures"] == ["Välj insatser ur statsbidragets lista."]


def test_2025_block_1_is_requisitioned_whole_and_block_2_is_not_requisitioned(today):
    programme = programme_with_run("vardkoer-2025")
    signer = member(JAMTLAND)
    today(date(2025, 6, 1))  # no requisition deadline in the seeds: the form stays open
    requisition = requisition_submit(
        actor=signer,
        programme=programme,
        region=region(JAMTLAND),
        data=RequisitionInput(**{**complete(programme).__dict__, "amounts": {"block-1": 1}}),
    )
    # Seed 004: "Region Jämtland Härjedalen har mottagit 4 762 000 kronor för block 1" – the whole allocation.
    assert requisition.amount == 4_762_000
    assert list(requisition.lines.values_list("component__code", "amount")) == [("block-1", 4_762_000)]


def test_a_part_paid_from_the_final_run_cannot_be_requisitioned(today):
    programme = programme_with_run("vardkoer-2025")
    with pytest.raises(ValidationError) as refused:
        requisition_save_draft(
            actor=member(JAMTLAND),
            programme=programme,
            region=region(JAMTLAND),
            data=RequisitionInput(**{**complete(programme).__dict__, "amounts": {"block-2": 5_502_825}}),
        )
    assert refused.value.message_dict["__all__"] == ["Delen block-2 rekvireras inte."]


def test_2024_basic_part_is_requisitioned_without_measures_because_the_programme_lists_none(today):
    """Issue: the 2024 requisition could not be submitted at all ("Välj minst en insats") though it has none."""
    programme = programme_with_run("vardplatser-2024")
    today(date(2024, 3, 1))
    requisition = requisition_submit(
        actor=member(JAMTLAND),
        programme=programme,
        region=region(JAMTLAND),
        data=RequisitionInput(**{**complete(programme).__dict__, "amounts": {}, "measure_ids": ()}),
    )
    assert requisition.status == Requisition.Status.SUBMITTED
    assert requisition.amount == 9_410_162  # seed 002, bilaga 2: Jämtland 9 410 162


@pytest.mark.parametrize(
    ("raw", "expected"), [("5050-1055", "5050-1055"), ("505 1055", None), ("9020033", "902-0033"), ("50501056", None)]
)
def test_bankgiro_is_checked_by_luhn(raw, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            normalize_bankgiro(raw)
    else:
        assert normalize_bankgiro(raw) == expected


def test_plusgiro_is_checked_by_luhn():
    assert normalize_plusgiro("90 20 03-3") == "902003-3"
    assert normalize_plusgiro("18") == "1-8"
    with pytest.raises(ValidationError, match="kontrollsiffra"):
        normalize_plusgiro("902004-3")
    with pytest.raises(ValidationError, match="2 till 8 siffror"):
        normalize_plusgiro("1")


def test_wrong_bankgiro_check_digit_is_shown_on_the_field(programme_2022, today):
    with pytest.raises(ValidationError) as refused:
        requisition_save_draft(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022, payment_account="5050-1056"),
        )
    assert refused.value.message_dict["payment_account"] == [
        "Bankgironumrets kontrollsiffra stämmer inte. Kontrollera numret."
    ]


# --- through the web form ---------------------------------------------------------------------------------------


def form_data(programme, action="submit", **changes):
    data = {
        "contact_name": "Jonna Ombudsdotter",
        "contact_email": "marie.norlen@regionjh.example",
        "contact_phone": "063-14 75 00",
        "payment_method": "bankgiro",
        "payment_account": "50501055",
        "amount_invanare": str(JAMTLAND_2022),
        "measures": [str(pk) for pk in programme.measures.values_list("pk", flat=True)[:1]],
        "confirmed": "on",
        "action": action,
        "confirmation": "1",  # as from the confirmation page (tests/portal/test_confirmations.py shows the step)
    }
    data.update(changes)
    return data


def test_form_submission_redirects_to_the_receipt(client, programme_2022, today, django_capture_on_commit_callbacks):
    client.force_login(member(JAMTLAND))
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(programme_2022))
    receipt_url = reverse("portal:requisition_receipt", args=[JAMTLAND, programme_2022.code])
    assert response.status_code == 302 and response.url == receipt_url
    page = client.get(receipt_url).content.decode()
    assert "Rekvisitionen är inskickad" in page
    assert "25\u00a0231\u00a0800\u00a0kr" in page
    assert "5050-1055" in page
    assert len(mail.outbox) == 1
    # the form now leads to the receipt: nothing can be changed
    assert client.get(url).url == receipt_url


def test_form_after_deadline_says_so_and_saves_nothing(client, programme_2022, today):
    today(AFTER_DEADLINE)
    client.force_login(member(JAMTLAND))
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    page = client.get(url).content.decode()
    assert "Sista dag för rekvisition var den 15 mars 2022" in page
    response = client.post(url, form_data(programme_2022))
    assert response.status_code == 200
    assert "Sista dag för rekvisition var den 15 mars 2022" in response.content.decode()
    assert not Requisition.objects.exists()


def test_form_shows_errors_in_swedish_on_the_fields(client, programme_2022, today):
    client.force_login(member(JAMTLAND))
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    response = client.post(url, form_data(programme_2022, amount_invanare=str(JAMTLAND_2022 + 1), measures=[]))
    html = response.content.decode()
    assert "Du kan rekvirera högst 25\u00a0231\u00a0800\u00a0kr." in html
    assert "Välj minst en insats som regionen planerar." in html  # every problem at once
    assert not Requisition.objects.filter(status="submitted").exists()


def test_data_coordinator_sees_no_submit_button_and_posting_submit_is_forbidden(client, programme_2022, today):
    client.force_login(member(JAMTLAND, Role.DATA_COORDINATOR))
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    page = client.get(url).content.decode()
    assert "Skriv under och skicka in" not in page
    assert "Spara utkast" in page
    assert client.post(url, form_data(programme_2022, action="draft")).status_code == 302
    assert client.post(url, form_data(programme_2022)).status_code == 403
    assert Requisition.objects.get().status == Requisition.Status.DRAFT


def test_a_failing_mail_server_does_not_undo_or_hide_a_submitted_requisition(
    programme_2022, today, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.portal.test_requisitions.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        requisition = requisition_submit(
            actor=member(JAMTLAND),
            programme=programme_2022,
            region=region(JAMTLAND),
            data=complete(programme_2022),
        )
    requisition.refresh_from_db()
    assert requisition.status == requisition.Status.SUBMITTED


class BrokenMailBackend:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")
