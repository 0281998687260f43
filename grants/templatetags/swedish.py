"""Template filters that show amounts, numbers and dates the way the active language writes them."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from grants import l10n

register = template.Library()


@register.filter
def kr(value) -> str:
    """Render whole kronor: 1 997 500 000 kr."""
    if value is None or value == "":
        return "–"
    return l10n.kr(int(value))


@register.filter
def signed_kr(value) -> str:
    """Render a difference in kronor with its sign: +1 000 kr, −250 kr, 0 kr."""
    if value is None or value == "":
        return "–"
    return l10n.signed_kr(int(value))


@register.filter
def explanation_html(explanation: dict) -> str:
    """Render a stored explanation as a closed <details>: the text, the rule's source and each input's source.

    Built in Python rather than by a template include per line: the allocation page shows one per region and part,
    and an include each made rendering most of the page's time.
    """
    inputs = format_html_join(
        "",
        '<dt lang="sv">{}</dt><dd>{}{}</dd>',
        (
            (
                item.get("label", ""),
                input_value(item),
                format_html(
                    ' <span class="explanation-source">{} <span lang="sv">{}</span></span>',
                    _("Källa:"),
                    item["source"],
                )
                if item.get("source")
                else "",
            )
            for item in explanation.get("inputs", ())
            if item.get("key") != "region"
        ),
    )
    source = explanation.get("source")
    return format_html(
        '<details class="explanation"><summary>{}</summary><p lang="sv">{}</p>{}'
        '<dl class="explanation-inputs">{}</dl></details>',
        _("Visa uträkning"),
        explanation.get("text", ""),
        format_html('<p class="explanation-source">{} <span lang="sv">{}</span></p>', _("Källa:"), source)
        if source
        else "",
        inputs,
    )


@register.filter
def input_value(item: dict) -> str:
    """Render one stored explanation input's value: integers grouped, exact fractions and decimals with a comma."""
    kind, value = item.get("type"), item.get("value")
    if kind == "int":
        return l10n.number(int(value))
    if kind == "fraction":
        return l10n.decimal_places(Fraction(value), 2)
    if kind == "decimal":
        return l10n.decimal(Decimal(str(value)))
    return str(value)


@register.filter
def number(value) -> str:
    """Render an integer with Swedish digit grouping: 10 443 100."""
    if value is None or value == "":
        return "–"
    return l10n.number(int(value))


@register.filter
def exact_kr(value: str) -> str:
    """Render a stored exact amount ("n/d") with two decimals: 30 412 473,55."""
    if not value:
        return "–"
    return l10n.decimal_places(Fraction(value), 2)


@register.filter
def date_text(value) -> str:
    """Render a date: 15 mars 2022 / 15 March 2022."""
    return l10n.date_text(value or None)


@register.filter
def datetime_text(value) -> str:
    """Render a moment in Swedish local time: 1 december 2026 kl. 14:30 / 1 December 2026, 14:30."""
    return l10n.datetime_text(value or None)


@register.filter
def minutes(value) -> int:
    """Return a timedelta as whole minutes (rounded up), e.g. for how long a sign-in lockout lasts."""
    if value is None:
        return 0
    return -(-int(value.total_seconds()) // 60)
