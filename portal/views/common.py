"""Helpers shared by the portal's views."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from grants.models import GrantProgramme

CONFIRM = "portal/confirm.html"


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where it names one, else on the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def programme_or_404(code: str, *related: str, region=None) -> GrantProgramme:
    """Return the published or closed programme with this code, with the given relations prefetched, or answer 404.

    A draft is never shown in the portal; with `region`, neither is a programme that region does not receive.
    """
    programme = get_object_or_404(
        GrantProgramme.objects.visible_to_regions().prefetch_related(*related, "components"), code=code
    )
    if region is not None and not programme.receives(region):
        raise Http404
    return programme


def lock(*forms) -> None:
    """Make forms and formsets read-only: their fields render disabled and ignore posted data."""
    for item in forms:
        for form in getattr(item, "forms", [item]):
            for field in form.fields.values():
                field.disabled = True
