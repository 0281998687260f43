"""A region's reported monthly values for a year, with who delivered them and the corrections made."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from regions.models import Region

from ..models import Indicator, MonthlyValue, Provider
from .common import EXAMPLE_DATA_SOURCE

MONTHS = tuple(range(1, 13))


@dataclass
class ValueCell:
    reported: bool  # False: no row at all; True with value None: reported as not available
    value: Decimal | None = None


@dataclass
class IndicatorRow:
    indicator: str
    label: str
    provider_label: str
    cells: list[ValueCell]


@dataclass
class Correction:
    when: datetime
    who: str
    via: str
    channel: str
    what: str
    month: int
    before: Decimal | None
    after: Decimal | None


@dataclass
class RegionMonthlyData:
    region: Region
    year: int
    rows: list[IndicatorRow] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    deliveries: list[tuple[str, str, str, datetime]] = field(default_factory=list)  # who, via, channel, latest
    example_data: bool = False
    months: tuple[int, ...] = MONTHS


def _who(user) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.username


def region_monthly_data(region: Region, year: int, corrections: int = 50) -> RegionMonthlyData:
    """Return the region's values for the year per indicator and month, deliveries and the latest corrections.

    Two queries whatever the number of values: the values with who delivered them, and their history.
    """
    data = RegionMonthlyData(region=region, year=year)
    values = list(
        MonthlyValue.objects.filter(region=region, year=year).select_related("delivered_by", "delivered_via")
    )
    labels = dict(Indicator.choices)
    provider_labels = dict(Provider.choices)
    by_key = {(v.indicator, v.provider, v.month): v for v in values}
    order = list(Indicator.values)
    series = sorted({(v.indicator, v.provider) for v in values}, key=lambda k: (order.index(k[0]), k[1]))
    for indicator, provider in series:
        cells = []
        for month in MONTHS:
            value = by_key.get((indicator, provider, month))
            cells.append(ValueCell(reported=value is not None, value=value.value if value else None))
        data.rows.append(
            IndicatorRow(
                indicator=indicator,
                label=labels[indicator],
                provider_label=provider_labels[provider] if provider else "",
                cells=cells,
            )
        )
    latest: dict[tuple[str, str, str], datetime] = {}
    for value in values:
        via = value.delivered_via.name if value.delivered_via else ""
        key = (_who(value.delivered_by), via, value.get_channel_display())
        latest[key] = max(latest.get(key, value.delivered_at), value.delivered_at)
        data.example_data = data.example_data or via == EXAMPLE_DATA_SOURCE
    data.deliveries = sorted(((*key, when) for key, when in latest.items()), key=lambda item: item[3], reverse=True)
    history = (
        MonthlyValue.history.filter(region=region, year=year)
        .select_related("delivered_by", "delivered_via")
        .order_by("history_date", "history_id")
    )
    previous: dict[tuple[str, str, int], Decimal | None] = {}
    found = []
    channels = dict(MonthlyValue.Channel.choices)
    for record in history:
        key = (record.indicator, record.provider, record.month)
        if key in previous and record.history_type == "~":
            what = labels.get(record.indicator, record.indicator)
            if record.provider:
                what += f" ({provider_labels.get(record.provider, record.provider).lower()})"
            found.append(
                Correction(
                    when=record.history_date,
                    who=_who(record.delivered_by),
                    via=record.delivered_via.name if record.delivered_via else "",
                    channel=channels.get(record.channel, record.channel),
                    what=what,
                    month=record.month,
                    before=previous[key],
                    after=record.value,
                )
            )
        previous[key] = record.value
    data.corrections = list(reversed(found))[:corrections]
    return data
