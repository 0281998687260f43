"""Tables for the staff pages; data comes from selectors."""

from fractions import Fraction

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .templatetags.swedish import exact_kr, explanation_html, kr, number


class NumericColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}})
        super().__init__(*args, **kwargs)


class AllocationTable(tables.Table):
    """One component's lines: region, basis, exact share, amount, explanation on demand."""

    region = tables.Column(_("Region"), accessor="region__short_name", footer=_("Summa"))
    basis = NumericColumn(_("Underlag"), footer=lambda table: table.basis_total)
    exact = NumericColumn(_("Exakt andel (kr)"), footer=lambda table: exact_kr(str(table.exact_total)))
    amount = NumericColumn(_("Fördelade medel"), footer=lambda table: kr(table.amount_total))
    explanation = tables.Column(_("Förklaring"), orderable=False, empty_values=())

    class Meta:
        orderable = False
        template_name = "django_tables2/table.html"

    def __init__(self, data, *, basis_label=None, **kwargs):
        super().__init__(data, **kwargs)
        if basis_label:
            self.columns["basis"].column.verbose_name = basis_label
        rows = list(data)
        self.amount_total = sum(line.amount for line in rows)
        bases = [line.basis for line in rows if line.basis is not None]
        self.basis_total = number(sum(bases)) if bases else ""
        if not bases:
            self.columns.hide("basis")
        self.exact_total = sum((Fraction(line.exact) for line in rows), Fraction())

    def render_basis(self, value):
        return number(value)

    def render_exact(self, value):
        return exact_kr(value)

    def render_amount(self, value):
        return kr(value)

    def render_explanation(self, record):
        return explanation_html(record.explanation)

    def value_explanation(self, record):
        return record.explanation.get("text", "")


class ProgrammeTable(tables.Table):
    title = tables.TemplateColumn(
        "<a href=\"{% url 'grants:programme_detail' record.code %}\">{{ record.title }}</a>",
        verbose_name=_("Statsbidrag"),
    )
    decision_reference = tables.Column(_("Diarienummer"), default="–")
    budget_year = tables.Column(_("År"))
    status = tables.Column(_("Status"))
    frame = NumericColumn(_("Ram"))
    components = tables.Column(_("Delar"), empty_values=(), orderable=False)

    class Meta:
        orderable = False

    def render_frame(self, value):
        return kr(value)

    def render_components(self, record):
        return ", ".join(c.name for c in record.components.all())
