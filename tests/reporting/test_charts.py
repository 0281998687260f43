"""Server-side SVG charts (reporting.charts): data on every mark, Swedish numbers, contrast, edge cases."""

import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template.loader import render_to_string

from grants.allocation.formatting import NBSP
from reporting.charts import PALETTE, Series, grouped_bars, line_chart, stacked_bars, stacked_columns

SVG = "{http://www.w3.org/2000/svg}"
BUILDERS = (line_chart, stacked_columns, grouped_bars, stacked_bars)
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober")
REGIONS = ("Region Stockholm", "Västra Götalandsregionen", "Region Gotland")


def parse(chart):
    return ET.fromstring(str(chart.svg))  # noqa: S314 (our own markup)


def marks(chart):
    return [element for element in parse(chart).iter() if element.get("data-series") is not None]


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def sample(builder, **kwargs):
    series = (
        Series("Intjänat", [1_200_000, Decimal("350000.50"), None]),
        Series("Maxtak", [Fraction(5, 2), 0, 2_000_000]),
    )
    return builder(title="Bidrag per region", categories=REGIONS, series=series, unit="kr", **kwargs)


@pytest.mark.parametrize("colour", PALETTE)
def test_every_palette_colour_has_at_least_3_to_1_contrast_against_white(colour):
    assert (1.0 + 0.05) / (luminance(colour) + 0.05) >= 3


def test_palette_has_five_distinct_colours_at_least():
    assert len(PALETTE) >= 5
    for first, second in itertools.combinations(PALETTE, 2):
        distance = sum((int(first[i : i + 2], 16) - int(second[i : i + 2], 16)) ** 2 for i in (1, 3, 5)) ** 0.5
        assert distance >= 60, (first, second)


@pytest.mark.parametrize("builder", BUILDERS)
def test_marks_carry_the_exact_values(builder):
    chart = sample(builder)
    found = {(m.get("data-series"), m.get("data-category"), m.get("data-value")) for m in marks(chart)}
    assert found == {
        ("Intjänat", "Region Stockholm", "1200000"),
        ("Intjänat", "Västra Götalandsregionen", "350000.50"),
        ("Maxtak", "Region Stockholm", "5/2"),
        ("Maxtak", "Västra Götalandsregionen", "0"),
        ("Maxtak", "Region Gotland", "2000000"),
    }
    expected_tag = "circle" if builder is line_chart else "rect"
    assert {m.tag for m in marks(chart)} == {SVG + expected_tag}


@pytest.mark.parametrize("builder", BUILDERS)
def test_each_mark_has_a_hover_title(builder):
    chart = sample(builder)
    titles = {m.get("data-value"): m.find(SVG + "title").text for m in marks(chart)}
    assert titles["1200000"] == f"Region Stockholm – Intjänat: 1{NBSP}200{NBSP}000{NBSP}kr"
    assert titles["350000.50"] == f"Västra Götalandsregionen – Intjänat: 350{NBSP}000,50{NBSP}kr"


def test_hover_title_has_the_unit_after_the_value():
    series = [Series("2025", [1234])]
    chart = line_chart(title="Operationer", categories=["januari"], series=series, unit="operationer")
    assert marks(chart)[0].find(SVG + "title").text == f"januari – 2025: 1{NBSP}234{NBSP}operationer"


@pytest.mark.parametrize("builder", BUILDERS)
def test_svg_is_xml_with_role_title_and_description(builder):
    root = parse(sample(builder))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("class") == "chart__svg"
    assert root.get("viewBox").startswith("0 0 ")
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == "Bidrag per region"
    assert "tabell" in desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


def test_line_chart_draws_no_mark_for_none_and_breaks_the_line():
    chart = line_chart(
        title="Väntande",
        categories=MONTHS[:5],
        series=[Series("2025", [10, 12, None, 14, 15]), Series("Gräns", [20] * 5, dashed=True)],
    )
    assert [m.get("data-category") for m in marks(chart) if m.get("data-series") == "2025"] == [
        "januari",
        "februari",
        "april",
        "maj",
    ]
    lines = parse(chart).findall(SVG + "polyline")
    assert len(lines) == 3  # 2025 in two pieces around the gap, the reference line whole
    assert [line.get("stroke-dasharray") for line in lines] == [None, None, "6 4"]
    assert [line.get("stroke") for line in lines] == [PALETTE[0], PALETTE[0], PALETTE[1]]


@pytest.mark.parametrize("builder", BUILDERS)
def test_colours_follow_the_palette_in_series_order(builder):
    chart = sample(builder)
    colours = {m.get("data-series"): m.get("fill") for m in marks(chart)}
    assert colours == {"Intjänat": PALETTE[0], "Maxtak": PALETTE[1]}


@pytest.mark.parametrize("builder", BUILDERS)
def test_table_has_swedish_numbers(builder):
    headers, rows = sample(builder).table()
    assert headers == ["", "Intjänat", "Maxtak"]
    assert rows == [
        ["Region Stockholm", f"1{NBSP}200{NBSP}000{NBSP}kr", f"2,50{NBSP}kr"],
        ["Västra Götalandsregionen", f"350{NBSP}000,50{NBSP}kr", f"0{NBSP}kr"],
        ["Region Gotland", "–", f"2{NBSP}000{NBSP}000{NBSP}kr"],
    ]


def test_table_without_kronor_has_plain_numbers():
    chart = stacked_columns(
        title="Operationer",
        categories=["Egen regi", "Köpt"],
        series=[Series("2025", [12345, None]), Series("2024", [Fraction(1, 3), -Decimal("2.5")])],
        unit="operationer",
    )
    assert chart.table_headers == ["", "2025", "2024"]
    assert chart.table_rows == [["Egen regi", f"12{NBSP}345", "0,33"], ["Köpt", "–", "−2,50"]]
    assert chart.table() == (chart.table_headers, chart.table_rows)


def tick_labels(chart):
    return [t.text for t in parse(chart).iter(SVG + "text") if t.get("text-anchor") == "end"]


def test_value_axis_has_4_to_6_gridlines_and_abbreviated_kronor():
    chart = line_chart(title="Bidrag", categories=["2024", "2025"], series=[Series("Bidrag", [10**10, 1_234_567])])
    assert len(parse(chart).findall(SVG + "line")) in range(4, 7)
    chart = line_chart(title="Bidrag", categories=["2024", "2025"], series=[Series("Bidrag", [10**10, 1])], unit="kr")
    assert tick_labels(chart) == ["0", f"2{NBSP}mdkr", f"4{NBSP}mdkr", f"6{NBSP}mdkr", f"8{NBSP}mdkr", f"10{NBSP}mdkr"]
    chart = grouped_bars(title="Bidrag", categories=["Stockholm"], series=[Series("Tak", [340_000_000])], unit="kr")
    labels = [t.text for t in parse(chart).iter(SVG + "text") if t.get("text-anchor") == "middle"]
    assert labels == ["0", f"100{NBSP}mnkr", f"200{NBSP}mnkr", f"300{NBSP}mnkr", f"400{NBSP}mnkr"]
    # Thousands of kronor: 20 000 kr is 20 tkr (it used to read 2 tkr).
    chart = line_chart(title="Bidrag", categories=["a"], series=[Series("Bidrag", [80_000])], unit="kr")
    assert tick_labels(chart) == ["0", f"20{NBSP}tkr", f"40{NBSP}tkr", f"60{NBSP}tkr", f"80{NBSP}tkr"]


def test_english_tick_labels_and_table_numbers():
    from django.utils import translation

    with translation.override("en"):
        chart = line_chart(title="T", categories=["a", "b"], series=[Series("s", [10**10, 1])], unit="kr")
        assert tick_labels(chart)[1] == f"SEK{NBSP}2bn"
        chart = line_chart(title="T", categories=["a"], series=[Series("s", [Decimal("0.9")])])
        assert tick_labels(chart) == ["0", "0.2", "0.4", "0.6", "0.8", "1"]
        chart = line_chart(title="T", categories=["a"], series=[Series("s", [4800])])
        assert tick_labels(chart)[-1] == "5,000"


@pytest.mark.parametrize("high", [1, 3, 7, 10, 11, 99, 101, 1234, 55_555, 10**10, Decimal("0.07")])
def test_gridline_count_stays_between_4_and_6(high):
    chart = stacked_columns(title="T", categories=["a"], series=[Series("s", [high])])
    assert len(parse(chart).findall(SVG + "line")) in range(4, 7)
    chart = line_chart(title="T", categories=["a", "b"], series=[Series("s", [-high, high])])
    assert len(parse(chart).findall(SVG + "line")) in range(4, 7)


def test_swedish_tick_labels_with_decimal_comma_and_group_separator():
    chart = line_chart(title="T", categories=["a"], series=[Series("s", [Decimal("0.9")])])
    assert tick_labels(chart) == ["0", "0,2", "0,4", "0,6", "0,8", "1"]
    chart = line_chart(title="T", categories=["a"], series=[Series("s", [4800])])
    assert tick_labels(chart)[-1] == f"5{NBSP}000"


def test_negative_values_in_a_line_chart_extend_the_axis_below_zero():
    chart = line_chart(title="Förändring", categories=["a", "b"], series=[Series("s", [-30, 45])])
    labels = tick_labels(chart)
    assert labels[0].startswith("−")
    assert "0" in labels
    assert labels[-1] in ("50", "60")


def test_horizontal_charts_grow_with_the_number_of_categories():
    def height(count):
        categories = [f"Region {index}" for index in range(count)]
        chart = stacked_bars(title="T", categories=categories, series=[Series("s", list(range(count)))])
        return float(parse(chart).get("viewBox").split()[3])

    assert height(21) - height(1) == pytest.approx(20 * 22)


def test_long_region_names_fit_in_the_label_column():
    chart = grouped_bars(title="T", categories=list(REGIONS), series=[Series("s", [1, 2, 3])])
    texts = [t for t in parse(chart).iter(SVG + "text") if t.get("text-anchor") == "end"]
    assert [t.text for t in texts] == list(REGIONS)
    assert all(float(t.get("x")) >= 122 for t in texts)


def test_many_month_labels_are_shortened_or_rotated():
    categories = [f"{month} {year}" for year in (2024, 2025) for month in MONTHS]
    chart = line_chart(title="T", categories=categories, series=[Series("s", list(range(20)))])
    texts = [t for t in parse(chart).iter(SVG + "text") if "rotate" in (t.get("transform") or "")]
    assert texts
    assert texts[0].text == "jan 2024"
    assert {m.get("data-category") for m in marks(chart)} == set(categories)


def test_text_is_escaped():
    chart = grouped_bars(title='<b>"A&B"</b>', categories=["<x>"], series=[Series('S"1', [1])])
    root = parse(chart)
    assert root.find(SVG + "title").text == '<b>"A&B"</b>'
    assert marks(chart)[0].get("data-series") == 'S"1'
    assert "<b>" not in str(chart.svg)


EDGE_CASES = {
    "no categories": ([], []),
    "all none": (["a", "b"], [Series("s", [None, None]), Series("t", [None, None])]),
    "all zero": (["a", "b"], [Series("s", [0, 0])]),
    "one category": (["a"], [Series("s", [5]), Series("t", [Decimal("2.5")])]),
    "negative": (["a", "b", "c"], [Series("s", [-5, None, -Fraction(1, 3)])]),
    "huge kronor": (["a", "b"], [Series("s", [10**10, 9 * 10**10]), Series("t", [10**10, None])]),
    "no series": (["a", "b"], []),
    "floats": (["a", "b"], [Series("s", [0.1, float("nan")])]),
}


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_cases_render(builder, case):
    categories, series = EDGE_CASES[case]
    chart = builder(title="Diagram", categories=categories, series=series, unit="kr")
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.find(SVG + "title").text == "Diagram"
    assert root.find(SVG + "desc").text
    headers, rows = chart.table()
    assert len(headers) == len(series) + 1
    assert len(rows) == len(categories)
    if case in ("no categories", "all none", "no series"):
        assert "Inga värden" in str(chart.svg)
        assert not marks(chart)


def test_mismatched_values_are_refused():
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        line_chart(title="T", categories=["a", "b"], series=[Series("s", [1])])


@pytest.mark.parametrize("builder", BUILDERS)
def test_output_is_deterministic(builder):
    assert str(sample(builder).svg) == str(sample(builder).svg)
    assert sample(builder) == sample(builder)


def test_different_charts_get_different_ids():
    first = parse(sample(grouped_bars)).get("aria-labelledby")
    second = parse(sample(stacked_bars)).get("aria-labelledby")
    assert first != second


def test_template_renders_the_figure_and_the_table():
    html = render_to_string("reporting/includes/chart.html", {"chart": sample(stacked_bars)})
    assert '<figcaption class="chart__caption">Bidrag per region</figcaption>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert "Visa siffrorna i diagrammet" in html
    assert 'aria-label="Siffrorna i diagrammet: Bidrag per region"' in html
    assert '<th scope="col" class="num">Intjänat</th>' in html
    assert '<th scope="row">Västra Götalandsregionen</th>' in html
    assert f'<td class="num">350{NBSP}000,50{NBSP}kr</td>' in html
    assert '<td class="num">–</td>' in html
