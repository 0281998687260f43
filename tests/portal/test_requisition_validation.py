"""A requisition names every problem at once, and the signer's declaration is never ticked in advance."""

import pytest
from django.core.exceptions import ValidationError

from grants.models import Requisition
from grants.services import RequisitionInput, requisition_problems, requisition_submit
from tests.factories_portal import member, region

from .test_requisitions import JAMTLAND, JAMTLAND_2022, complete

pytestmark = pytest.mark.django_db


def test_every_problem_of_a_submission_is_named_at_once(programme_2022, today):
    bad = RequisitionInput(
        **{
            **complete(programme_2022, amount=JAMTLAND_2022 + 1).__dict__,
            "payment_account": "5050-1056",  # wrong check digit
            "measure_ids": (),
        }
    )
    with pytest.raises(ValidationError) as refused:
        requisition_submit(actor=member(JAMTLAND), programme=programme_2022, region=region(JAMTLAND), data=bad)
    assert set(refused.value.message_dict) == {"amount_invanare", "payment_account", "measures"}
    assert not Requisition.objects.exists()
    assert set(requisition_problems(programme=programme_2022, region=region(JAMTLAND), data=bad)) == {
        "amount_invanare",
        "payment_account",
        "measures",
    }
    assert requisition_problems(programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)) == {}


def test_the_form_shows_a_typing_error_and_the_services_problems_in_one_round(client, programme_2022, today):
    from django.urls import reverse

    from .test_requisitions import form_data

    client.force_login(member(JAMTLAND))
    url = reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])
    data = form_data(programme_2022, contact_email="inte-en-adress", payment_account="5050-1056", measures=[])
    html = client.post(url, data).content.decode()
    assert "Fyll i en giltig e-postadress." in html  # the form's own check
    assert "Välj minst en insats som regionen planerar." in html  # the service's, in the same round
    assert "kontrollsiffra" in html.lower()  # the bankgiro's check digit
    assert not Requisition.objects.exists()


def test_the_declaration_is_never_ticked_when_the_form_opens(client, programme_2022, today):
    from django.urls import reverse

    from grants.services import requisition_save_draft

    signer = member(JAMTLAND)
    requisition_save_draft(
        actor=signer, programme=programme_2022, region=region(JAMTLAND), data=complete(programme_2022)
    )
    assert Requisition.objects.get().confirmed  # the draft remembers it ...
    client.force_login(signer)
    html = client.get(reverse("portal:requisition_edit", args=[JAMTLAND, programme_2022.code])).content.decode()
    box = html[html.index('name="confirmed"') - 200 : html.index('name="confirmed"') + 200]
    assert "checked" not in box  # ... but the signer ticks it again each time
