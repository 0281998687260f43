"""Amounts in kronor are typed and shown as people write them: "15 000 000", "15 000 000 kr"."""

import pytest
from django import forms

from grants.fields import KronorField


class AmountForm(forms.Form):
    amount = KronorField(label="Belopp (kr)", min_value=0, max_value=10**12)


@pytest.mark.parametrize(
    "typed",
    ["15000000", "15 000 000", "15\u00a0000\u00a0000", "15\u202f000\u202f000", " 15 000 000 kr ", "15 000 000 kronor"],
)
def test_spaces_between_digit_groups_and_a_trailing_kr_are_accepted(typed):
    form = AmountForm(data={"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 15_000_000


@pytest.mark.parametrize("typed", ["15,5", "15.000.000,50", "femton", "15 000 000 euro"])
def test_anything_but_whole_kronor_is_refused_with_a_swedish_example(typed):
    form = AmountForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Ange ett belopp i hela kronor, till exempel 15 000 000."]


def test_a_negative_amount_is_still_checked_against_the_lowest_allowed():
    form = AmountForm(data={"amount": "−5 000"})
    assert not form.is_valid()
    assert "större än eller lika med 0" in form.errors["amount"][0]


def test_an_amount_is_shown_with_digit_groups_in_a_text_box():
    html = str(AmountForm(initial={"amount": 25_231_800})["amount"])
    assert 'value="25\u00a0231\u00a0800"' in html
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_help_text_is_what_the_field_says_it_is_described_by(client):
    from django.template.loader import render_to_string

    html = render_to_string(
        "includes/form_fields.html",
        {"form": type("F", (forms.Form,), {"amount": KronorField(help_text="Hela kr.")})()},
    )
    assert 'aria-describedby="id_amount_helptext"' in html and 'id="id_amount_helptext"' in html
