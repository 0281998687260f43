"""Reads for programmes and allocation runs, shaped for their screens and for the engine."""

from datetime import date
from fractions import Fraction

from django.db.models import F, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from regions.models import NeedWeight, PopulationFigure, Region

from . import allocation
from .models import AllocationLine, AllocationRun, Component, GrantProgramme, share_run_inputs
from .rules import engine_parameters


def programme_by_code_or_reference(key: str) -> GrantProgramme:
    """Return the programme with this short code or decision reference (diarienummer)."""
    return GrantProgramme.objects.get(Q(code=key) | Q(decision_reference__iexact=key, decision_reference__gt=""))


def programmes_for_list() -> QuerySet[GrantProgramme]:
    """Return programmes with their components, for the programme list."""
    return GrantProgramme.objects.prefetch_related("components")


def component_specs(components: list[Component]) -> list[allocation.ComponentSpec]:
    """Return the engine's view of the components."""
    return [
        allocation.ComponentSpec(
            code=c.code,
            name=c.name,
            rule=c.rule,
            amount=c.amount,
            source=c.source,
            rounding=allocation.RoundingPolicy(unit=c.rounding_unit, method=c.rounding_method),
            params=engine_parameters(c.rule, c.parameters),
            recipients=tuple(sorted(c.recipient_codes)),
        )
        for c in components
    ]


def _dates_and_series(specs: list[allocation.ComponentSpec]) -> tuple[set[date], set[str]]:
    dates, series = set(), set()
    for spec in specs:
        for key in ("population_date", "ranking_population_date"):
            if key in spec.params:
                dates.add(spec.params[key])
        if "cap_series" in spec.params:
            series.add(spec.params["cap_series"])
    return dates, series


def engine_inputs(programme: GrantProgramme, specs: list[allocation.ComponentSpec]) -> allocation.Inputs:
    """Gather what the engine needs for these components, in a fixed number of queries."""
    dates, series = _dates_and_series(specs)
    regions = {r.code: r.short_name for r in Region.objects.all()}
    populations: dict[date, dict[str, int]] = {d: {} for d in dates}
    sources: dict[str, str] = {}
    for reference_date, code, population, source in PopulationFigure.objects.filter(
        reference_date__in=dates
    ).values_list("reference_date", "region__code", "population", "source"):
        populations[reference_date][code] = population
        if source:
            sources.setdefault(f"population:{reference_date.isoformat()}", source)
    weights: dict[str, dict[str, int]] = {s: {} for s in series}
    for name, code, value, source in NeedWeight.objects.filter(series__in=series).values_list(
        "series", "region__code", "value", "source"
    ):
        weights[name][code] = value
        if source:
            sources.setdefault(f"weights:{name}", source)
    return allocation.Inputs(
        regions=regions,
        populations={d: v for d, v in populations.items() if v},
        need_weights={s: v for s, v in weights.items() if v},
        monthly=monthly_inputs(programme, specs),
        sources=sources | monthly_sources(),
    )


MONTHLY_SOURCE = "Regionernas månadsrapportering till Socialstyrelsen"  # i18n: stored


def monthly_sources() -> dict[str, str]:
    """Return the source of every indicator's monthly values: the regions' own reports to the agency.

    The engine writes the sources into the run's explanations, the record of the run: always in Swedish.
    """
    from reporting.models import Indicator

    with translation.override("sv"):
        return {f"monthly:{indicator.value}": f"{MONTHLY_SOURCE}: {indicator.label}" for indicator in Indicator}


def monthly_inputs(programme: GrantProgramme, specs: list[allocation.ComponentSpec]) -> dict:
    """Return monthly values the components read; none until a rule needs them."""
    from reporting.selectors import monthly_values_for_engine

    return monthly_values_for_engine(specs)


def programmes_reading_population(reference_date: date) -> list[int]:
    """Return the ids of programmes with a component that reads population figures of this date."""
    iso = reference_date.isoformat()
    return list(
        Component.objects.filter(Q(parameters__population_date=iso) | Q(parameters__ranking_population_date=iso))
        .values_list("programme_id", flat=True)
        .distinct()
    )


def amount_paid(programme: GrantProgramme, region: Region, *, basis: str | None = None) -> int:
    """Return what the region has actually been paid for the programme: its payouts in paid decisions.

    With `basis`, only the parts paid that way (e.g. `requisition`: the money a follow-up report accounts for).
    """
    from .models import Payout, PayoutBatch

    payouts = Payout.objects.filter(batch__programme=programme, batch__status=PayoutBatch.Status.PAID, region=region)
    if basis is not None:
        payouts = payouts.filter(component__payment_basis=basis)
    return payouts.aggregate(total=Sum("amount"))["total"] or 0


def latest_run(programme: GrantProgramme) -> AllocationRun | None:
    """Return the programme's newest successful run."""
    return programme.runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()


def run_for_page(
    programme: GrantProgramme, number: int | None = None, *, explanations=lambda run: True
) -> AllocationRun | None:
    """Return a run (the newest successful by default) with its lines, regions and components loaded.

    `explanations(run)` says whether the lines' explanations are needed (not when the page has the run's tables
    already rendered); either way two queries.
    """
    # The page names the example inputs a run rests on, but needs nothing else of its detail (which grows with the
    # recipients): that one key is read in the database.
    runs = (
        AllocationRun.objects.filter(programme=programme)
        .select_related("created_by")
        .defer("detail")
        .annotate(example_inputs=F("detail__example_inputs"))
    )
    if number is None:
        run = runs.filter(status=AllocationRun.Status.SUCCEEDED).order_by("-number").first()
    else:
        run = runs.filter(number=number).first()
    if run is not None:
        lines = AllocationLine.objects.select_related("region", "component").order_by(
            "component__position", "region__code"
        )
        if not explanations(run):
            lines = lines.defer("explanation")
        prefetch_related_objects([run], Prefetch("lines", queryset=lines))
    return run


BASIS_LABELS = {
    Component.Rule.POPULATION_SHARE: _("Befolkning"),
    Component.Rule.OPERATION_TARIFF: _("Tak (kr)"),
}


def allocation_sections(run: AllocationRun | None) -> list[dict]:
    """Return the run's lines grouped by component, from the lines already loaded with the run."""
    if run is None:
        return []
    sections: dict[int, dict] = {}
    lines = run.lines.all()
    share_run_inputs(lines, [run])
    for line in lines:
        section = sections.setdefault(
            line.component_id,
            {
                "component": line.component,
                "lines": [],
                "basis_label": BASIS_LABELS.get(line.component.rule, _("Underlag")),
            },
        )
        section["lines"].append(line)
    for section in sections.values():
        lines = section["lines"]
        section["total"] = sum(line.amount for line in lines)
        bases = [line.basis for line in lines if line.basis is not None]
        section["has_basis"] = bool(bases)
        section["basis_total"] = sum(bases)
        section["exact_total"] = str(sum((Fraction(line.exact) for line in lines), Fraction()))
    return list(sections.values())


def recent_runs(programme: GrantProgramme, limit: int = 10) -> list[AllocationRun]:
    """Return the programme's latest runs, newest first."""
    # The list shows number, date, status and total: not the runs' detail, which grows with the recipients.
    return list(
        programme.runs.select_related("created_by")
        .defer("detail", "shared_inputs", "notes", "error")
        .order_by("-number")[:limit]
    )
