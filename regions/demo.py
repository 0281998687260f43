"""Clearly fictional payment master data for the demo and the tests: every number passes the checks.

Organisation numbers 9990CC-000K and bankgiro numbers 9999-0CCK (CC the county code, K the Luhn check digit)
follow the real formats but belong to nobody; they are never to be mistaken for a region's real details.
"""

from .models import PaymentMethod, Region
from .validators import luhn_ok


def _with_check_digit(digits: str) -> str:
    return next(digits + str(d) for d in range(10) if luhn_ok(digits + str(d)))


def fictional_payment_details(code: str) -> dict[str, str]:
    """Return an organisation number, payment method and bankgiro number for the region with this county code."""
    organisation = _with_check_digit(f"9990{code}000")
    bankgiro = _with_check_digit(f"99990{code}")
    return {
        "organisation_number": f"{organisation[:6]}-{organisation[6:]}",
        "payment_method": PaymentMethod.BANKGIRO.value,
        "payment_account": f"{bankgiro[:4]}-{bankgiro[4:]}",
    }


def fictional_payment_details_set(regions=None) -> int:
    """Give regions without payment details the fictional ones; return how many were set."""
    changed = 0
    for region in regions if regions is not None else Region.objects.filter(payment_account=""):
        for name, value in fictional_payment_details(region.code).items():
            setattr(region, name, value)
        region.save(update_fields=["organisation_number", "payment_method", "payment_account"])
        changed += 1
    return changed
