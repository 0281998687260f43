"""Validators for payment accounts: bankgiro and plusgiro numbers, both with a Luhn (mod 10) check digit."""

import re

from django.core.exceptions import ValidationError

from regions.validators import luhn_ok


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
        raise ValidationError("Ett bankgironummer har 7 eller 8 siffror, till exempel 5050-1055.")
    if not luhn_ok(digits):
        raise ValidationError("Bankgironumrets kontrollsiffra stämmer inte. Kontrollera numret.")
    return format_bankgiro(digits)


def normalize_plusgiro(value: str) -> str:
    """Return the plusgiro number with a hyphen before the check digit, or raise ValidationError."""
    digits = _digits(value)
    if not re.fullmatch(r"\d{2,8}", digits):
        raise ValidationError("Ett plusgironummer har 2 till 8 siffror, till exempel 90 20 03-3.")
    if not luhn_ok(digits):
        raise ValidationError("Plusgironumrets kontrollsiffra stämmer inte. Kontrollera numret.")
    return format_plusgiro(digits)
