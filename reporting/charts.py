"""Small server-side SVG charts for the reporting pages: no JavaScript, no external assets, no style attributes.

Four builders return a frozen `Chart`: `line_chart`, `stacked_columns` (vertical), `grouped_bars` and
`stacked_bars` (horizontal, one row per category, e.g. region). `Chart.svg` is safe markup; every data mark
(circle, rect) has `data-series`, `data-category`, `data-value` (the exact value as `str()`) and a `<title>`
"Kategori – Serie: värde enhet". A value of None is a gap: no mark, "–" in the table.

The same numbers as a table: `Chart.table()` returns `(headers, rows)` with headers `["", *series names]` and one
row per category `[category, *formatted values]`. Templates use the properties `chart.table_headers` and
`chart.table_rows`; `{% include "reporting/includes/chart.html" with chart=some_chart %}` renders it all.

Colours come from PALETTE in series order and are drawn as SVG presentation attributes, which the content
security policy (style-src 'self') allows. The same input always gives the same markup.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from grants import l10n
from grants.allocation.formatting import MONTHS, NBSP

# Dark blue, dark orange, dark green, purple, dark grey, raspberry: each at least 4.5:1 against white.
PALETTE: tuple[str, ...] = ("#1f4e8c", "#b35806", "#2d7a3a", "#6a3d9a", "#595959", "#c0306e")
TEXT = "#1a1a1a"
GRID = "#d9d9d9"
AXIS = "#767676"
WIDTH = 720
FONT_SIZE = 12
CHAR_WIDTH = 6.6  # a rough average for a 12px sans-serif
PLOT_HEIGHT = 240  # vertical charts
ROW = 22  # horizontal charts: height of one bar row

MONTH_NAMES = {*MONTHS, *(name.lower() for name in l10n.ENGLISH_MONTHS)}

Value = int | float | Decimal | Fraction | None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    svg: str

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Return the headers ["", *series names] and one row [category, *values] per category."""
        return self.table_headers, self.table_rows

    @property
    def table_headers(self) -> list[str]:
        return ["", *(item.name for item in self.series)]

    @property
    def table_rows(self) -> list[list[str]]:
        return [
            [category, *(_cell(item.values[index], self.unit) for item in self.series)]
            for index, category in enumerate(self.categories)
        ]


def line_chart(*, title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "") -> Chart:
    """One line per series over the categories (gaps at None), a circle per value; dashed series drawn dashed."""
    return _build("line", title, categories, series, unit)


def stacked_columns(*, title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "") -> Chart:
    """One vertical column per category with the series stacked bottom-up (None counts as 0)."""
    return _build("stacked_columns", title, categories, series, unit)


def grouped_bars(*, title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "") -> Chart:
    """Horizontal bars: one group per category, one bar per series."""
    return _build("grouped_bars", title, categories, series, unit)


def stacked_bars(*, title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "") -> Chart:
    """Horizontal bars: one bar per category with the series stacked left to right (None counts as 0)."""
    return _build("stacked_bars", title, categories, series, unit)


# --- numbers and text -------------------------------------------------------------------------------------------


def _exact(value: Value) -> Fraction | None:
    """Return a value as an exact Fraction, None for no value (or a float/Decimal that is not finite)."""
    if value is None:
        return None
    if isinstance(value, float):
        return Fraction(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    return Fraction(value)


def _cell(value: Value, unit: str) -> str:
    """Return a value for the table: 1 234 (kronor: 1 234 kr), 12,50 for a non-integer, – for no value."""
    exact = _exact(value)
    if exact is None:
        return "–"
    if exact.denominator == 1:
        return l10n.kr(exact.numerator) if unit == "kr" else l10n.number(exact.numerator)
    return l10n.exact_kr(exact) if unit == "kr" else l10n.decimal_places(exact, 2)


def _short(value: Fraction) -> str:
    """Return an axis value with as few decimals as it needs: 0, 2,5, 1 000 (ticks are finite decimals)."""
    if value.denominator == 1:
        return l10n.number(value.numerator)
    return l10n.decimal(Decimal(value.numerator) / Decimal(value.denominator))


def _tick_label(value: Fraction, unit: str, top: Fraction) -> str:
    """Return an axis label; kronor are abbreviated to tkr, mnkr or mdkr after the largest tick."""
    if value == 0 or unit != "kr":
        return _short(value)
    # The space in a label is a no-break space, so that the number and its unit stay together.
    if top >= 10**9:
        label = _("%(amount)s mdkr") % {"amount": _short(value / 10**9)}
    elif top >= 10**6:
        label = _("%(amount)s mnkr") % {"amount": _short(value / 10**6)}
    elif top >= 10**4:
        label = _("%(amount)s tkr") % {"amount": _short(value / 10**3)}
    else:
        label = _("%(amount)s kr") % {"amount": _short(value)}
    return label.replace(" ", NBSP)


def _ticks(low: Fraction, high: Fraction) -> list[Fraction]:
    """Return 4–6 evenly spaced round values (steps 1, 2, 2.5, 5 × 10^k) covering low..high."""
    if high <= low:
        high = low + 1
    exponent = math.floor(math.log10(float(high - low))) - 2
    for power in range(exponent, exponent + 6):
        for factor in (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5)):
            step = factor * Fraction(10) ** power
            first, last = math.floor(low / step), math.ceil(high / step)
            if last - first <= 5:
                return [step * index for index in range(first, max(last, first + 3) + 1)]
    raise AssertionError("unreachable: a step of 10^(exponent + 3) always fits")


def _width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def _abbreviate_month(text: str) -> str:
    """Return "jan 2025" for "januari 2025" (Swedish and English month names shorten to their first three letters)."""
    word, space, rest = text.partition(" ")
    return word[:3] + space + rest if word.lower() in MONTH_NAMES else text


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{colour}"/>'


# --- markup -----------------------------------------------------------------------------------------------------


def _build(kind: str, title: str, categories: Sequence[str], series: Sequence[Series], unit: str) -> Chart:
    categories = tuple(str(category) for category in categories)
    series = tuple(series)
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(f"Series {item.name!r} has {len(item.values)} values for {len(categories)} categories")
    key = repr((kind, title, categories, [(s.name, [repr(v) for v in s.values], s.dashed) for s in series], unit))
    chart_id = "chart-" + hashlib.sha256(key.encode()).hexdigest()[:10]
    if not categories:
        height, body = 60, _text(WIDTH / 2, 34, _("Inga värden"), "middle")
    elif kind in ("line", "stacked_columns"):
        height, body = _vertical(kind, categories, series, unit)
    else:
        height, body = _horizontal(kind, categories, series, unit)
    description = _("Siffrorna i diagrammet finns också i en tabell under diagrammet.")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}'
        f"</desc>{body}</svg>"
    )
    # All text in the markup went through escape(); the rest is numbers and fixed attribute values.
    return Chart(kind, title, categories, series, unit, mark_safe(svg))  # noqa: S308


def _mark(tag: str, geometry: str, category: str, item: Series, value: Value, unit: str) -> str:
    """Return a circle or rect carrying its data and a <title> shown on hover."""
    suffix = f"{NBSP}{unit}" if unit and unit != "kr" else ""
    label = f"{category} – {item.name}: {_cell(value, unit)}{suffix}"
    return (
        f'<{tag} {geometry} data-series="{escape(item.name)}" data-category="{escape(category)}" '
        f'data-value="{escape(str(value))}"><title>{escape(label)}</title></{tag}>'
    )


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _legend(series: tuple[Series, ...], kind: str) -> tuple[float, str]:
    """Return the height and markup of a legend (swatch + name per series) wrapping over the width."""
    parts, x, y = [], 0.0, 0.0
    for index, item in enumerate(series):
        item_width = 28 + _width(item.name) + 18
        if x and x + item_width > WIDTH:
            x, y = 0.0, y + 20
        colour, middle = _colour(index), y + 10
        if kind == "line":
            dash = ' stroke-dasharray="6 4"' if item.dashed else ""
            parts.append(
                f'<line x1="{_num(x)}" y1="{_num(middle)}" x2="{_num(x + 22)}" y2="{_num(middle)}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
            parts.append(f'<circle cx="{_num(x + 11)}" cy="{_num(middle)}" r="3.5" fill="{colour}"/>')
        else:
            parts.append(f'<rect x="{_num(x + 5)}" y="{_num(middle - 6)}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 28, middle + 4, item.name))
        x += item_width
    return (y + 28 if series else 0), f'<g class="chart__legend">{"".join(parts)}</g>'


def _bounds(kind: str, categories: tuple[str, ...], series: tuple[Series, ...]) -> tuple[Fraction, Fraction, bool]:
    """Return the lowest and highest value to show (always including 0) and whether there is any value."""
    low = high = Fraction(0)
    found = False
    for index in range(len(categories)):
        values = [v for v in (_exact(item.values[index]) for item in series) if v is not None]
        found = found or bool(values)
        if kind in ("line", "grouped_bars"):
            low, high = min([low, *values]), max([high, *values])
        else:
            low = min(low, sum(v for v in values if v < 0))
            high = max(high, sum(v for v in values if v > 0))
    return low, high, found


def _stack(values: list[Fraction | None]) -> list[tuple[Fraction, Fraction] | None]:
    """Return (start, end) per value: positives stacked up from 0, negatives down from 0, None as None."""
    spans, up, down = [], Fraction(0), Fraction(0)
    for value in values:
        if value is None:
            spans.append(None)
        elif value >= 0:
            spans.append((up, up + value))
            up += value
        else:
            spans.append((down + value, down))
            down += value
    return spans


def _vertical(kind: str, categories: tuple[str, ...], series: tuple[Series, ...], unit: str) -> tuple[float, str]:
    low, high, found = _bounds(kind, categories, series)
    ticks = _ticks(low, high)
    top = max(abs(ticks[0]), abs(ticks[-1]))
    labels = [_tick_label(tick, unit, top) for tick in ticks]
    legend_height, legend = _legend(series, kind)
    parts = [legend]
    y0 = legend_height + 10
    if unit and unit != "kr":
        parts.append(_text(0, y0, unit))
        y0 += 16
    left, right = max(32, max(_width(label) for label in labels) + 10), WIDTH - 10
    band = (right - left) / len(categories)
    names = list(categories)
    if max(_width(name) for name in names) > band - 6:
        names = [_abbreviate_month(name) for name in names]
    rotate = max(_width(name) for name in names) > band - 6
    every = max(1, math.ceil(16 / band)) if rotate else 1
    names = [_clip(name, 22) for name in names] if rotate else names
    bottom = max(_width(name) for name in names) * 0.71 + 24 if rotate else 26

    def y(value: Fraction) -> float:
        return y0 + PLOT_HEIGHT - float((value - ticks[0]) / (ticks[-1] - ticks[0])) * PLOT_HEIGHT

    for tick, label in zip(ticks, labels, strict=True):
        parts.append(_line(left, y(tick), right, y(tick), AXIS if tick == 0 else GRID))
        parts.append(_text(left - 6, y(tick) + 4, label, "end"))
    for index, name in enumerate(names):
        if index % every == 0:
            x, ty = left + (index + 0.5) * band, y0 + PLOT_HEIGHT + 16
            extra = f' transform="rotate(-45 {_num(x)} {_num(ty)})"' if rotate else ""
            parts.append(_text(x, ty, name, "end" if rotate else "middle", extra))
    if kind == "line":
        for number, item in enumerate(series):
            colour = _colour(number)
            points = [
                None if (value := _exact(raw)) is None else (left + (index + 0.5) * band, y(value))
                for index, raw in enumerate(item.values)
            ]
            dash = ' stroke-dasharray="6 4"' if item.dashed else ""
            run: list[tuple[float, float]] = []
            for point in [*points, None]:
                if point is not None:
                    run.append(point)
                    continue
                if len(run) > 1:
                    coordinates = " ".join(f"{_num(px)},{_num(py)}" for px, py in run)
                    parts.append(
                        f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
                    )
                run = []
            for index, point in enumerate(points):
                if point is not None:
                    geometry = (
                        f'cx="{_num(point[0])}" cy="{_num(point[1])}" r="3.5" fill="{colour}" '
                        f'stroke="#ffffff" stroke-width="1"'
                    )
                    parts.append(_mark("circle", geometry, categories[index], item, item.values[index], unit))
    else:
        column = min(band * 0.64, 56)
        for index, category in enumerate(categories):
            spans = _stack([_exact(item.values[index]) for item in series])
            x = left + (index + 0.5) * band - column / 2
            for number, (item, span) in enumerate(zip(series, spans, strict=True)):
                if span is not None:
                    geometry = (
                        f'x="{_num(x)}" y="{_num(y(span[1]))}" width="{_num(column)}" '
                        f'height="{_num(y(span[0]) - y(span[1]))}" fill="{_colour(number)}" '
                        f'stroke="#ffffff" stroke-width="1"'
                    )
                    parts.append(_mark("rect", geometry, category, item, item.values[index], unit))
    if not found:
        parts.append(_text((left + right) / 2, y0 + PLOT_HEIGHT / 2, _("Inga värden"), "middle"))
    return y0 + PLOT_HEIGHT + bottom, "".join(parts)


def _horizontal(kind: str, categories: tuple[str, ...], series: tuple[Series, ...], unit: str) -> tuple[float, str]:
    low, high, found = _bounds(kind, categories, series)
    ticks = _ticks(low, high)
    top = max(abs(ticks[0]), abs(ticks[-1]))
    labels = [_tick_label(tick, unit, top) for tick in ticks]
    legend_height, legend = _legend(series, kind)
    parts = [legend]
    left = min(max(130, max(_width(name) for name in categories) + 14), 220)
    right = WIDTH - max(12, _width(labels[-1]) / 2 + 4)
    grouped = kind == "grouped_bars"
    bar = 11 if grouped else 14
    row = max(ROW, len(series) * (bar + 1) + 10) if grouped else ROW
    y0, plot_height = legend_height + 8, row * len(categories)

    def x(value: Fraction) -> float:
        return left + float((value - ticks[0]) / (ticks[-1] - ticks[0])) * (right - left)

    for tick, label in zip(ticks, labels, strict=True):
        parts.append(_line(x(tick), y0, x(tick), y0 + plot_height, AXIS if tick == 0 else GRID))
        parts.append(_text(x(tick), y0 + plot_height + 16, label, "middle"))
    if unit and unit != "kr":
        parts.append(_text(right, y0 + plot_height + 34, unit, "end"))
    chars = int((left - 12) / CHAR_WIDTH)
    for index, category in enumerate(categories):
        row_top = y0 + index * row
        shown = _clip(category, chars)
        full = f"<title>{escape(category)}</title>" if shown != category else ""
        label = _text(left - 8, row_top + row / 2 + 4, shown, "end")
        parts.append(label.replace(">", f">{full}", 1) if full else label)
        values = [_exact(item.values[index]) for item in series]
        if grouped:
            spans = [None if value is None else (min(value, 0), max(value, 0)) for value in values]
        else:
            spans = _stack(values)
        for number, (item, span) in enumerate(zip(series, spans, strict=True)):
            if span is None:
                continue
            bar_top = row_top + 5 + number * (bar + 1) if grouped else row_top + (row - bar) / 2
            geometry = (
                f'x="{_num(x(span[0]))}" y="{_num(bar_top)}" width="{_num(x(span[1]) - x(span[0]))}" '
                f'height="{bar}" fill="{_colour(number)}"'
            )
            geometry += "" if grouped else ' stroke="#ffffff" stroke-width="1"'
            parts.append(_mark("rect", geometry, category, item, item.values[index], unit))
    if not found:
        parts.append(_text((left + right) / 2, y0 + plot_height / 2 + 4, _("Inga värden"), "middle"))
    return y0 + plot_height + (44 if unit and unit != "kr" else 26), "".join(parts)
