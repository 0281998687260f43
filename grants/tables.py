"""Tables for the staff pages; data comes from selectors."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .templatetags.swedish import kr


class NumericColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}})
        super().__init__(*args, **kwargs)


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
