"""Template filters for reported data and exact shares, shown the way the active language writes them."""

from decimal import Decimal
from fractions import Fraction

from django import template

from grants import l10n

register = template.Library()


@register.filter
def rate(value) -> str:
    """Render a reported value with a decimal comma: 6,4 (missing is a dash, never 0)."""
    if value is None or value == "":
        return "–"
    number = Decimal(value).normalize()
    return l10n.decimal(number if number.as_tuple().exponent < 0 else number.quantize(Decimal("0.1")))


@register.filter
def fraction_kr(value) -> str:
    """Render an exact amount with two decimals: 68 888 888,89."""
    if value is None or value == "":
        return "–"
    return l10n.decimal_places(Fraction(value), 2)


@register.filter
def one_decimal(value) -> str:
    """Render an exact number with one decimal, e.g. operations per 100 000 inhabitants: 42,7."""
    if value is None or value == "":
        return "–"
    return l10n.decimal_places(Fraction(value), 1)


@register.filter
def signed_kr(value) -> str:
    """Render a difference in kronor with its sign: +1 234 kr, −5 kr, 0 kr."""
    if value is None or value == "":
        return "–"
    return l10n.signed_kr(int(value))


@register.filter
def percent(value) -> str:
    """Render a share as a whole percentage: 65 %."""
    return l10n.percent(value, 0)


@register.filter
def month_abbr(value) -> str:
    """Render a month number as its short Swedish name: 2 → feb."""
    return l10n.month_abbreviation(int(value))


@register.filter
def month_name(value) -> str:
    """Render a month number as its Swedish name: 2 → februari."""
    return l10n.month_name(int(value))


@register.filter
def share(value) -> str:
    """Render a share with one decimal: 87,5 %; "–" when there is none (nothing to divide by)."""
    if value is None or value == "":
        return "–"
    return l10n.percent(value, 1)


@register.filter
def change(value) -> str:
    """Render a change in per cent with its sign: +7,1 %, −100,0 %; "–" when last year had nothing to compare."""
    if value is None or value == "":
        return "–"
    return ("+" if value > 0 else "") + l10n.percent(Fraction(value) / 100, 1)


@register.filter
def followup_row(followup, area):
    """Return the selected region's row of an area in the operations follow-up, or the nation's."""
    return followup.row_of(area)
