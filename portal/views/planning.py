"""The region's planning (seed 004): activity plan for money received, operations plan against the cap."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from grants.allocation import planner
from regions.access import may_submit
from reporting import services
from reporting.models import ActivityPlan, OperationsPlan, PlanStatus
from reporting.planning import KINDS, activity_plan_amount, activity_plan_paid, has_activity_plan, tariff_terms

from ..access import REGIONAL_ROLES, portal_view
from ..forms import ActivityLineFormSet, ActivityPlanForm, OperationsPlanForm
from .common import add_service_errors, lock, programme_or_404


@portal_view(roles=REGIONAL_ROLES)
def activity_plan_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, "components", region=region)
    if not has_activity_plan(programme):
        raise Http404
    plan = ActivityPlan.objects.filter(programme=programme, region=region).prefetch_related("lines").first()
    lines = list(plan.lines.all()) if plan else []
    form = ActivityPlanForm(
        request.POST or None, initial={"accounting_object": plan.accounting_object if plan else ""}
    )
    formset = ActivityLineFormSet(
        request.POST or None,
        prefix="rad",
        initial=[
            {"activity": li.activity, "unit": li.unit, "accounting_object": li.accounting_object, "amount": li.amount}
            for li in lines
        ],
    )
    locked = plan is not None and plan.status == PlanStatus.SUBMITTED
    if locked:
        lock(form, formset)
    if request.method == "POST" and not locked and form.is_valid() and formset.is_valid():
        inputs = [
            services.ActivityLineInput(
                activity=f.cleaned_data.get("activity") or "",
                unit=f.cleaned_data.get("unit") or "",
                accounting_object=f.cleaned_data.get("accounting_object") or "",
                amount=f.cleaned_data.get("amount") or 0,
            )
            for f in formset
            if any(f.cleaned_data.get(k) for k in ("activity", "unit", "amount"))
        ]
        try:
            services.activity_plan_save(
                actor=request.user,
                programme=programme,
                region=region,
                lines=inputs,
                accounting_object=form.cleaned_data["accounting_object"],
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Aktivitetsplanen är sparad."))
            return redirect("portal:activity_plan_edit", region_code=region.code, programme_code=programme.code)
    received = activity_plan_amount(programme, region)
    total = sum(li.amount for li in lines)
    paid = activity_plan_paid(programme, region)
    context = {
        "region": region,
        "programme": programme,
        "plan": plan,
        "form": form,
        "formset": formset,
        "locked": locked,
        "received": received,
        "paid": paid,
        "total": total,
        "difference": received - total,
        "can_submit": may_submit(request.user, region),
    }
    return render(request, "portal/activity_plan_form.html", context)


@portal_view(roles=REGIONAL_ROLES)
def operations_plan_edit(request, region, programme_code):
    programme = programme_or_404(programme_code, region=region)
    terms = tariff_terms(programme, region)
    if terms is None:
        raise Http404
    plan = OperationsPlan.objects.filter(programme=programme, region=region).first()
    initial = {f"{k}_{f}": getattr(plan, f"{k}_{f}") for k, _ in KINDS for f in ("operations", "unit")} if plan else {}
    form = OperationsPlanForm(request.POST or None, initial=initial)
    locked = plan is not None and plan.status == PlanStatus.SUBMITTED
    if locked:
        lock(form)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            services.operations_plan_save(
                actor=request.user,
                programme=programme,
                region=region,
                counts=form.counts(),
                units=form.units(),
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Verksamhetsplanen är sparad."))
            return redirect("portal:operations_plan_edit", region_code=region.code, programme_code=programme.code)
    counts = {k: getattr(plan, f"{k}_operations") for k, _ in KINDS} if plan else {k: 0 for k, _ in KINDS}
    rows = [
        {
            "label": label,
            "count": counts[k],
            "tariff": terms.tariffs[k],
            "amount": counts[k] * terms.tariffs[k],
            "field": form[f"{k}_operations"],
            "unit": form[f"{k}_unit"],
        }
        for k, label in KINDS
    ]
    result = planner.plan(cap=terms.cap, tariffs=terms.tariffs, counts=counts)
    mix = counts if any(counts.values()) else dict.fromkeys(counts, 1)
    suggested = planner.operations_needed(cap=terms.cap, tariffs=terms.tariffs, mix=mix)
    suggestion = {
        "rows": [(label.lower(), suggested[k]) for k, label in KINDS],
        "amount": planner.plan(cap=terms.cap, tariffs=terms.tariffs, counts=suggested).amount,
        "same_mix": any(counts.values()),
    }
    context = {
        "region": region,
        "programme": programme,
        "plan": plan,
        "form": form,
        "rows": rows,
        "result": result,
        "terms": terms,
        "locked": locked,
        "can_submit": may_submit(request.user, region),
        "shortfall": max(-result.surplus, 0),
        "suggestion": suggestion,
    }
    return render(request, "portal/operations_plan_form.html", context)
