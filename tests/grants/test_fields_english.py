"""With English active, amounts in kronor are also typed and shown the English way: "15,000,000", "SEK 15,000,000"."""

import pytest
from django import forms
from django.utils.translation import override

from grants.fields import KronorField


class AmountForm(forms.Form):
    amount = KronorField(min_value=0, max_value=10**12)


@pytest.mark.parametrize(
    "typed",
    [
        "15,000,000",
        "SEK 15,000,000",
        "SEK\u00a015,000,000",
        "sek15,000,000",
        "15,000,000 SEK",
        "15 000 000",
        "15000000",
    ],
)
def test_english_digit_groups_and_currency_are_accepted(typed):
    with override("en"):
        form = AmountForm(data={"amount": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 15_000_000


@pytest.mark.parametrize("typed", ["15,5", "1,50,000", "15,000.50", "SEK fifteen"])
def test_commas_that_are_not_digit_groups_are_refused(typed):
    with override("en"):
        form = AmountForm(data={"amount": typed})
        assert not form.is_valid()


def test_a_negative_english_amount_is_still_checked_against_the_lowest_allowed():
    with override("en"):
        form = AmountForm(data={"amount": "\u2212SEK 5,000"})
        assert not form.is_valid()
        assert "min_value" in [error.code for error in form.errors.as_data()["amount"]]


def test_swedish_input_is_unchanged():
    with override("sv"):
        assert AmountForm(data={"amount": "15 000 000 kr"}).is_valid()
        assert not AmountForm(data={"amount": "15,000,000"}).is_valid()
        assert not AmountForm(data={"amount": "SEK 15 000 000"}).is_valid()


def test_an_amount_is_shown_with_english_digit_groups():
    with override("en"):
        html = str(AmountForm(initial={"amount": 25_231_800})["amount"])
    assert 'value="25,231,800"' in html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_loader_message_lands_on_the_field_of_its_key_in_either_language(language):
    from django.utils.translation import gettext

    from grants.forms_authoring import add_definition_error

    class PartForm(forms.Form):
        rounding_unit = forms.IntegerField()
        amount = forms.IntegerField()

    with override(language):
        message = gettext("%(file)s: rad %(line)s, nyckeln %(key)s: %(message)s") % {
            "file": gettext("formuläret"),
            "line": 7,
            "key": "components[0].rounding.unit",
            "message": "1 000",
        }
        form = PartForm(data={})
        form.is_valid()
        add_definition_error(form, message)
    assert form.errors["rounding_unit"][-1] == "1 000"
    assert "__all__" not in form.errors
