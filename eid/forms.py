from django import forms

from regions.models import Region

INPUT = {"class": "ds-input"}


class ApplicationForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.order_by("name"),
        empty_label="Välj den region du ska företräda",
        widget=forms.Select(attrs=INPUT),
    )
    first_name = forms.CharField(label="Förnamn", max_length=150, widget=forms.TextInput(attrs=INPUT))
    last_name = forms.CharField(label="Efternamn", max_length=150, widget=forms.TextInput(attrs=INPUT))
    email = forms.EmailField(label="E-post i tjänsten", widget=forms.EmailInput(attrs=INPUT))
    phone = forms.CharField(label="Telefon", max_length=40, required=False, widget=forms.TextInput(attrs=INPUT))
    document = forms.FileField(
        label="Behörighetshandling",
        help_text="Ett vidimerat utdrag ur regionens delegationsordning eller ett undertecknat intyg (PDF, PNG eller "
        "JPEG, högst 10 MB).",
    )
    message = forms.CharField(
        label="Meddelande till Socialstyrelsen", widget=forms.Textarea(attrs={**INPUT, "rows": 3}), required=False
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Besked till sökanden",
        widget=forms.Textarea,
        required=False,
        help_text="Krävs när du begär komplettering eller avslår: vad som saknas, eller skälet.",
    )
