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
