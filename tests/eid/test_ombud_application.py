"""Becoming the ombud, end to end: e-identification, the application with proof, staff's review, the new ombud."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eid.models import OmbudApplication
from regions.models import Membership
from tests.factories import StaffFactory
from tests.factories_office import region
from tests.factories_portal import member

from .idp import TestIdentityProvider

pytestmark = pytest.mark.django_db

PERSON = "190002029876"  # fictional
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def idp(tmp_path, settings):
    provider = TestIdentityProvider(tmp_path, "http://testserver")
    settings.SAML_CONFIG = provider.sp_config
    return provider


def _e_identify(client, idp, number=PERSON, mail_address="ny.ombud@regionjh.example"):
    start = client.get(reverse("saml2_login"), {"next": "/"})
    return client.post(reverse("saml2_acs"), idp.respond(start.url, number=number, mail=mail_address))


def _apply(client, **extra):
    data = {
        "region": region("23").pk,
        "first_name": "Nora",
        "last_name": "Nyström",
        "email": "ny.ombud@regionjh.example",
        "phone": "063-14 75 00",
        "document": SimpleUploadedFile("delegationsordning.pdf", PDF, content_type="application/pdf"),
        **extra,
    }
    return client.post(reverse("eid:application"), data)


@pytest.fixture
def decide(staff_client, django_capture_on_commit_callbacks):
    """Post staff's decision; the e-mail to the applicant goes after commit."""

    def post(application, action, message=""):
        with django_capture_on_commit_callbacks(execute=True):
            url = reverse("ombud:review", args=[application.pk])
            return staff_client.post(url, {"action": action, "message": message})

    return post


@pytest.fixture
def staff_client():
    staff = Client()
    staff.force_login(StaffFactory(first_name="Hanna"))
    return staff


def test_from_e_identification_through_completion_to_approval_and_sign_in_as_ombud(client, idp, staff_client, decide):
    refused = _e_identify(client, idp)
    assert refused.status_code == 403 and reverse("eid:application") in refused.content.decode()
    form = client.get(reverse("eid:application"))
    assert form.context["form"].initial["email"] == "ny.ombud@regionjh.example"
    not_a_document = _apply(client, document=SimpleUploadedFile("intyg.exe", b"MZ\x90\x00"))
    assert "PDF-fil eller en bild" in not_a_document.content.decode()
    assert _apply(client).status_code == 302
    application = OmbudApplication.objects.get()
    assert application.status == "submitted" and PERSON not in application.identity_digest

    document = staff_client.get(reverse("ombud:document", args=[application.pk]))
    assert document.content == PDF and document["Content-Type"] == "application/pdf"
    decide(application, "completion", "Utdraget ska vara vidimerat.")
    assert "Utdraget ska vara vidimerat." in mail.outbox[-1].body

    _e_identify(client, idp)  # comes back later, signs in again and completes
    page = client.get(reverse("eid:application")).content.decode()
    assert "Utdraget ska vara vidimerat." in page and "Komplettera ansökan" in page
    _apply(client, message="Vidimerat utdrag bifogat.")
    application.refresh_from_db()
    assert application.status == "submitted" and OmbudApplication.objects.count() == 1

    decide(application, "approve")
    membership = Membership.objects.get(user__email="ny.ombud@regionjh.example")
    assert (membership.region.code, membership.role) == ("23", Membership.Role.AUTHORISED_REPRESENTATIVE)
    answer = _e_identify(client, idp)
    assert answer.status_code == 302
    assert client.get("/region/23/anvandare/").status_code == 200  # the ombud invites and removes the others


def test_a_rejected_applicant_sees_the_reason_and_gets_no_access(client, idp, staff_client, decide):
    _e_identify(client, idp)
    _apply(client)
    application = OmbudApplication.objects.get()
    assert "Skriv skälet" in decide(application, "reject").content.decode()
    decide(application, "reject", "Intyget är inte undertecknat av regionstyrelsen.")
    assert "inte undertecknat" in mail.outbox[-1].body
    again = _e_identify(client, idp)
    assert again.status_code == 403
    assert "inte undertecknat" in client.get(reverse("eid:application")).content.decode()
    assert not Membership.objects.filter(user__email="ny.ombud@regionjh.example").exists()


def test_an_approved_application_replaces_the_regions_ombud(client, idp, staff_client, decide):
    old = member("23", email="gammalt.ombud@regionjh.example")
    _e_identify(client, idp)
    _apply(client)
    application = OmbudApplication.objects.get()
    decide(application, "approve")
    old.membership.refresh_from_db()
    assert old.membership.role == Membership.Role.REPRESENTATIVE
    ombud = Membership.objects.filter(region__code="23", role=Membership.Role.AUTHORISED_REPRESENTATIVE)
    assert [m.user.email for m in ombud] == ["ny.ombud@regionjh.example"]
    application.refresh_from_db()
    assert application.replaced == old
    assert (
        "tidigare ombud" in staff_client.get(reverse("ombud:review", args=[application.pk])).content.decode().lower()
    )


def test_the_application_needs_a_fresh_e_identification_and_staff_pages_need_staff(client):
    assert client.get(reverse("eid:application")).status_code == 403
    client.force_login(member("23"))
    assert client.get(reverse("ombud:review_list")).status_code == 403
