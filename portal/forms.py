"""Forms of the regional portal: they bind and tidy input; services decide what is allowed."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grants import l10n
from grants.fields import KronorField
from grants.models import GrantProgramme, Requisition
from grants.requisitions import Allowance
from grants.services import RequisitionInput
from regions.xlsx import MAX_FILE_SIZE
from reporting.models import AMOUNT_LIMIT, Provider, validate_monthly_value
from reporting.planning import KINDS

TEXT = {"class": "ds-input"}


def _too_large_amount() -> str:
    return gettext("Beloppet får vara högst %(amount)s.") % {"amount": l10n.kr(AMOUNT_LIMIT)}


TOO_LARGE_AMOUNT = {"max_value": lazy(_too_large_amount, str)()}


class RequisitionForm(forms.Form):
    contact_name = forms.CharField(
        label=_("Kontaktperson"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "name"}),
        help_text=_("Den som Socialstyrelsen skickar enkät och återrapporteringsformulär till."),
    )
    contact_email = forms.EmailField(
        label=_("Kontaktpersonens e-post"),
        required=False,
        widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Kontaktpersonens telefon"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "tel"}),
    )
    payment_method = forms.ChoiceField(
        label=_("Betalningssätt"), required=False, choices=Requisition.PaymentMethod.choices, widget=forms.RadioSelect
    )
    payment_account = forms.CharField(
        label=_("Bankgiro- eller plusgironummer"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
        help_text=_("Till exempel 5050-1055. Vi kontrollerar kontrollsiffran."),
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("Insatser som regionen planerar"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirmed = forms.BooleanField(
        label=_("Jag är behörigt ombud för regionen och intygar att uppgifterna stämmer."), required=False
    )

    def __init__(self, *args, programme: GrantProgramme, allowance: Allowance, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_objects = list(programme.measures.all())
        self.fields["measures"].choices = [(m.pk, m.name) for m in self.measure_objects]
        self.parts = allowance.parts
        for part in self.parts:
            if part.fixed:
                continue  # requisitioned whole: the page states the amount, there is nothing to fill in
            field = KronorField(
                label=gettext("Belopp att rekvirera för %(part)s (kronor)") % {"part": part.component.name},
                min_value=0,
                max_value=AMOUNT_LIMIT,
                initial=part.allocated,
                required=False,
                attrs=TEXT,
                help_text=gettext("Högst regionens fördelade medel, %(amount)s.")
                % {"amount": l10n.kr(part.allocated)},
                error_messages=TOO_LARGE_AMOUNT,
            )
            self.fields[part.field_name] = field

    def amount_fields(self):
        return [self[part.field_name] for part in self.parts if not part.fixed]

    def fixed_parts(self):
        return [part for part in self.parts if part.fixed]

    def measure_groups(self) -> list[tuple[str, list[tuple]]]:
        """Return (category, [(measure, checked)]) for the checkbox groups."""
        selected = {str(v) for v in (self["measures"].value() or [])}
        groups: dict[str, list] = {}
        for measure in self.measure_objects:
            groups.setdefault(measure.category, []).append((measure, str(measure.pk) in selected))
        return list(groups.items())

    def to_input(self) -> RequisitionInput:
        data = self.cleaned_data
        return RequisitionInput(
            amounts={part.component.code: data.get(part.field_name) or 0 for part in self.parts if not part.fixed},
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            payment_method=data.get("payment_method", ""),
            payment_account=data.get("payment_account", ""),
            measure_ids=tuple(data.get("measures") or ()),
            confirmed=bool(data.get("confirmed")),
        )

    @classmethod
    def initial_from(cls, requisition: Requisition | None) -> dict:
        if requisition is None:
            return {}
        return {
            "contact_name": requisition.contact_name,
            "contact_email": requisition.contact_email,
            "contact_phone": requisition.contact_phone,
            "payment_method": requisition.payment_method,
            "payment_account": requisition.payment_account,
            **{f"amount_{line.component.code}": line.amount for line in requisition.lines.all()},
            "measures": [m.pk for m in requisition.measures.all()],
            # The declaration is never ticked in advance: the signer ticks it each time the form is sent.
        }


class MonthlyValuesForm(forms.Form):
    """One month's values for one region: a field per indicator (and provider, for operations)."""

    def __init__(self, *args, slots, year: int, month: int, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys: dict[str, tuple[str, str]] = {}
        self.groups: list[tuple[str, list[str]]] = []
        for slot in slots:
            if slot.year != year or month not in slot.months:
                continue
            names = []
            for provider in slot.providers:
                name = f"{slot.indicator}__{provider or 'alla'}"
                label = str(Provider(provider).label) if provider else slot.label
                field_class = forms.IntegerField if slot.is_count else forms.DecimalField
                self.fields[name] = field_class(
                    label=label,
                    required=False,
                    min_value=0,
                    localize=True,
                    validators=[validate_monthly_value],
                    widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
                )
                # "Egen regi" alone does not say which of the three operations the error summary means
                self.fields[name].summary_label = f"{slot.label}, {label.lower()}" if provider else label
                value = existing.get((slot.indicator, provider))
                if value is not None:
                    self.initial[name] = int(value) if slot.is_count else value.normalize()
                self.keys[name] = (slot.indicator, provider)
                names.append(name)
            self.groups.append((slot.label, names))

    def grouped_fields(self):
        return [(label, [self[name] for name in names]) for label, names in self.groups]

    def values(self) -> list[tuple[str, str, object]]:
        """Return (indicator, provider, value) for each filled-in field."""
        return [(*self.keys[name], value) for name, value in self.cleaned_data.items() if value is not None]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ifylld mall (.xlsx)"),
        help_text=_("Högst 2 MB. Ingenting sparas om någon rad är fel."),
        widget=forms.ClearableFileInput(attrs={"class": "ds-input", "accept": ".xlsx"}),
    )

    def clean_file(self):
        """Refuse a large file by its declared size before reading it into memory (the service checks again)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            size = l10n.decimal_places(upload.size / 1024 / 1024, 1)
            raise forms.ValidationError(
                gettext("Filen är för stor (%(size)s MB). Högst 2 MB går att ladda upp.") % {"size": size}
            )
        return upload


class SurveyForm(forms.Form):
    """The survey's questions as fields named q<pk>; whether an answer is required is the service's call."""

    def __init__(self, *args, survey, measures, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from reporting.models import SurveyQuestion

        kind = SurveyQuestion.Kind
        for question in survey.questions.all():
            common = {"label": question.text, "help_text": question.help_text, "required": False, "disabled": disabled}
            if question.kind == kind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={**TEXT, "rows": 4}), **common)
            elif question.kind == kind.NUMBER:
                field = forms.CharField(widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}), **common)
            elif question.kind == kind.SINGLE_CHOICE:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
                )
            elif question.kind == kind.MULTIPLE_CHOICE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.MultipleChoiceField(
                    choices=[(str(m.pk), m.name) for m in measures], widget=forms.CheckboxSelectMultiple, **common
                )
            field.question = question
            self.fields[f"q{question.pk}"] = field

    @staticmethod
    def initial_from(response) -> dict:
        if response is None:
            return {}
        return {
            f"q{pk}": ([str(v) for v in value] if isinstance(value, list) else value)
            for pk, value in response.answers.items()
        }


class FollowUpForm(forms.Form):
    results = forms.CharField(
        label=_("Vilka resultat har insatserna gett?"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
    )
    relation_to_purpose = forms.CharField(
        label=_("Hur förhåller sig resultaten till syftet med statsbidraget?"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
    )


class FollowUpLineForm(forms.Form):
    measure = forms.TypedChoiceField(
        label=_("Insats"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    activity = forms.CharField(
        label=_("Eller annan aktivitet"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    amount_used = KronorField(
        label=_("Använt (kr)"),
        min_value=0,
        max_value=AMOUNT_LIMIT,
        error_messages=TOO_LARGE_AMOUNT,
        required=False,
        attrs=TEXT,
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", gettext("– Välj insats –"))] + [(m.pk, m.name) for m in measures]


FollowUpLineFormSet = forms.formset_factory(FollowUpLineForm, extra=2)


class ActivityPlanForm(forms.Form):
    accounting_object = forms.CharField(
        label=_("Objekt för kontering"),
        max_length=40,
        required=False,
        help_text=_("Kostnaderna konteras på objektet, så att återrapporteringen blir enkel (t.ex. objekt 9971)."),
        widget=forms.TextInput(attrs=TEXT),
    )


class ActivityLineForm(forms.Form):
    activity = forms.CharField(
        label=_("Aktivitet"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    unit = forms.CharField(label=_("Område/enhet"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT))
    accounting_object = forms.CharField(
        label=_("Objekt"), max_length=40, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    amount = KronorField(
        label=_("Kronor"),
        min_value=0,
        max_value=AMOUNT_LIMIT,
        error_messages=TOO_LARGE_AMOUNT,
        required=False,
        attrs=TEXT,
    )


ActivityLineFormSet = forms.formset_factory(ActivityLineForm, extra=3)


class OperationsPlanForm(forms.Form):
    """Target operations per kind (seed 004's table), with the unit that performs them; one pair per kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KINDS:
            self.fields[f"{kind}_operations"] = forms.IntegerField(
                label=gettext("%(kind)s, antal") % {"kind": label},
                min_value=0,
                initial=0,
                widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
            )
            self.fields[f"{kind}_unit"] = forms.CharField(
                label=gettext("%(kind)s, enhet") % {"kind": label},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs=TEXT),
            )

    def counts(self) -> dict[str, int]:
        return {kind: self.cleaned_data[f"{kind}_operations"] or 0 for kind, _label in KINDS}

    def units(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"{kind}_unit"] for kind, _label in KINDS}


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    email = forms.EmailField(label=_("E-post"), widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Roll"),
        widget=forms.RadioSelect,
        choices=[
            ("authorised_representative", _("Behörigt ombud – skriver under rekvisitioner och bjuder in andra")),
            ("representative", _("Företrädare – fyller i och skickar in enkäter, planer och återrapportering")),
            ("data_coordinator", _("Datasamordnare – lämnar månadsdata och fyller i utkast")),
        ],
    )
