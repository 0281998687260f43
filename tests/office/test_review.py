"""Requisition review: approve, return for completion, reject; compare-and-set from "submitted"."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from grants.models import Requisition
from grants.services import requisition_approve, requisition_reject, requisition_return
from tests.factories import StaffFactory, UserFactory
from tests.factories_office import MembershipFactory, RequisitionFactory

pytestmark = pytest.mark.django_db


def test_approving_a_submitted_requisition_records_who_and_when_in_the_history():
    officer = StaffFactory()
    requisition = RequisitionFactory()
    requisition_approve(actor=officer, requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.APPROVED
    assert requisition.reviewed_by == officer
    latest = requisition.history.first()
    assert latest.status == Requisition.Status.APPROVED
    assert latest.history_user == officer


def test_a_returned_requisition_can_be_resubmitted_and_then_approved(django_capture_on_commit_callbacks):
    officer = StaffFactory()
    requisition = RequisitionFactory()
    MembershipFactory(region=requisition.region, user__email="ombud@region.example")
    with django_capture_on_commit_callbacks(execute=True):
        requisition_return(actor=officer, requisition=requisition, message="Betalningsuppgifterna saknas.")
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.RETURNED
    assert requisition.review_message == "Betalningsuppgifterna saknas."
    assert mail.outbox[0].subject.startswith("Er rekvisition behöver kompletteras")
    assert set(mail.outbox[0].to) == {"ombud@region.example", requisition.contact_email}
    assert "Betalningsuppgifterna saknas." in mail.outbox[0].body

    # The portal's submit service moves "returned" back to "submitted"; here the region resubmits directly.
    Requisition.objects.filter(pk=requisition.pk).update(status=Requisition.Status.SUBMITTED)
    requisition_approve(actor=officer, requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.APPROVED


def test_returning_needs_a_message_for_the_region():
    with pytest.raises(ValidationError, match="komplettera"):
        requisition_return(actor=StaffFactory(), requisition=RequisitionFactory(), message="  ")


def test_a_requisition_cannot_be_reviewed_twice():
    requisition = RequisitionFactory()
    requisition_reject(actor=StaffFactory(), requisition=requisition, message="Inkom efter tidsfristen.")
    with pytest.raises(ValidationError, match="inte inskickad"):
        requisition_approve(actor=StaffFactory(), requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.REJECTED


def test_a_draft_cannot_be_approved():
    requisition = RequisitionFactory(status=Requisition.Status.DRAFT)
    with pytest.raises(ValidationError):
        requisition_approve(actor=StaffFactory(), requisition=requisition)


def test_only_staff_review_requisitions():
    with pytest.raises(ValidationError, match="handläggare"):
        requisition_approve(actor=UserFactory(), requisition=RequisitionFactory())


def test_the_history_shows_when_a_requisition_was_reviewed_as_a_swedish_local_time():
    from datetime import UTC, datetime

    from grants.dates import swedish_datetime
    from grants.history import history_entries

    assert swedish_datetime(datetime(2026, 12, 1, 13, 30, 5, 873830, tzinfo=UTC)) == "1 december 2026 kl. 14:30"
    assert swedish_datetime(datetime(2026, 7, 1, 22, 5, tzinfo=UTC)) == "2 juli 2026 kl. 00:05"  # summer time
    requisition = RequisitionFactory()
    requisition_approve(actor=StaffFactory(), requisition=requisition)
    requisition.refresh_from_db()
    newest = history_entries(requisition.history.all())[0]
    reviewed = next(change for change in newest.changes if change.label == "granskad")
    assert reviewed.new == swedish_datetime(requisition.reviewed_at)
    assert " kl. " in reviewed.new and "+00:00" not in reviewed.new


def test_after_a_resubmission_staff_see_what_changed_since_the_submission_before(today):
    from datetime import date

    from grants.history import changes_since
    from grants.services import RequisitionInput, requisition_submit
    from tests.factories_portal import member, programme_with_run, region

    programme_2022 = programme_with_run("uppdamda-vardbehov-2022")
    today(date(2022, 3, 1))
    first, second = programme_2022.measures.order_by("pk")[:2]
    signer = member("23")
    data = RequisitionInput(
        amounts={"invanare": 20_000_000},
        contact_name="Marie",
        contact_email="m@jh.example",
        payment_method="bankgiro",
        payment_account="5050-1055",
        measure_ids=(first.pk,),
        confirmed=True,
    )
    requisition = requisition_submit(actor=signer, programme=programme_2022, region=region("23"), data=data)
    records = list(requisition.history.all())
    mark, changes = changes_since(
        records, field_name="status", value="submitted", m2m=(("measures", "measure", "name"),)
    )
    assert mark is not None and changes == []  # one submission: nothing changed since

    requisition_return(actor=StaffFactory(), requisition=requisition, message="Fel bankgiro.")
    changed = RequisitionInput(
        **{**data.__dict__, "payment_account": "5402-9681", "measure_ids": (first.pk, second.pk)}
    )
    requisition_submit(actor=signer, programme=programme_2022, region=region("23"), data=changed)
    records = list(requisition.history.all())
    mark, changes = changes_since(
        records, field_name="status", value="submitted", m2m=(("measures", "measure", "name"),)
    )
    by_label = {change.label: (change.old, change.new) for change in changes}
    assert by_label["bankgiro- eller plusgironummer"] == ("5050-1055", "5402-9681")
    assert by_label["planerade insatser"] == (first.name, "; ".join(sorted([first.name, second.name])))
    assert "status" not in by_label and "inskickad" not in by_label


def test_the_requisition_page_shows_what_a_resubmission_changed(client, today):
    from datetime import date

    from django.urls import reverse

    from grants.services import RequisitionInput, requisition_submit
    from tests.factories_portal import member, programme_with_run, region

    programme = programme_with_run("uppdamda-vardbehov-2022")
    today(date(2022, 3, 1))
    first, second = programme.measures.order_by("pk")[:2]
    data = RequisitionInput(
        amounts={"invanare": 20_000_000},
        contact_name="Marie",
        contact_email="m@jh.example",
        payment_method="bankgiro",
        payment_account="5050-1055",
        measure_ids=(first.pk,),
        confirmed=True,
    )
    signer = member("23")
    requisition = requisition_submit(actor=signer, programme=programme, region=region("23"), data=data)
    client.force_login(StaffFactory())
    url = reverse("office:requisition_detail", args=[requisition.pk])
    assert "Inget har ändrats sedan dess." in client.get(url).content.decode()

    requisition_return(actor=StaffFactory(), requisition=requisition, message="Fel bankgiro.")
    changed = RequisitionInput(
        **{**data.__dict__, "payment_account": "5402-9681", "measure_ids": (first.pk, second.pk)}
    )
    requisition_submit(actor=signer, programme=programme, region=region("23"), data=changed)
    html = client.get(url).content.decode()
    assert "Ändrat sedan förra inskickningen" in html and "Inget har ändrats" not in html
    assert "<del>5050-1055</del> → 5402-9681" in html
    assert f"Planerade insatser: <del>{first.name}</del>" in html
