from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Region

INPUT = {"class": "ds-input"}


class ApplicationForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        empty_label=_("Välj den region du ska företräda"),
        widget=forms.Select(attrs=INPUT),
    )
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, widget=forms.TextInput(attrs=INPUT))
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, widget=forms.TextInput(attrs=INPUT))
    email = forms.EmailField(label=_("E-post i tjänsten"), widget=forms.EmailInput(attrs=INPUT))
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False, widget=forms.TextInput(attrs=INPUT))
    document = forms.FileField(
        label=_("Behörighetshandling"),
        help_text=_(
            "Ett vidimerat utdrag ur regionens delegationsordning eller ett undertecknat intyg (PDF, PNG eller "
            "JPEG, högst 10 MB)."
        ),
    )
    message = forms.CharField(
        label=_("Meddelande till Socialstyrelsen"), widget=forms.Textarea(attrs={**INPUT, "rows": 3}), required=False
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Besked till sökanden"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Krävs när du begär komplettering eller avslår: vad som saknas, eller skälet."),
    )
