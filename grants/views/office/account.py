"""A programme's final account (ekonomisk redovisning): the page, the workbook, own costs and closing."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render

from ... import services
from ...account import account_snapshot, final_account
from ...exports_account import final_account_workbook
from ...forms_office import OwnCostsForm
from ...models import GrantProgramme
from ...permissions import staff_required
from ...services.account import CLOSE_PERMISSION
from .common import post_action, xlsx_response


@staff_required
def account_detail(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    account = final_account(programme)
    context = {
        "programme": programme,
        "account": account,
        # Closing freezes the money; should the figures still differ from those kept at closing, say so.
        "differs_from_closing": programme.is_closed and account_snapshot(account) != programme.closing_account,
        "own_costs_form": OwnCostsForm(initial={"amount": programme.own_costs_used}),
        "may_close": request.user.has_perm(CLOSE_PERMISSION),
    }
    return render(request, "office/final_account.html", context)


@staff_required
def account_export(request, code):
    programme = get_object_or_404(GrantProgramme, code=code)
    return xlsx_response(
        final_account_workbook(final_account(programme)), f"ekonomisk-redovisning-{programme.code}.xlsx"
    )


@post_action("office:account_detail")
def own_costs_record(request, code):
    form = OwnCostsForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Ange beloppet i hela kronor och underlaget.")
    services.programme_own_costs_record(
        actor=request.user, programme=get_object_or_404(GrantProgramme, code=code), **form.cleaned_data
    )
    return "De använda förvaltningsmedlen är registrerade."


@post_action("office:account_detail")
def programme_close(request, code):
    services.programme_close(actor=request.user, programme=get_object_or_404(GrantProgramme, code=code))
    return "Statsbidraget är avslutat. Dess ekonomi är nu låst."
