"""The back office asks before it does what cannot be undone, and offers each action only to whoever may take it.

Every irreversible action's first POST changes nothing and shows a confirmation page naming the amount and the region
(for a payout decision: the number of regions and the total); only the POST from its "Bekräfta" button acts.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from grants.models import GrantProgramme, PayoutBatch, Repayment, RepaymentAdjustment, RepaymentPayment, Requisition
from grants.services import (
    payout_batch_approve,
    payout_batch_prepare_from_requisitions,
    programme_own_costs_record,
)
from tests.factories import StaffFactory
from tests.factories_office import (
    ApproverFactory,
    FollowUpReportFactory,
    PayoutBatchFactory,
    PayoutFactory,
    ProgrammeFactory,
    RepaymentFactory,
    RequisitionFactory,
    region,
)
from tests.factories_portal import programme_with_run
from tests.money import pay_on_requisition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_details")]

PAY_DAY = datetime.date(2022, 3, 31)
CONFIRMED = {"confirmation": "1"}


def kr(amount: int) -> str:
    """Write an amount as the pages do, with non-breaking spaces: 2\u00a0500\u00a0000\u00a0kr."""
    return f"{amount:,}\u00a0kr".replace(",", "\u00a0")


def _asks(response, *texts: str) -> str:
    """Assert the response is the confirmation page with these texts, a Bekräfta form and a way back."""
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="ds-heading" data-size="lg" id="confirmation-heading"' in html
    assert '<input type="hidden" name="confirmation" value="1">' in html
    for text in texts:
        assert text in html, text
    return html


@pytest.fixture
def preparer():
    return StaffFactory(first_name="Petra", last_name="Upprättare")


@pytest.fixture
def batch(preparer):
    """A draft payout decision for three regions' approved requisitions of 1 000 000 kr each."""
    programme = ProgrammeFactory()
    for code in ("01", "03", "04"):
        RequisitionFactory(programme=programme, region=region(code), status=Requisition.Status.APPROVED, amount=10**6)
    return payout_batch_prepare_from_requisitions(actor=preparer, programme=programme, payout_date=PAY_DAY)


@pytest.fixture
def approver():
    return ApproverFactory(first_name="Agnes", last_name="Attestant")


# --- payout decisions -------------------------------------------------------------------------------------------


def test_approving_asks_first_naming_the_regions_and_the_total_then_approves(client, batch, approver):
    client.force_login(approver)
    url = reverse("office:batch_approve", args=[batch.pk])
    html = _asks(
        client.post(url),
        f"Du är på väg att attestera utbetalningsbeslut nr {batch.pk}: 3 regioner, {kr(3_000_000)}.",
        "Det går inte att ångra.",
        "Stockholm, Uppsala, Sörmland",
        ">Attestera</button>",
        f'href="{reverse("office:batch_detail", args=[batch.pk])}">Avbryt</a>',
    )
    assert f'action="{url}"' in html
    batch.refresh_from_db()
    assert (batch.status, batch.approved_by) == (PayoutBatch.Status.DRAFT, None)
    assert batch.history.count() == 1

    response = client.post(url, CONFIRMED, follow=True)
    assert "Utbetalningsbeslutet är attesterat." in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.approved_by) == (PayoutBatch.Status.APPROVED, approver)


def test_a_decision_for_one_region_names_the_region(client, approver):
    payout = PayoutFactory(region=region("23"), amount=5_502_825)
    client.force_login(approver)
    _asks(
        client.post(reverse("office:batch_approve", args=[payout.batch_id])),
        f"attestera utbetalningsbeslut nr {payout.batch_id}: Region Jämtland Härjedalen, {kr(5_502_825)}.",
    )


def test_the_preparer_is_refused_at_once_without_a_confirmation_page(client, batch, preparer):
    preparer.user_permissions.add(*ApproverFactory().user_permissions.all())
    client.force_login(preparer)
    response = client.post(reverse("office:batch_approve", args=[batch.pk]), follow=True)
    html = response.content.decode()
    assert "En annan person måste attestera" in html and "confirmation-heading" not in html
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.DRAFT


@pytest.fixture
def approved(batch, approver, today):
    today(datetime.date(2022, 4, 5))
    return payout_batch_approve(actor=approver, batch=batch)


def test_marking_paid_asks_for_the_payment_date_then_asks_to_confirm_then_stores_it(client, approved, approver):
    client.force_login(approver)
    page = client.get(reverse("office:batch_detail", args=[approved.pk])).content.decode()
    assert '<label class="ds-label" for="id_paid_on">Utbetalningsdag</label>' in page
    assert 'value="2022-03-31"' in page  # the decision's payout date is offered
    url = reverse("office:batch_mark_paid", args=[approved.pk])
    _asks(
        client.post(url, {"paid_on": "2022-04-01"}),
        f"Du är på väg att registrera utbetalningsbeslut nr {approved.pk} som utbetalt den 1 april 2022: "
        f"3 regioner, {kr(3_000_000)}.",
        '<input type="hidden" name="paid_on" value="2022-04-01">',
        ">Registrera som utbetalt</button>",
    )
    approved.refresh_from_db()
    assert (approved.status, approved.paid_on, approved.paid_at) == (PayoutBatch.Status.APPROVED, None, None)

    response = client.post(url, {"paid_on": "2022-04-01", **CONFIRMED}, follow=True)
    html = response.content.decode()
    assert "Utbetalningen är registrerad." in html
    assert "<dt>Utbetald den</dt><dd>1 april 2022</dd>" in html
    approved.refresh_from_db()
    assert (approved.status, approved.paid_on, approved.paid_by) == (
        PayoutBatch.Status.PAID,
        datetime.date(2022, 4, 1),
        approver,
    )


@pytest.mark.parametrize("confirmed", [False, True], ids=["first post", "confirmed post"])
@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        ("2022-03-30", "Utbetalningsdag: 30 mars 2022 är före beslutets utbetalningsdag 31 mars 2022."),
        ("2022-04-06", "Utbetalningsdag: 6 april 2022 har inte varit än."),
        ("", "Ange utbetalningsdag: dagen då pengarna betalades ut."),
        ("31/3", "Utbetalningsdag: skriv datumet som ÅÅÅÅ-MM-DD."),
    ],
    ids=["before the payout date", "after today", "missing", "not a date"],
)
def test_a_wrong_payment_date_is_refused_on_the_field_and_nothing_is_saved(
    client, approved, approver, paid_on, message, confirmed
):
    client.force_login(approver)
    data = {"paid_on": paid_on, **(CONFIRMED if confirmed else {})}
    response = client.post(reverse("office:batch_mark_paid", args=[approved.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_paid_on_errors"' in html and message in html
    assert "confirmation-heading" not in html
    approved.refresh_from_db()
    assert (approved.status, approved.paid_on, approved.paid_by) == (PayoutBatch.Status.APPROVED, None, None)


def test_a_decision_cannot_be_marked_paid_before_its_payout_date(client, approved, approver, today):
    today(datetime.date(2022, 3, 30))
    client.force_login(approver)
    page = client.get(reverse("office:batch_detail", args=[approved.pk])).content.decode()
    assert "Utbetalningen kan registreras från och med beslutets utbetalningsdag 31 mars 2022." in page
    assert reverse("office:batch_mark_paid", args=[approved.pk]) not in page


def test_the_approver_does_not_see_or_use_ta_bort_utkastet_on_someone_elses_draft(client, batch, approver):
    client.force_login(approver)
    page = client.get(reverse("office:batch_detail", args=[batch.pk])).content.decode()
    assert ">Attestera</button>" in page
    assert "Ta bort utkastet" not in page
    url = reverse("office:batch_discard", args=[batch.pk])
    assert client.post(url).status_code == 403
    assert client.post(url, CONFIRMED).status_code == 403
    assert PayoutBatch.objects.filter(pk=batch.pk).exists()


def test_the_preparer_sees_ta_bort_utkastet_but_not_attestera(client, batch, preparer):
    client.force_login(preparer)
    page = client.get(reverse("office:batch_detail", args=[batch.pk])).content.decode()
    assert "Ta bort utkastet" in page
    assert ">Attestera</button>" not in page
    assert "Du har upprättat beslutet." in page


def test_deleting_a_draft_asks_first_then_deletes_it(client, batch, preparer):
    client.force_login(preparer)
    url = reverse("office:batch_discard", args=[batch.pk])
    _asks(
        client.post(url),
        f"Du är på väg att ta bort utkastet till utbetalningsbeslut nr {batch.pk}: 3 regioner, {kr(3_000_000)}.",
    )
    assert batch.payouts.count() == 3
    response = client.post(url, CONFIRMED, follow=True)
    assert "Utkastet till utbetalningsbeslut är borttaget." in response.content.decode()
    assert not PayoutBatch.objects.filter(pk=batch.pk).exists()


def test_staff_allowed_to_delete_decisions_may_delete_someone_elses_draft(client, batch):
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="delete_payoutbatch"))
    client.force_login(user)
    assert "Ta bort utkastet" in client.get(reverse("office:batch_detail", args=[batch.pk])).content.decode()
    client.post(reverse("office:batch_discard", args=[batch.pk]), CONFIRMED)
    assert not PayoutBatch.objects.filter(pk=batch.pk).exists()


# --- requisitions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "doing", "status"),
    [
        ("office:requisition_approve", "godkänna", Requisition.Status.APPROVED),
        ("office:requisition_reject", "avslå", Requisition.Status.REJECTED),
    ],
)
def test_approving_or_rejecting_a_requisition_asks_first_naming_region_and_amount(client, name, doing, status):
    requisition = RequisitionFactory(region=region("23"), amount=5_502_825)
    client.force_login(StaffFactory())
    url = reverse(name, args=[requisition.pk])
    data = {"message": "Rekvisitionen avser fel år."}
    _asks(
        client.post(url, data),
        f"Du är på väg att {doing} rekvisitionen från Region Jämtland Härjedalen: {kr(5_502_825)}.",
        '<input type="hidden" name="message" value="Rekvisitionen avser fel år.">',
    )
    requisition.refresh_from_db()
    assert (requisition.status, requisition.reviewed_by) == (Requisition.Status.SUBMITTED, None)
    client.post(url, {**data, **CONFIRMED})
    requisition.refresh_from_db()
    assert requisition.status == status


# --- claims -----------------------------------------------------------------------------------------------------


def _paid(programme, code: str, amount: int) -> None:
    paid = PayoutBatchFactory(programme=programme, status=PayoutBatch.Status.PAID, approved_by=ApproverFactory())
    PayoutFactory(batch=paid, region=region(code), amount=amount)


def test_claiming_back_from_a_follow_up_report_asks_first(client):
    report = FollowUpReportFactory(region=region("23"), amount_received=1_000, amount_used=600)
    _paid(report.programme, "23", 1_000)
    client.force_login(StaffFactory())
    url = reverse("office:repayment_from_follow_up", args=[report.pk])
    _asks(
        client.post(url),
        f"Du är på väg att kräva tillbaka {kr(400)} från Region Jämtland Härjedalen.",
        "Ett återkrav kan inte tas bort, bara sänkas eller skrivas av med ett eget beslut.",
    )
    assert not Repayment.objects.exists()
    client.post(url, CONFIRMED)
    assert report.repayments.get().amount == 400


def test_a_claim_for_a_missed_condition_asks_first_with_the_amount_left_to_claim(client):
    programme = ProgrammeFactory()
    part = programme.components.get()
    part.condition = "Regionen ska rapportera data om vårdplatser."
    part.save()
    _paid(programme, "23", 750_000)
    client.force_login(StaffFactory())
    url = reverse("office:repayment_for_condition", args=[programme.code])
    data = {"component": part.pk, "region": region("23").pk, "reason_text": "Inga data rapporterade.", "amount": ""}
    _asks(
        client.post(url, data),
        f"Du är på väg att kräva tillbaka {kr(750_000)} från Region Jämtland Härjedalen.",
        "Inga data rapporterade.",
    )
    assert not Repayment.objects.exists()
    client.post(url, {**data, **CONFIRMED})
    assert Repayment.objects.get().amount == 750_000


def test_a_new_claim_asks_first_and_can_go_back_to_the_form_as_filled_in(client):
    programme = ProgrammeFactory()
    _paid(programme, "23", 750_000)
    client.force_login(StaffFactory())
    url = reverse("office:repayment_create")
    data = {
        "programme": programme.pk,
        "region": region("23").pk,
        "component": "",
        "amount": "120000",
        "reason_text": "Medel använda till annat än avsett.",
        "due_date": "",
        "invoice_number": "",
    }
    html = _asks(
        client.post(url, data),
        f"Du är på väg att kräva tillbaka {kr(120_000)} från Region Jämtland Härjedalen.",
        ">Tillbaka och ändra</button>",
    )
    assert "Avbryt</a>" not in html
    assert not Repayment.objects.exists()
    back = client.post(url, {**data, "change": "1"}).content.decode()
    assert 'value="120000"' in back and "Medel använda till annat än avsett." in back
    assert "confirmation-heading" not in back
    assert not Repayment.objects.exists()
    response = client.post(url, {**data, **CONFIRMED})
    assert response.status_code == 302
    assert Repayment.objects.get().amount == 120_000


def test_recording_a_payment_on_a_claim_asks_first(client):
    claim = RepaymentFactory(region=region("23"), amount=100_000)
    client.force_login(StaffFactory())
    url = reverse("office:repayment_payment", args=[claim.pk])
    data = {"paid_on": "2022-03-01", "amount": "30000"}
    _asks(
        client.post(url, data),
        f"Du är på väg att registrera en inbetalning på {kr(30_000)} från Region Jämtland Härjedalen, "
        "betald 1 mars 2022.",
    )
    assert not RepaymentPayment.objects.exists()
    client.post(url, {**data, **CONFIRMED})
    assert RepaymentPayment.objects.get().amount == 30_000


@pytest.mark.parametrize(
    ("action", "expected", "after"),
    [
        ("adjust", f"sänka återkravet från Region Jämtland Härjedalen från {kr(100_000)} till {kr(60_000)}.", 60_000),
        ("cancel", f"skriva av {kr(100_000)} av återkravet från Region Jämtland Härjedalen.", 0),
    ],
)
def test_lowering_or_writing_off_a_claim_asks_first(client, action, expected, after):
    claim = RepaymentFactory(region=region("23"), amount=100_000)
    client.force_login(StaffFactory())
    url = reverse("office:repayment_adjust", args=[claim.pk])
    data = {"claimed_after": "60000", "reason": "Regionen har visat kostnader.", "action": action}
    _asks(client.post(url, data), f"Du är på väg att {expected}")
    assert not RepaymentAdjustment.objects.exists()
    client.post(url, {**data, **CONFIRMED})
    assert RepaymentAdjustment.objects.get().claimed_after == after


# --- closing a programme ----------------------------------------------------------------------------------------


def test_closing_a_programme_asks_first_naming_what_was_paid_and_what_goes_back(client):
    programme = programme_with_run("uppdamda-vardbehov-2022")
    pay_on_requisition(programme, {"23": 5_000_000, "01": 7_000_000})
    programme_own_costs_record(actor=StaffFactory(), programme=programme, amount=0, reason="Inga egna kostnader")
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="close_grantprogramme"))
    client.force_login(user)
    url = reverse("office:programme_close", args=[programme.code])
    _asks(
        client.post(url),
        f"Du är på väg att avsluta statsbidraget {programme.title} 2022: 2 regioner har fått {kr(12_000_000)}, "
        f"{kr(1_988_000_000)} återbetalas till Kammarkollegiet. Ekonomin låses.",
    )
    programme.refresh_from_db()
    assert programme.status == GrantProgramme.Status.PUBLISHED and programme.closing_account == {}
    client.post(url, CONFIRMED)
    programme.refresh_from_db()
    assert programme.status == GrantProgramme.Status.CLOSED
