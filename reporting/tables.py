"""Tables for the reporting staff pages; data comes from selectors."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grants import l10n
from grants.tables import NumericColumn
from grants.templatetags.swedish import kr

STATUS_BADGES = {"succeeded": "success", "failed": "danger", "running": "info", "pending": "neutral"}


class RunTable(tables.Table):
    """A programme's runs, failed ones with their error, each linked to its page and its comparison."""

    number = tables.Column(_("Körning"))
    created_at = tables.Column(_("Skapad"))
    trigger = tables.Column(_("Orsak"))
    status = tables.Column(_("Status"))
    total = NumericColumn(_("Summa"))
    error = tables.Column(_("Fel eller saknat underlag"), default="")
    compare = tables.Column(_("Jämförelse"), empty_values=(), orderable=False)

    class Meta:
        orderable = False

    def __init__(self, data, *, programme_code: str, **kwargs):
        super().__init__(data, **kwargs)
        self.programme_code = programme_code

    def render_number(self, record):
        return format_html(
            '<a class="ds-link" href="{}">{}</a>',
            reverse("grants:run_detail", args=[self.programme_code, record.number]),
            gettext("Körning %(number)s") % {"number": record.number},
        )

    def render_created_at(self, value):
        return l10n.datetime_text(value)

    def render_compare(self, record):
        if record.status != "succeeded" or record.number <= 1:
            return ""
        return format_html(
            '<a class="ds-link" href="{}">{}</a>',
            reverse("reporting:run_compare", args=[self.programme_code, record.number]),
            gettext("Jämför med föregående"),
        )

    def render_trigger(self, record):
        return record.get_trigger_display()

    def render_status(self, record):
        return format_html(
            '<span class="badge badge--{}">{}</span>', STATUS_BADGES.get(record.status), record.get_status_display()
        )

    def render_total(self, record):
        return kr(record.total) if record.status == "succeeded" else "–"
