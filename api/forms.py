from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Organisation, Region

INPUT = {"class": "ds-input"}


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("Välj organisation"),
        widget=forms.Select(attrs=INPUT),
    )
    name = forms.CharField(
        label=_("Benämning"),
        max_length=100,
        help_text=_("T.ex. namnet på systemet som ska använda nyckeln."),
        widget=forms.TextInput(attrs=INPUT),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regioner nyckeln får leverera och läsa för"),
        queryset=Region.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bara regioner som organisationen får leverera för."),
    )
