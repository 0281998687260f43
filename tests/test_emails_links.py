"""Every e-mail the service sends links to the page it speaks about, by its full address, and states the amounts."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import resolve, reverse

from grants.links import absolute_url, deadline_url
from grants.models import Deadline, Requisition
from grants.services import (
    RequisitionInput,
    payout_batch_approve,
    payout_batch_mark_paid,
    payout_batch_prepare_from_requisitions,
    requisition_approve,
    requisition_reject,
    requisition_return,
    requisition_submit,
)
from grants.services.reminders import reminders_send_due
from reporting.services import FollowUpLineInput, follow_up_submit
from tests.factories import StaffFactory
from tests.factories_office import ApproverFactory
from tests.factories_portal import Role, member, programme_with_run, region

pytestmark = pytest.mark.django_db

SITE = "https://statsbidrag.example"
JAMTLAND = "23"
CODE = "uppdamda-vardbehov-2022"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def programme(db):
    return programme_with_run(CODE)


@pytest.fixture
def signer(db):
    return member(JAMTLAND, Role.AUTHORISED_REPRESENTATIVE, email="ombud@regionjh.example")


def _submit(programme, signer, amount=20_000_000):
    return requisition_submit(
        actor=signer,
        programme=programme,
        region=region(JAMTLAND),
        data=RequisitionInput(
            amounts={"invanare": amount},
            contact_name="Marie Norlén",
            contact_email="marie.norlen@regionjh.example",
            payment_method="bankgiro",
            payment_account="5050-1055",
            measure_ids=(programme.measures.first().pk,),
            confirmed=True,
        ),
    )


def _service_links(message) -> list[str]:
    """Return the links of a message into the service; fail if it has none, or a link outside it."""
    links = LINK.findall(message.body)
    assert links, f"no link in {message.subject!r}"
    for link in links:
        assert link.startswith(SITE + "/"), (message.subject, link)
        resolve(urlsplit(link).path)  # raises Resolver404 for an address the service does not have
    return links


def _opens(client, user, link) -> bool:
    client.force_login(user)
    return client.get(urlsplit(link).path).status_code == 200


def test_the_requisition_receipt_links_to_the_receipt(programme, signer, today, client, capture_mail):
    with capture_mail():
        _submit(programme, signer)
    (receipt,) = mail.outbox
    receipt_url = absolute_url("portal:requisition_receipt", JAMTLAND, CODE)
    assert _service_links(receipt) == [receipt_url]
    assert "Rekvirerat belopp: 20\u00a0000\u00a0000\u00a0kr" in receipt.body
    assert _opens(client, signer, receipt_url)


def test_the_approval_states_the_approved_amount_and_links_to_the_requisition(
    programme, signer, today, client, capture_mail
):
    requisition = _submit(programme, signer)
    mail.outbox.clear()
    with capture_mail():
        requisition_approve(actor=StaffFactory(), requisition=requisition)
    (approval,) = mail.outbox
    assert approval.subject.startswith("Er rekvisition är godkänd")
    assert "Godkänt belopp: 20\u00a0000\u00a0000\u00a0kr" in approval.body
    receipt_url = absolute_url("portal:requisition_receipt", JAMTLAND, CODE)
    assert _service_links(approval) == [receipt_url]
    assert _opens(client, signer, receipt_url)


def test_a_return_links_to_the_form_to_complete(programme, signer, today, client, capture_mail):
    requisition = _submit(programme, signer)
    mail.outbox.clear()
    with capture_mail():
        requisition_return(actor=StaffFactory(), requisition=requisition, message="Bankgironumret är fel.")
    (returned,) = mail.outbox
    form_url = absolute_url("portal:requisition_edit", JAMTLAND, CODE)
    assert _service_links(returned) == [form_url]
    assert "Rekvirerat belopp: 20\u00a0000\u00a0000\u00a0kr" in returned.body
    assert "skicka in den igen i e-tjänsten senast" in returned.body
    assert _opens(client, signer, form_url)
    assert Requisition.objects.get().status == Requisition.Status.RETURNED


def test_a_rejection_states_what_was_asked_for_and_links_to_the_requisition(programme, signer, today, capture_mail):
    requisition = _submit(programme, signer)
    mail.outbox.clear()
    with capture_mail():
        requisition_reject(actor=StaffFactory(), requisition=requisition, message="Ingen rätt till bidraget.")
    (rejection,) = mail.outbox
    assert "Rekvirerat belopp: 20\u00a0000\u00a0000\u00a0kr" in rejection.body
    assert _service_links(rejection) == [absolute_url("portal:requisition_receipt", JAMTLAND, CODE)]


def test_the_follow_up_receipt_links_to_the_report(programme, signer, today, payment_details, client, capture_mail):
    requisition = _submit(programme, signer)
    officer = StaffFactory()
    requisition_approve(actor=officer, requisition=requisition)
    batch = payout_batch_prepare_from_requisitions(actor=officer, programme=programme, payout_date=date(2022, 3, 31))
    approver = ApproverFactory()
    payout_batch_approve(actor=approver, batch=batch)
    payout_batch_mark_paid(actor=approver, batch=batch)
    today(date(2023, 1, 20))
    mail.outbox.clear()
    with capture_mail():
        follow_up_submit(
            actor=signer,
            programme=programme,
            region=region(JAMTLAND),
            lines=[FollowUpLineInput(activity="Hälsosamtal", amount_used=15_000_000)],
            results="1 200 hälsosamtal",
            relation_to_purpose="Minskade uppdämda behov",
        )
    (receipt,) = mail.outbox
    report_url = absolute_url("portal:follow_up_edit", JAMTLAND, CODE)
    assert _service_links(receipt) == [report_url]
    assert "Mottaget: 20\u00a0000\u00a0000\u00a0kr" in receipt.body
    assert "Ej använt (ska betalas tillbaka): 5\u00a0000\u00a0000\u00a0kr" in receipt.body
    assert _opens(client, signer, report_url)


def test_a_reminder_links_to_the_page_where_the_region_does_it(programme, signer, client):
    assert reminders_send_due(today=date(2022, 3, 10)) > 0  # five days before the requisition deadline
    (reminder,) = [m for m in mail.outbox if signer.email in m.to]
    form_url = absolute_url("portal:requisition_edit", JAMTLAND, CODE)
    assert _service_links(reminder) == [form_url]
    assert all(_service_links(message) for message in mail.outbox)


@pytest.mark.parametrize(
    ("kind", "page"),
    [
        (Deadline.Kind.REQUISITION, "portal:requisition_edit"),
        (Deadline.Kind.DATA_DELIVERY, "portal:monthly_overview"),
        (Deadline.Kind.FOLLOW_UP_REPORT, "portal:follow_up_edit"),
        (Deadline.Kind.REPAYMENT, "portal:programme_money"),
        (Deadline.Kind.INTERIM_REPORT, "portal:region_home"),
    ],
)
def test_each_kind_of_deadline_leads_to_its_own_page(kind, page):
    url = deadline_url(kind=kind, region_code=JAMTLAND, programme_code=CODE)
    assert url.startswith(SITE + "/region/23/")
    assert resolve(urlsplit(url).path).view_name == page


def test_a_survey_reminder_leads_to_the_survey_and_a_shared_survey_date_to_the_home_page():
    url = deadline_url(kind=Deadline.Kind.SURVEY, region_code=JAMTLAND, programme_code=CODE, survey_ids={7})
    assert url == SITE + reverse("portal:survey_answer", args=[JAMTLAND, 7])
    url = deadline_url(kind=Deadline.Kind.SURVEY, region_code=JAMTLAND, programme_code=CODE, survey_ids={7, 8})
    assert url == SITE + reverse("portal:region_home", args=[JAMTLAND])


def test_the_links_follow_the_site_address_setting(settings, programme, signer, today, capture_mail):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with capture_mail():
        _submit(programme, signer)
    assert "http://127.0.0.1:8000/region/23/uppdamda-vardbehov-2022/rekvisition/kvitto/" in mail.outbox[0].body


def test_invitations_and_password_resets_carry_a_full_link_too(client, signer, capture_mail):
    client.force_login(signer)
    data = {
        "first_name": "Per",
        "last_name": "Sundbrandt",
        "email": "per@regionjh.example",
        "role": "data_coordinator",
    }
    with capture_mail():
        client.post(reverse("portal:members", args=[JAMTLAND]), data)
    client.logout()
    client.post(reverse("password_reset"), {"email": signer.email})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        (link,) = LINK.findall(message.body)
        assert link.startswith("http://testserver/")  # the address the user came from
        resolve(urlsplit(link).path)


@pytest.fixture
def capture_mail(django_capture_on_commit_callbacks):
    """Send the e-mails a service queues for after its commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
