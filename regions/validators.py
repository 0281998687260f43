"""Validators for Swedish identifiers: organisation numbers, bankgiro and plusgiro numbers (all Luhn-checked)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def luhn_ok(digits: str) -> bool:
    """Return whether a string of digits passes the Luhn (mod 10) check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    """Refuse an organisationsnummer that is not NNNNNN-NNNN with a valid check digit."""
    if not re.fullmatch(r"\d{6}-?\d{4}", value or ""):
        raise ValidationError(_("Organisationsnumret ska skrivas som tio siffror, till exempel 232100-0016."))
    digits = value.replace("-", "")
    if int(digits[2]) < 2:
        raise ValidationError(
            _("Organisationsnumret är inte ett organisationsnummer (tredje siffran ska vara minst 2).")
        )
    if not luhn_ok(digits):
        raise ValidationError(_("Organisationsnumrets kontrollsiffra stämmer inte."))


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def format_bankgiro(digits: str) -> str:
    """Return a bankgiro number the way it is written: NNN-NNNN or NNNN-NNNN."""
    return f"{digits[:-4]}-{digits[-4:]}"


def format_plusgiro(digits: str) -> str:
    """Return a plusgiro number the way it is written: the check digit after a hyphen (4 12 34-5)."""
    return f"{digits[:-1]}-{digits[-1]}"


def normalize_bankgiro(value: str) -> str:
    """Return the bankgiro number as NNN-NNNN / NNNN-NNNN, or raise ValidationError."""
    digits = _digits(value)
    if not re.fullmatch(r"\d{7,8}", digits):
        raise ValidationError(_("Ett bankgironummer har 7 eller 8 siffror, till exempel 5050-1055."))
    if not luhn_ok(digits):
        raise ValidationError(_("Bankgironumrets kontrollsiffra stämmer inte. Kontrollera numret."))
    return format_bankgiro(digits)


def normalize_plusgiro(value: str) -> str:
    """Return the plusgiro number with a hyphen before the check digit, or raise ValidationError."""
    digits = _digits(value)
    if not re.fullmatch(r"\d{2,8}", digits):
        raise ValidationError(_("Ett plusgironummer har 2 till 8 siffror, till exempel 90 20 03-3."))
    if not luhn_ok(digits):
        raise ValidationError(_("Plusgironumrets kontrollsiffra stämmer inte. Kontrollera numret."))
    return format_plusgiro(digits)


def normalize_account(method: str, value: str) -> str:
    """Return the account written the standard way for its payment method, or raise ValidationError."""
    if method == "plusgiro":
        return normalize_plusgiro(value)
    if method == "bankgiro":
        return normalize_bankgiro(value)
    raise ValidationError(_("Välj bankgiro eller plusgiro."))


def normalize_organisation_number(value: str) -> str:
    """Return the organisation number as NNNNNN-NNNN, or raise ValidationError."""
    digits = _digits(value)
    validate_organisation_number(digits)
    return f"{digits[:6]}-{digits[6:]}"
