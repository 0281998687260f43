"""The confirmation step before an action that cannot be undone, in the back office and the regional portal.

One pattern everywhere: the action's first POST (its form already checked) changes nothing and answers with a page
that says what is about to happen — the amount and the region, or for a decision the number of regions and the
total — and a "Bekräfta" button that posts the same data again with `confirmation=1`. Only that second POST calls
the service. Where the user typed something, a "Tillbaka och ändra" button posts it back with `change=1`, so the
form is shown again as it was filled in; nothing is stored in between. No JavaScript is needed.

A form whose service checks more than the form can (the regional portal's submissions) is `rehearse`d first: the
service runs in a transaction that is always rolled back, so its refusal is shown on the form before anyone is
asked to confirm, and the confirmation page shows what the service computed (the total, the unused amount).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")

CONFIRMATION_FIELD = "confirmation"
CHANGE_FIELD = "change"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMATION_FIELD, CHANGE_FIELD}
CANNOT_BE_UNDONE = _("Det går inte att ångra.")


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: a heading, one sentence with the amount and who, and the facts behind it."""

    title: str
    summary: str
    button: str
    cancel_url: str
    facts: tuple[tuple[str, str], ...] = ()
    warning: str = CANNOT_BE_UNDONE
    change_label: str = ""
    danger: bool = False


def is_confirmed(request: HttpRequest) -> bool:
    """Return whether this POST comes from the confirmation page's "Bekräfta" button."""
    return request.POST.get(CONFIRMATION_FIELD) == "1"


def wants_change(request: HttpRequest) -> bool:
    """Return whether this POST comes from the confirmation page's "Tillbaka och ändra" button."""
    return request.POST.get(CHANGE_FIELD) == "1"


def confirmation_page(
    request: HttpRequest, confirmation: Confirmation, *, template: str, context: dict | None = None
) -> HttpResponse:
    """Render the confirmation page, repeating every posted value as a hidden field for the second POST."""
    repeated = [(name, value) for name, values in request.POST.lists() if name not in NOT_REPEATED for value in values]
    page = {
        "confirmation": confirmation,
        "repeated": repeated,
        "action_url": request.get_full_path(),
        "confirmation_field": CONFIRMATION_FIELD,
        "change_field": CHANGE_FIELD,
        **(context or {}),
    }
    return render(request, template, page)


class _Rehearsal(Exception):
    """Raised at the end of a rehearsal to roll its transaction back."""

    def __init__(self, result):
        super().__init__()
        self.result = result


def rehearse(call: Callable[[], T], describe: Callable[[T], Confirmation]) -> Confirmation:
    """Run a service and describe its result, then roll everything back; the service's ValidationError passes on.

    Effects queued with transaction.on_commit (receipts by e-mail) are discarded with the rollback; the description
    is made inside the transaction, so it can read what the service wrote.
    """
    try:
        with transaction.atomic():
            raise _Rehearsal(describe(call()))
    except _Rehearsal as rehearsal:
        return rehearsal.result
