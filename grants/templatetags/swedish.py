"""Template filters that show numbers the Swedish way."""

from fractions import Fraction

from django import template
from django.utils.html import format_html, format_html_join

from grants.allocation.formatting import format_decimal_places, format_int, format_kr, format_signed_kr

register = template.Library()


@register.filter
def kr(value) -> str:
    """Render whole kronor: 1 997 500 000 kr."""
    if value is None or value == "":
        return "–"
    return format_kr(int(value))


@register.filter
def signed_kr(value) -> str:
    """Render a difference in kronor with its sign: +1 000 kr, −250 kr, 0 kr."""
    if value is None or value == "":
        return "–"
    return format_signed_kr(int(value)) if int(value) else format_kr(0)


@register.filter
def explanation_html(explanation: dict) -> str:
    """Render a stored explanation as a closed <details>: the text, the rule's source and each input's source.

    Built in Python rather than by a template include per line: the allocation page shows one per region and part,
    and an include each made rendering most of the page's time.
    """
    inputs = format_html_join(
        "",
        "<dt>{}</dt><dd>{}{}</dd>",
        (
            (
                item.get("label", ""),
                input_value(item),
                format_html(' <span class="explanation-source">Källa: {}</span>', item["source"])
                if item.get("source")
                else "",
            )
            for item in explanation.get("inputs", ())
            if item.get("key") != "region"
        ),
    )
    source = explanation.get("source")
    return format_html(
        '<details class="explanation"><summary>Visa uträkning</summary><p>{}</p>{}'
        '<dl class="explanation-inputs">{}</dl></details>',
        explanation.get("text", ""),
        format_html('<p class="explanation-source">Källa: {}</p>', source) if source else "",
        inputs,
    )


@register.filter
def input_value(item: dict) -> str:
    """Render one stored explanation input's value: integers grouped, exact fractions and decimals with a comma."""
    kind, value = item.get("type"), item.get("value")
    if kind == "int":
        return format_int(int(value))
    if kind == "fraction":
        return format_decimal_places(Fraction(value), 2)
    if kind == "decimal":
        return str(value).replace(".", ",")
    return str(value)


@register.filter
def number(value) -> str:
    """Render an integer with Swedish digit grouping: 10 443 100."""
    if value is None or value == "":
        return "–"
    return format_int(int(value))


@register.filter
def exact_kr(value: str) -> str:
    """Render a stored exact amount ("n/d") with two decimals: 30 412 473,55."""
    if not value:
        return "–"
    return format_decimal_places(Fraction(value), 2)


@register.filter
def minutes(value) -> int:
    """Return a timedelta as whole minutes (rounded up), e.g. for how long a sign-in lockout lasts."""
    if value is None:
        return 0
    return -(-int(value.total_seconds()) // 60)
