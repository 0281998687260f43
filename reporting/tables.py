"""Tables for the reporting staff pages; data comes from selectors."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grants.tables import NumericColumn
from grants.templatetags.swedish import kr

STATUS_BADGES = {"succeeded": "success", "failed": "danger", "running": "info", "pending": "neutral"}


class RunTable(tables.Table):
    """A programme's runs, failed ones with their error, each linked to its page and its comparison."""

    number = tables.TemplateColumn(
        '<a class="ds-link" href="{% url \'grants:run_detail\' table.programme_code record.number %}">'
        "Körning {{ record.number }}</a>",
        verbose_name=_("Körning"),
    )
    created_at = tables.DateTimeColumn(verbose_name=_("Skapad"), format=r"j F Y \k\l. H:i")
    trigger = tables.Column(_("Orsak"))
    status = tables.Column(_("Status"))
    total = NumericColumn(_("Summa"))
    error = tables.Column(_("Fel eller saknat underlag"), default="")
    compare = tables.TemplateColumn(
        '{% if record.status == \'succeeded\' and record.number > 1 %}<a class="ds-link" href="{% url '
        "'reporting:run_compare' table.programme_code record.number %}\">Jämför med föregående</a>{% endif %}",
        verbose_name=_("Jämförelse"),
        orderable=False,
    )

    class Meta:
        orderable = False

    def __init__(self, data, *, programme_code: str, **kwargs):
        super().__init__(data, **kwargs)
        self.programme_code = programme_code

    def render_trigger(self, record):
        return record.get_trigger_display()

    def render_status(self, record):
        return format_html(
            '<span class="badge badge--{}">{}</span>', STATUS_BADGES.get(record.status), record.get_status_display()
        )

    def render_total(self, record):
        return kr(record.total) if record.status == "succeeded" else "–"
