"""Forms of the back office; each binds what one service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import PaymentMethod, Region

from .deadlines import REGION_KINDS, State
from .fields import KronorField
from .models import Component, GrantProgramme, PayoutBatch
from .services.payouts import paid_on_fault

INPUT = {"class": "ds-input"}


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={**INPUT, "type": "date"}), **kwargs)


def _regions():
    return forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("code"),
        empty_label=_("Välj region"),
        widget=forms.Select(attrs=INPUT),
    )


class ReviewForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande till regionen"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 3}),
        help_text=_("Krävs när rekvisitionen skickas tillbaka för komplettering eller avslås."),
    )


class ReturnForm(ReviewForm):
    completion_due = _date(
        _("Sista dag för komplettering"),
        required=False,
        help_text=_("Regionen kan komplettera och skicka in rekvisitionen till och med detta datum."),
    )


class PayoutPrepareForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Underlag"), choices=PayoutBatch.Source.choices, widget=forms.RadioSelect, initial="requisitions"
    )
    payout_date = _date(_("Utbetalningsdag"))
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT))


class MarkPaidForm(forms.Form):
    """The day an approved payout decision was paid, checked as the service checks it."""

    paid_on = _date(
        _("Utbetalningsdag"),
        help_text=_("Dagen då pengarna betalades ut: tidigast beslutets utbetalningsdag och senast i dag."),
        error_messages={
            "required": _("Ange utbetalningsdag: dagen då pengarna betalades ut."),
            "invalid": _("Utbetalningsdag: skriv datumet som ÅÅÅÅ-MM-DD."),
        },
    )

    def __init__(self, *args, batch: PayoutBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        fault = paid_on_fault(self.batch, paid_on)
        if fault:
            raise forms.ValidationError(fault)
        return paid_on


class RepaymentForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Statsbidrag"),
        queryset=GrantProgramme.objects.exclude(status=GrantProgramme.Status.CLOSED),
        empty_label=_("Välj statsbidrag"),
        widget=forms.Select(attrs=INPUT),
    )
    region = _regions()
    component = forms.ModelChoiceField(
        label=_("Del"),
        queryset=Component.objects.select_related("programme"),
        required=False,
        empty_label=_("Hela statsbidraget"),
        widget=forms.Select(attrs=INPUT),
        help_text=_("Välj delen om återkravet gäller en del; högst det som har betalats ut för den."),
    )
    amount = KronorField(label=_("Belopp (kr)"), min_value=1)
    reason_text = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    due_date = _date(
        _("Förfallodag"),
        required=False,
        help_text=_(
            "Tomt: beslutets sista dag för återbetalning om den inte har passerat, annars 30 dagar från i dag."
        ),
    )
    invoice_number = forms.CharField(
        label=_("Fakturanummer"), max_length=40, required=False, widget=forms.TextInput(attrs=INPUT)
    )

    def __init__(self, *args, programme_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme_id and str(programme_id).isdigit():
            self.fields["programme"].initial = int(programme_id)
            self.fields["component"].queryset = Component.objects.filter(programme_id=programme_id).select_related(
                "programme"
            )
        self.fields["component"].label_from_instance = lambda c: (
            f"{c.programme.title} {c.programme.budget_year}: {c.name}"
        )

    def clean(self):
        data = super().clean()
        component, programme = data.get("component"), data.get("programme")
        if component is not None and programme is not None and component.programme_id != programme.pk:
            self.add_error("component", _("Delen hör inte till det valda statsbidraget."))
        return data


class ConditionRepaymentForm(forms.Form):
    component = forms.ModelChoiceField(
        label=_("Villkorad del"),
        queryset=Component.objects.none(),
        empty_label=_("Välj del"),
        widget=forms.Select(attrs=INPUT),
    )
    region = _regions()
    reason_text = forms.CharField(
        label=_("Skäl"),
        widget=forms.Textarea(attrs={**INPUT, "rows": 3}),
        help_text=_("Vilket villkor regionen inte har uppfyllt och hur det har konstaterats."),
    )
    amount = KronorField(
        label=_("Belopp (kr)"),
        min_value=1,
        required=False,
        help_text=_("Tomt: allt som har betalats ut för delen och inte redan är återkrävt."),
    )

    def __init__(self, *args, programme: GrantProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = programme.components.exclude(condition="")


class RepaymentAdjustForm(forms.Form):
    claimed_after = KronorField(
        label=_("Nytt belopp att återkräva (kr)"),
        min_value=0,
        required=False,
        help_text=_("Används när återkravet sänks, inte vid avskrivning."),
    )
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={**INPUT, "rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("claimed_after") is None and "claimed_after" not in self.errors:
            data["claimed_after"] = -1  # the service refuses it with a message naming the lowest allowed amount
        return data


class OwnCostsForm(forms.Form):
    amount = KronorField(label=_("Använda förvaltningsmedel (kr)"), min_value=0)
    reason = forms.CharField(
        label=_("Underlag"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Till exempel verifikationsnummer eller rapport ur ekonomisystemet."),
    )


class PaymentDetailsForm(forms.Form):
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=13,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
        help_text=_("Tio siffror, till exempel 232100-0016."),
    )
    payment_method = forms.ChoiceField(
        label=_("Betalningssätt"), choices=PaymentMethod.choices, widget=forms.RadioSelect
    )
    payment_account = forms.CharField(
        label=_("Bankgiro- eller plusgironummer"),
        max_length=20,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Underlag för ändringen"),
        max_length=300,
        widget=forms.TextInput(attrs=INPUT),
        help_text=_("Till exempel regionens intyg om bankgiro eller ett beslut."),
    )


class InvoiceForm(forms.Form):
    invoice_number = forms.CharField(label=_("Fakturanummer"), max_length=40, widget=forms.TextInput(attrs=INPUT))
    due_date = _date(_("Förfallodag"))


class RepaymentPaymentForm(forms.Form):
    paid_on = _date(_("Betalningsdag"))
    amount = KronorField(label=_("Belopp (kr)"), min_value=1)


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
