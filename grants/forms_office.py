"""Forms of the back office; each binds what one service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .deadlines import REGION_KINDS, State
from .models import Component, GrantProgramme, PayoutBatch

INPUT = {"class": "ds-input"}


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={**INPUT, "type": "date"}), **kwargs)


def _regions():
    return forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("code"), widget=forms.Select(attrs=INPUT)
    )


class ReviewForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande till regionen"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 3}),
        help_text=_("Krävs när rekvisitionen skickas tillbaka för komplettering eller avslås."),
    )


class PayoutPrepareForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Underlag"), choices=PayoutBatch.Source.choices, widget=forms.RadioSelect, initial="requisitions"
    )
    payout_date = _date(_("Utbetalningsdag"))
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT))


class RepaymentForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Statsbidrag"), queryset=GrantProgramme.objects.all(), widget=forms.Select(attrs=INPUT)
    )
    region = _regions()
    amount = forms.IntegerField(label=_("Belopp (kr)"), min_value=1, widget=forms.NumberInput(attrs=INPUT))
    reason_text = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    due_date = _date(_("Förfallodag"), required=False, help_text=_("Tomt: statsbidragets återbetalningsdag."))
    invoice_number = forms.CharField(
        label=_("Fakturanummer"), max_length=40, required=False, widget=forms.TextInput(attrs=INPUT)
    )


class ConditionRepaymentForm(forms.Form):
    component = forms.ModelChoiceField(
        label=_("Villkorad del"), queryset=Component.objects.none(), widget=forms.Select(attrs=INPUT)
    )
    region = _regions()

    def __init__(self, *args, programme: GrantProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = programme.components.exclude(condition="")


class InvoiceForm(forms.Form):
    invoice_number = forms.CharField(label=_("Fakturanummer"), max_length=40, widget=forms.TextInput(attrs=INPUT))
    due_date = _date(_("Förfallodag"))


class RepaymentPaymentForm(forms.Form):
    paid_on = _date(_("Betalningsdag"))
    amount = forms.IntegerField(label=_("Belopp (kr)"), min_value=1, widget=forms.NumberInput(attrs=INPUT))


class MatrixFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False, widget=forms.Select(attrs=INPUT))
    kind = forms.ChoiceField(
        label=_("Slag"),
        choices=[("", _("Alla slag"))] + [(k.value, k.label) for k in REGION_KINDS],
        required=False,
        widget=forms.Select(attrs=INPUT),
    )
    state = forms.ChoiceField(
        label=_("Visa regioner med"),
        choices=[("", _("Alla")), (State.OVERDUE, _("Något försenat")), (State.SOON, _("Något som snart ska in"))],
        required=False,
        widget=forms.Select(attrs=INPUT),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Alla regioner"))] + [(r.code, r.short_name) for r in regions]


class ExtensionForm(forms.Form):
    region = _regions()
    kind = forms.ChoiceField(
        label=_("Slag"), choices=[(k.value, k.label) for k in REGION_KINDS], widget=forms.Select(attrs=INPUT)
    )
    until = _date(_("Förlängt till och med"))
    reason = forms.CharField(label=_("Skäl"), max_length=300, widget=forms.TextInput(attrs=INPUT))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:  # the page has the regions already: no query to list them
            self.fields["region"].choices = [(r.pk, r.short_name) for r in regions]
