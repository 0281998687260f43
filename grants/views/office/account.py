"""A programme's final account (ekonomisk redovisning): the page, the workbook, own costs and closing."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import l10n, services
from ...account import account_snapshot, final_account
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
        title=_("Avsluta %(programme)s") % {"programme": name},
        summary=ngettext(
            "Du är på väg att avsluta statsbidraget %(programme)s: %(count)s region har fått %(paid)s, %(to_return)s "
            "återbetalas till Kammarkollegiet. Ekonomin låses.",
            "Du är på väg att avsluta statsbidraget %(programme)s: %(count)s regioner har fått %(paid)s, "
            "%(to_return)s återbetalas till Kammarkollegiet. Ekonomin låses.",
            regions,
        )
        % {
            "programme": name,
            "count": regions,
            "paid": l10n.kr(totals.paid),
            "to_return": l10n.kr(account.to_return),
        },
        button=_("Avsluta statsbidraget"),
        cancel_url=reverse("office:account_detail", args=[programme.code]),
        facts=(
            (_("Diarienummer"), programme.decision_reference or "–"),
            (_("Ram"), l10n.kr(account.frame)),
            (_("Fördelat till regionerna"), l10n.kr(totals.allocated)),
            (_("Utbetalt"), l10n.kr(totals.paid)),
            (_("Återkrävt"), l10n.kr(totals.claimed)),
            (_("Återbetalt"), l10n.kr(totals.repaid)),
            (_("Utestående fordringar"), l10n.kr(totals.outstanding)),
            (_("Att återbetala till Kammarkollegiet"), l10n.kr(account.to_return)),
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
        raise ValidationError(_("Ange beloppet i hela kronor och underlaget."))
    services.programme_own_costs_record(
        actor=request.user, programme=get_object_or_404(GrantProgramme, code=code), **form.cleaned_data
    )
    return _("De använda förvaltningsmedlen är registrerade.")


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
    return _("Statsbidraget är avslutat. Dess ekonomi är nu låst.")
