"""Forms that write a programme without a definition file.

A form never saves a model itself: its values are put into the programme's definition (`definition_export`),
written as TOML and loaded by `programme_load_definition`, so a form and an uploaded file meet the very same checks
and a published programme changes only by a new version with a reason. The loader's message names a key
("components[2].amount"); `add_definition_error` puts it on the field that holds that key.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .fields import KronorField
from .forms import DefinitionReasonMixin
from .models import Component, GrantProgramme
from .rules import SCHEMAS

BLANK = [("", _("– Välj –"))]


def _style(form: forms.Form) -> None:
    """Give every field the design system's input look; dates get the browser's date picker."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "checkbox-columns")
            continue
        widget.attrs.setdefault("class", "ds-input")
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("code").values_list("code", "short_name"))


class CopyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    code = forms.SlugField(
        label=_("Kortkod för det nya statsbidraget"),
        max_length=60,
        help_text=_("Används i adresser, t.ex. vardplatser-2026. Små bokstäver, siffror och bindestreck."),
    )
    title = forms.CharField(label=_("Titel"), max_length=300)
    budget_year = forms.IntegerField(label=_("Budgetår"), min_value=2000, max_value=2100)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if GrantProgramme.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Det finns redan ett statsbidrag med den kortkoden."))
        return code


class ProgrammeForm(DefinitionReasonMixin):
    title = forms.CharField(label=_("Titel"), max_length=300)
    decision_reference = forms.CharField(label=_("Diarienummer"), max_length=40, required=False)
    decision_date = forms.DateField(label=_("Beslutsdatum"), required=False, help_text=_("ÅÅÅÅ-MM-DD"))
    budget_year = forms.IntegerField(label=_("Budgetår"), min_value=2000, max_value=2100)
    frame = KronorField(label=_("Ram (kr)"))
    admin_allowance = KronorField(label=_("Förvaltningsmedel (kr)"), required=False)
    expenditure_area = forms.CharField(label=_("Utgiftsområde"), max_length=200, required=False)
    appropriation = forms.CharField(label=_("Anslag"), max_length=200, required=False)
    appropriation_item = forms.CharField(label=_("Anslagspost"), max_length=200, required=False)
    usage_start = forms.DateField(label=_("Medlen får användas från"), required=False, help_text=_("ÅÅÅÅ-MM-DD"))
    usage_end = forms.DateField(label=_("Medlen får användas till och med"), required=False)
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(
        label=_("Källa"),
        max_length=300,
        required=False,
        help_text=_("Beslutet med diarienummer och bilaga, t.ex. ”Regeringsbeslut S2026/01234 med bilaga 1”."),
    )
    recipients = forms.MultipleChoiceField(
        label=_("Mottagande regioner"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryssa inga för alla 21 regioner."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = region_choices()
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])
        _style(self)

    @classmethod
    def initial_for(cls, programme: GrantProgramme) -> dict:
        return {name: getattr(programme, name) for name in cls.base_fields if name != "reason"}

    def head(self) -> dict:
        """Return the [programme] table's values from the form (empty optional values left out)."""
        data = self.cleaned_data
        head = {
            name: data[name]
            for name in self.base_fields
            if name not in ("reason", "recipients") and data.get(name) not in (None, "")
        }
        head["admin_allowance"] = data.get("admin_allowance") or 0
        if data["recipients"]:
            names = dict(region_choices())
            head["recipients"] = [names[code] for code in sorted(data["recipients"])]
        return head


# How each rule parameter is typed in a form: (kind, Swedish label, help).
PARAMETERS = {
    "population_date": ("date", _("Befolkning per"), _("Datum för befolkningssiffrorna, ÅÅÅÅ-MM-DD.")),
    "ranking_population_date": ("date", _("Befolkning för rangordning per"), _("ÅÅÅÅ-MM-DD.")),
    "year": ("int", _("Mätår"), ""),
    "baseline_year": ("int", _("Jämförelseår"), ""),
    "months": ("months", _("Mätmånader"), _("Månadsnummer åtskilda av komma, t.ex. 2, 3, 4.")),
    "improvement": ("decimal", _("Krav på förbättring"), _("Som decimaltal med punkt: 0.005 är 0,5 procent.")),
    "top_n": ("int", _("Antal regioner i topplistan"), _("Tomt: 5.")),
    "requirements": (
        "requirements",
        _("Prestationskrav"),
        _("Ett krav per rad: kod; namn; indikator; belopp i kronor."),
    ),
    "final": ("bool", _("Mätperioden är avslutad"), _("Tomt: avslutad när alla månader har data.")),
    "tariffs": ("int_map", _("Ersättning per operation (kr)"), _("T.ex. hip = 108000, prolapse = 39000.")),
    "indicators": ("text_map", _("Indikatorer"), _("T.ex. hip = hip_operations.")),
    "cap_series": ("text", _("Serie med maxtak"), _("Namnet på vårdbehovsvikterna, t.ex. maxtak-2025.")),
    "remainder_shares": ("int_map", _("Andel av kvarstående medel (procent)"), _("T.ex. hip = 65, prolapse = 23.")),
}


def _parameter_field(name: str, required: bool) -> forms.Field:
    kind, label, help_text = PARAMETERS[name]
    options = {"label": label, "help_text": help_text, "required": required}
    if kind == "date":
        return forms.DateField(**options)
    if kind == "int":
        return forms.IntegerField(**options)
    if kind == "bool":
        return forms.TypedChoiceField(
            choices=[("", _("– Låt data avgöra –")), ("true", _("Ja")), ("false", _("Nej"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            **(options | {"required": False}),
        )
    if kind == "requirements":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **options)
    return forms.CharField(**options)


def _parameter_text(kind: str, value) -> str:
    """Return a stored parameter as the form shows it."""
    if kind == "months":
        return ", ".join(str(month) for month in value)
    if kind in ("int_map", "text_map"):
        return ", ".join(f"{key} = {item}" for key, item in value.items())
    if kind == "requirements":
        return "\n".join(f"{r['code']}; {r['name']}; {r['indicator']}; {r['amount']}" for r in value)
    if kind == "bool":
        return "true" if value else "false"
    return value


class ComponentForm(DefinitionReasonMixin):
    code = forms.SlugField(label=_("Kod"), max_length=60, help_text=_("Kort namn på delen, t.ex. block-1."))
    name = forms.CharField(label=_("Namn"), max_length=200)
    rule = forms.ChoiceField(label=_("Fördelningsregel"), choices=BLANK + list(Component.Rule.choices))
    amount = KronorField(label=_("Belopp (kr)"))
    source = forms.CharField(
        label=_("Källa"),
        max_length=300,
        help_text=_("Var beslutet säger detta, t.ex. ”Regeringsbeslut S2026/01234, bilaga 1, block 1”."),
    )
    condition = forms.CharField(label=_("Villkor"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rounding_unit = forms.IntegerField(label=_("Avrundningsenhet (kr)"), min_value=1, initial=1)
    rounding_method = forms.ChoiceField(
        label=_("Avrundningsmetod"), choices=Component.RoundingMethod.choices, initial="largest_remainder"
    )
    recipients = forms.MultipleChoiceField(
        label=_("Mottagande regioner"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryssa inga för statsbidragets mottagare."),
    )
    payment_basis = forms.ChoiceField(label=_("Utbetalas"), choices=Component.PaymentBasis.choices)
    requisition_amount = forms.ChoiceField(
        label=_("Rekvisitionens belopp"),
        choices=Component.RequisitionAmount.choices,
        required=False,
        help_text=_("Gäller delar som betalas ut efter rekvisition."),
    )
    payment_terms = forms.CharField(label=_("När medlen betalas ut"), max_length=300, required=False)
    payment_source = forms.CharField(label=_("Källa för utbetalningen"), max_length=300, required=False)

    def __init__(self, *args, rule: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = region_choices()
        self.parameter_names = list(SCHEMAS.get(rule, {})) if rule else []
        for name in self.parameter_names:
            self.fields[f"param_{name}"] = _parameter_field(name, SCHEMAS[rule][name][1])
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])
        _style(self)

    @classmethod
    def initial_for(cls, component: Component) -> dict:
        initial = {
            name: getattr(component, name) for name in cls.base_fields if name != "reason" and hasattr(component, name)
        }
        for name, value in component.parameters.items():
            initial[f"param_{name}"] = _parameter_text(PARAMETERS[name][0], value)
        return initial

    def parameters(self) -> dict:
        """Return the rule's parameters as the definition file writes them; a value that cannot be read is an error."""
        parameters = {}
        for name in self.parameter_names:
            value = self.cleaned_data.get(f"param_{name}")
            if value in (None, ""):
                continue
            try:
                parameters[name] = _parse_parameter(PARAMETERS[name][0], value)
            except ValueError as error:
                self.add_error(f"param_{name}", str(error))
        return parameters

    def component(self) -> dict:
        """Return the [[components]] table's values from the form."""
        data = self.cleaned_data
        item = {
            "code": data["code"],
            "name": data["name"],
            "rule": data["rule"],
            "amount": data["amount"],
            "source": data["source"],
            "rounding": {"unit": data["rounding_unit"], "method": data["rounding_method"]},
        }
        if data["condition"]:
            item["condition"] = data["condition"]
        if data["recipients"]:
            names = dict(region_choices())
            item["recipients"] = [names[code] for code in sorted(data["recipients"])]
        parameters = self.parameters()
        if parameters:
            item["parameters"] = parameters
        payment = {"basis": data["payment_basis"]}
        if data["payment_basis"] == Component.PaymentBasis.REQUISITION:
            payment["requisition"] = data["requisition_amount"] or Component.RequisitionAmount.UP_TO
        for key, field in (("terms", "payment_terms"), ("source", "payment_source")):
            if data[field]:
                payment[key] = data[field]
        item["payment"] = payment
        return item


def _parse_parameter(kind: str, value):
    if kind == "months":
        try:
            return [int(part) for part in re.split(r"[,\s]+", str(value).strip()) if part]
        except ValueError:
            raise ValueError(gettext("Skriv månadsnummer åtskilda av komma, t.ex. 2, 3, 4.")) from None
    if kind == "decimal":
        try:
            return str(Decimal(str(value).replace(",", ".")))
        except InvalidOperation:
            raise ValueError(gettext("%(value)s är inget tal.") % {"value": value}) from None
    if kind in ("int_map", "text_map"):
        pairs = {}
        for part in str(value).split(","):
            key, sep, item = part.partition("=")
            if not sep or not key.strip() or not item.strip():
                raise ValueError(gettext("”%(text)s” ska skrivas namn = värde.") % {"text": part.strip()})
            item = item.strip().strip('"')
            if kind == "int_map":
                try:
                    item = int(item.replace(" ", "").replace("\u00a0", ""))
                except ValueError:
                    raise ValueError(gettext("%(value)s är inget heltal.") % {"value": item}) from None
            pairs[key.strip()] = item
        return pairs
    if kind == "requirements":
        rows = []
        for number, line in enumerate(str(value).splitlines(), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split(";")]
            if len(cells) != 4:
                raise ValueError(gettext("Rad %(number)s: skriv kod; namn; indikator; belopp.") % {"number": number})
            try:
                amount = int(cells[3].replace(" ", "").replace("\u00a0", "").replace("_", ""))
            except ValueError:
                raise ValueError(
                    gettext("Rad %(number)s: %(value)s är inget belopp i hela kronor.")
                    % {"number": number, "value": cells[3]}
                ) from None
            rows.append({"code": cells[0], "name": cells[1], "indicator": cells[2], "amount": amount})
        return rows
    return value


FIELD_OF_KEY = {
    "rounding": "rounding_unit",
    "unit": "rounding_unit",
    "method": "rounding_method",
    "basis": "payment_basis",
    "requisition": "requisition_amount",
    "terms": "payment_terms",
}
KEY = re.compile(r"(?:nyckeln|key) (?P<key>[\w\[\].]+): (?P<message>.*)$", re.S)
PROGRAMME_FIELDS = set(ProgrammeForm.base_fields)


def add_definition_error(form: forms.Form, message: str) -> None:
    """Put the loader's message on the form field holding the key it names; otherwise on the whole form."""
    text = re.sub(r"^[^:]*: ((?:rad|line) \d+, )?", "", message, count=1)
    match = KEY.search(message)
    if match:
        key = match["key"]
        last = key.rsplit(".", 1)[-1]
        candidates = [f"param_{key.split('.parameters.', 1)[1].split('.')[0]}"] if ".parameters." in key else []
        candidates += [
            last,
            {"rounding": "rounding_unit", "unit": "rounding_unit", "method": "rounding_method"}.get(last, ""),
        ]
        candidates += [{"basis": "payment_basis", "requisition": "requisition_amount"}.get(last, "")]
        for name in candidates:
            if name and name in form.fields:
                form.add_error(name, match["message"])
                return
    form.add_error(None, text)
