"""Helpers shared by the portal's views."""

from django.core.exceptions import ValidationError
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


def programme_or_404(code: str, *related: str) -> GrantProgramme:
    """Return the programme with this code (with the given relations prefetched) or answer 404."""
    return get_object_or_404(GrantProgramme.objects.prefetch_related(*related), code=code)


def lock(*forms) -> None:
    """Make forms and formsets read-only: their fields render disabled and ignore posted data."""
    for item in forms:
        for form in getattr(item, "forms", [item]):
            for field in form.fields.values():
                field.disabled = True
