from django import forms
from django.utils.translation import gettext_lazy as _

MAX_POPULATION_FILE = 2 * 1024 * 1024


class PopulationImportForm(forms.Form):
    reference_date = forms.DateField(
        label=_("Referensdatum"),
        help_text=_("Oftast 1 november, skriv ÅÅÅÅ-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(label=_("Källa"), max_length=200, help_text=_("T.ex. SCB, folkmängd 1 november 2024."))
    file = forms.FileField(
        label=_("Fil (Excel eller CSV)"),
        help_text=_("Två kolumner: region (valfri känd stavning) och befolkning. En rubrikrad är tillåten."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_POPULATION_FILE:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        return upload


class DefinitionReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Krävs när statsbidraget redan är publicerat, t.ex. ”Ändringsbeslut S2026/01234”. Ändringen blir en ny "
            "version. Ett utkast ändras utan skäl."
        ),
    )


class DefinitionUploadForm(DefinitionReasonMixin):
    field_order = ["file", "reason"]

    file = forms.FileField(
        label=_("Definitionsfil (TOML)"),
        help_text=_("Beslutet beskrivet som en definitionsfil (se hjälpen ovan). Ingenting sparas om filen har fel."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_POPULATION_FILE:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        try:
            return upload.name, upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Filen är inte en textfil i UTF-8.")) from error
