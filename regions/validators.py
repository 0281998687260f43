"""Validators for Swedish identifiers."""

import re

from django.core.exceptions import ValidationError


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
        raise ValidationError("Organisationsnumret ska skrivas som tio siffror, till exempel 232100-0016.")
    digits = value.replace("-", "")
    if int(digits[2]) < 2:
        raise ValidationError("Organisationsnumret är inte ett organisationsnummer (tredje siffran ska vara minst 2).")
    if not luhn_ok(digits):
        raise ValidationError("Organisationsnumrets kontrollsiffra stämmer inte.")
