"""The regions' payment master data: the list every payout decision is checked against, and editing one region."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from regions.models import Region

from ... import history, services
from ...forms_office import PaymentDetailsForm
from ...permissions import staff_required
from ...services.payouts import payment_details_fault


@staff_required
def region_payment_list(request):
    regions = list(Region.objects.order_by("code"))
    rows = [(region, payment_details_fault(region)) for region in regions]
    context = {"rows": rows, "missing": sum(1 for _, fault in rows if fault)}
    return render(request, "office/region_payment_list.html", context)


@staff_required
def region_payment_details(request, code):
    region = get_object_or_404(Region, code=code)
    initial = {
        "organisation_number": region.organisation_number,
        "payment_method": region.payment_method or "bankgiro",
        "payment_account": region.payment_account,
    }
    form = PaymentDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.region_payment_details_update(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Betalningsuppgifterna för %(region)s är sparade.") % {"region": region.name})
            return redirect("office:region_payment_list")
    records = list(region.history.select_related("history_user"))
    context = {
        "region": region,
        "form": form,
        "fault": payment_details_fault(region),
        "entries": history.history_entries(records),
    }
    return render(request, "office/region_payment_details.html", context)
