"""Tables for the back office: columns only; data comes from grants.selectors_office.

A column rendered as HTML (a badge, a link) has a `value_<column>` giving the plain value the Excel export writes:
text, a number, a date or a moment, and people by name.
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exports_office import person
from .models import PayoutBatch, Requisition
from .tables import NumericColumn
from .templatetags.swedish import kr

STATUS_BADGES = {
    Requisition.Status.DRAFT: "neutral",
    Requisition.Status.SUBMITTED: "info",
    Requisition.Status.RETURNED: "warning",
    Requisition.Status.APPROVED: "success",
    Requisition.Status.REJECTED: "danger",
    PayoutBatch.Status.PAID: "success",
    "accepted": "success",
}


def badge(text, status) -> str:
    return format_html('<span class="badge badge--{}">{}</span>', STATUS_BADGES.get(status, "info"), text)


def _requisition_url(record):
    return reverse("office:requisition_detail", args=[record.pk])


def _repayment_url(record):
    return reverse("office:repayment_detail", args=[record.pk])


def _follow_up_url(record):
    return reverse("office:follow_up_detail", args=[record.pk])


class MoneyColumn(NumericColumn):
    def render(self, value):
        return kr(value)

    def value(self, value):
        return value


class PersonColumn(tables.Column):
    """A user shown by full name (the username when no name is given), sorted by name."""

    def __init__(self, verbose_name, accessor, **kwargs):
        order_by = tuple(f"{accessor}__{field}" for field in ("first_name", "last_name", "username"))
        super().__init__(verbose_name, accessor=accessor, order_by=order_by, default="–", **kwargs)

    def render(self, value):
        return person(value)

    def value(self, value):
        return person(value)


class RequisitionTable(tables.Table):
    region = tables.Column(
        _("Region"), accessor="region__short_name", order_by="region__code", linkify=_requisition_url
    )
    programme = tables.Column(_("Statsbidrag"), accessor="programme__title")
    status = tables.Column(_("Status"))
    amount = MoneyColumn(_("Rekvirerat"))
    submitted_at = tables.DateTimeColumn(format="j F Y", verbose_name=_("Inskickad"))
    reviewed_by = PersonColumn(_("Granskad av"), "reviewed_by")

    def render_status(self, record, value):
        return badge(value, record.status)

    def value_status(self, value):
        return value

    def value_submitted_at(self, record):
        return record.submitted_at


class PayoutBatchTable(tables.Table):
    number = tables.Column(_("Beslut"), accessor="pk")
    programme = tables.Column(_("Statsbidrag"), accessor="programme__title")
    status = tables.Column(_("Status"))
    payout_date = tables.DateColumn(format="j F Y", verbose_name=_("Utbetalningsdag"))
    region_count = NumericColumn(_("Regioner"))
    total = MoneyColumn(_("Belopp"))
    prepared_by = PersonColumn(_("Upprättat av"), "prepared_by")
    approved_by = PersonColumn(_("Attesterat av"), "approved_by")

    def render_number(self, record, value):
        return format_html(
            '<a class="ds-link" href="{}">{}</a>',
            reverse("office:batch_detail", args=[value]),
            gettext("Nr %(number)s") % {"number": value},
        )

    def value_number(self, value):
        return value

    def render_status(self, record, value):
        return badge(value, record.status)

    def value_status(self, value):
        return value

    def value_payout_date(self, record):
        return record.payout_date


class PayoutTable(tables.Table):
    region = tables.Column(_("Region"), accessor="region__short_name", footer=_("Summa"))
    component = tables.Column(_("Del"), accessor="component__name")
    organisation_number = tables.Column(_("Organisationsnummer"), default=_("Saknas"))
    payment_method = tables.Column(_("Betalningssätt"), default="–")
    payment_account = tables.Column(_("Bankgiro/plusgiro"), default=_("Saknas"))
    requisition = tables.Column(_("Rekvisition"), default="–")
    amount = MoneyColumn(_("Belopp"), footer=lambda table: kr(sum(p.amount for p in table.data)))

    class Meta:
        orderable = False

    def render_requisition(self, value):
        return format_html(
            '<a class="ds-link" href="{}">{}</a>',
            reverse("office:requisition_detail", args=[value.pk]),
            gettext("Visa"),
        )


class RepaymentTable(tables.Table):
    region = tables.Column(_("Region"), accessor="region__short_name", order_by="region__code", linkify=_repayment_url)
    programme = tables.Column(_("Statsbidrag"), accessor="programme__title")
    reason = tables.Column(_("Orsak"))
    invoice_number = tables.Column(_("Faktura"), default="–")
    due_date = tables.DateColumn(format="j F Y", verbose_name=_("Förfallodag"))
    claimed = MoneyColumn(_("Återkrävt"))
    paid_total = MoneyColumn(_("Inbetalt"))
    outstanding = MoneyColumn(_("Kvar"))


class FollowUpReportTable(tables.Table):
    region = tables.Column(_("Region"), accessor="region__short_name", linkify=_follow_up_url)
    status = tables.Column(_("Status"))
    amount_received = MoneyColumn(_("Mottaget"))
    amount_used = MoneyColumn(_("Använt"))
    unused = MoneyColumn(_("Outnyttjat"), empty_values=(), orderable=False)
    repayment = tables.TemplateColumn(
        template_name="office/includes/follow_up_action.html", verbose_name=_("Återbetalning"), orderable=False
    )

    class Meta:
        orderable = False

    def render_status(self, record, value):
        return badge(value, record.status)

    def render_unused(self, record):
        return kr(record.unused)
