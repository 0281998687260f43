"""Reads for regions: lookup by any known spelling, population and weight tables."""

from collections.abc import Iterable
from datetime import date

from .models import NeedWeight, PopulationFigure, Region
from .normalize import normalize_name


class RegionResolver:
    """Resolve region names in any known spelling (official, short, alias) to regions, from one query each."""

    def __init__(self, regions: Iterable[Region] | None = None):
        if regions is None:
            regions = Region.objects.prefetch_related("aliases")
        self._by_key: dict[str, Region] = {}
        for region in regions:
            names = [region.name, region.short_name, region.code, *(a.alias for a in region.aliases.all())]
            for name in names:
                self._by_key[normalize_name(name)] = region

    @property
    def regions(self) -> set[Region]:
        """Return every region the resolver knows."""
        return set(self._by_key.values())

    def resolve(self, name: str) -> Region | None:
        """Return the region the name stands for, or None."""
        return self._by_key.get(normalize_name(str(name)))


def populations_on(reference_date: date) -> dict[str, int]:
    """Return county code -> population on the reference date."""
    rows = PopulationFigure.objects.filter(reference_date=reference_date).values_list("region__code", "population")
    return dict(rows)


def population_dates() -> list[date]:
    """Return the reference dates that have population figures."""
    return list(
        PopulationFigure.objects.order_by("reference_date").values_list("reference_date", flat=True).distinct()
    )


def need_weight_series(series: str) -> dict[str, int]:
    """Return county code -> value for a need-weight series."""
    return dict(NeedWeight.objects.filter(series=series).values_list("region__code", "value"))
