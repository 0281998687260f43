"""A programme's final account (ekonomisk redovisning): the page, the workbook, own costs and closing."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ... import services
from ...account import account_snapshot, final_account
from ...allocation.formatting import format_kr
from ...confirmation import Confirmation, confirmation_page, is_confirmed
from ...exports_account import final_account_workbook
from ...forms_office import OwnCostsForm
from ...models import GrantProgramme
from ...permissions import staff_required
from ...services.account import CLOSE_PERMISSION
from .common import CONFIRM, post_action, xlsx_response


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


def _close_confirmation(programme: GrantProgramme, account) -> Confirmation:
    totals = account.totals
    regions = len({line.region.pk for part in account.parts for line in part.regions if line.figures.paid})
    name = f"{programme.title} {programme.budget_year}"
    return Confirmation(
        title=f"Avsluta {name}",
        summary=f"Du är på väg att avsluta statsbidraget {name}: {regions} regioner har fått "
        f"{format_kr(totals.paid)}, {format_kr(account.to_return)} återbetalas till Kammarkollegiet. Ekonomin låses.",
        button="Avsluta statsbidraget",
        cancel_url=reverse("office:account_detail", args=[programme.code]),
        facts=(
            ("Diarienummer", programme.decision_reference or "–"),
            ("Ram", format_kr(account.frame)),
            ("Fördelat till regionerna", format_kr(totals.allocated)),
            ("Utbetalt", format_kr(totals.paid)),
            ("Återkrävt", format_kr(totals.claimed)),
            ("Återbetalt", format_kr(totals.repaid)),
            ("Utestående fordringar", format_kr(totals.outstanding)),
            ("Att återbetala till Kammarkollegiet", format_kr(account.to_return)),
        ),
    )


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
    programme = get_object_or_404(GrantProgramme, code=code)
    account = final_account(programme)
    # Whoever may not close, or a programme that cannot be closed, gets the service's refusal at once.
    if not is_confirmed(request) and request.user.has_perm(CLOSE_PERMISSION) and account.can_close:
        return confirmation_page(
            request, _close_confirmation(programme, account), template=CONFIRM, context={"programme": programme}
        )
    services.programme_close(actor=request.user, programme=programme)
    return "Statsbidraget är avslutat. Dess ekonomi är nu låst."
