"""django-filter FilterSets for the back-office lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .models import GrantProgramme, PayoutBatch, Repayment, Requisition


def _programmes(request):
    return GrantProgramme.objects.order_by("-budget_year", "code")


class _Base(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Statsbidrag"), queryset=_programmes, empty_label=_("Alla statsbidrag")
    )

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
        return form


class RequisitionFilter(_Base):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.order_by("code"), empty_label=_("Alla regioner")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Requisition.Status.choices, empty_label=_("Alla"))

    class Meta:
        model = Requisition
        fields = ["programme", "region", "status"]


class PayoutBatchFilter(_Base):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PayoutBatch.Status.choices, empty_label=_("Alla"))

    class Meta:
        model = PayoutBatch
        fields = ["programme", "status"]


class RepaymentFilter(_Base):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.order_by("code"), empty_label=_("Alla regioner")
    )
    reason = django_filters.ChoiceFilter(label=_("Orsak"), choices=Repayment.Reason.choices, empty_label=_("Alla"))
    unpaid = django_filters.ChoiceFilter(
        label=_("Betalning"),
        choices=[("true", _("Obetalda")), ("false", _("Betalda"))],
        empty_label=_("Alla"),
        method="filter_unpaid",
    )

    class Meta:
        model = Repayment
        fields = ["programme", "region", "reason", "unpaid"]

    def filter_unpaid(self, queryset, name, value):
        return queryset.filter(outstanding__gt=0) if value == "true" else queryset.filter(outstanding__lte=0)
