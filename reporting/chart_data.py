"""The charts people would rather look at than read, built from what the screens already hold (no queries here).

Each function returns a `charts.Chart`; the page includes it with "reporting/includes/chart.html", which shows the
same numbers as a table for screen readers and for print.
"""

from django.utils.translation import gettext as _

from grants import l10n

from .charts import Chart, Series, grouped_bars, line_chart, stacked_bars, stacked_columns
from .screens.common import PROVIDERS


def operations_chart(followup, area, row) -> Chart:
    """Operations in one area per month, stacked by who performed them, for a region or the whole country."""
    return stacked_columns(
        title=_("%(area)s: operationer per månad och utförare %(year)s, %(name)s")
        % {"area": area.name, "year": followup.year, "name": row.name},
        categories=[figures.label for figures in row.months],
        series=[
            Series(name=str(label), values=[figures.provider(code) for figures in row.months])
            for code, label in PROVIDERS
        ],
        unit=_("operationer"),
    )


def operations_year_chart(followup, area, row) -> Chart:
    """Operations in one area per month this year against the same month the year before."""
    return line_chart(
        title=_("%(area)s: operationer per månad %(year)s och %(last_year)s, %(name)s")
        % {"area": area.name, "year": followup.year, "last_year": followup.last_year, "name": row.name},
        categories=[figures.label for figures in row.months],
        series=[
            Series(name=str(followup.year), values=[figures.this_year for figures in row.months]),
            Series(name=str(followup.last_year), values=[figures.last_year for figures in row.months], dashed=True),
        ],
        unit=_("operationer"),
    )


def rate_chart(matrix, requirement, row, threshold) -> Chart:
    """A region's monthly rate against the same month the year before and against the top-five line."""
    return rate_line_chart(
        title=_("%(requirement)s: %(region)s per månad")
        % {"requirement": requirement.name, "region": row.region.short_name},
        months=matrix.months,
        year=matrix.year,
        baseline_year=matrix.baseline_year,
        values=[cell.value for cell in row.cells],
        baselines=[cell.baseline for cell in row.cells],
        threshold=threshold,
    )


def rate_line_chart(*, title, months, year, baseline_year, values, baselines, threshold) -> Chart:
    """The rate chart from plain per-month lists: the staff page and a region's home page draw the same chart."""
    return line_chart(
        title=title,
        categories=[l10n.month_name(month) for month in months],
        series=[
            Series(name=str(year), values=values),
            Series(name=str(baseline_year), values=baselines),
            Series(name=_("Gräns för topp 5"), values=threshold, dashed=True),
        ],
        unit=_("per 100 vårdplatser"),
    )


def earned_cap_chart(title: str, rows) -> Chart:
    """What each region has earned by its operations against its cap (maxtak)."""
    return grouped_bars(
        title=title,
        categories=[row.region.short_name for row in rows],
        series=[
            Series(name=_("Intjänat"), values=[row.earned for row in rows]),
            Series(name=_("Maxtak"), values=[row.cap for row in rows]),
        ],
        unit="kr",
    )


def allocation_chart(title: str, sections) -> Chart:
    """Each region's allocation, stacked by part."""
    regions: dict[str, str] = {}
    amounts: dict[tuple[int, str], int] = {}
    for index, section in enumerate(sections):
        for line in section["lines"]:
            regions.setdefault(line.region.code, line.region.short_name)
            amounts[(index, line.region.code)] = line.amount
    codes = sorted(regions)
    return stacked_bars(
        title=title,
        categories=[regions[code] for code in codes],
        series=[
            Series(name=section["component"].name, values=[amounts.get((index, code)) for code in codes])
            for index, section in enumerate(sections)
        ],
        unit="kr",
    )
