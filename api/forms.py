from django import forms

from regions.models import Organisation, Region

INPUT = {"class": "ds-input"}


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        empty_label="Välj organisation",
        widget=forms.Select(attrs=INPUT),
    )
    name = forms.CharField(
        label="Benämning",
        max_length=100,
        help_text="T.ex. namnet på systemet som ska använda nyckeln.",
        widget=forms.TextInput(attrs=INPUT),
    )
    regions = forms.ModelMultipleChoiceField(
        label="Regioner nyckeln får leverera och läsa för",
        queryset=Region.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Bara regioner som organisationen får leverera för.",
    )
