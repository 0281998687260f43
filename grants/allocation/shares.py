"""Population share (DESIGN §4.1) and equal share (DESIGN §4.2)."""

from __future__ import annotations

from .apportion import apportion
from .components import ComponentResult, ComponentSpec, Inputs, Line, param_date
from .explain import EQUAL_SHARE, POPULATION_SHARE, Input, share_explanation
from .formatting import format_date, format_exact_kr, format_int, format_kr


def population_share(spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return the component split in proportion to the regions' populations on the reference date.

    Seed 000: "1 997 500 000 kronor fördelas till regionerna utifrån invånarantal, enligt bilagan";
    seed 002: 750 000 000 kronor "utifrån befolkningsmängd per den 1 november 2023".
    """
    as_of = param_date(spec, "population_date")
    populations = inputs.population(as_of)
    population_sum = sum(populations.values())
    shares = apportion(spec.amount, populations, spec.rounding)
    lines = []
    for code, share in shares.items():
        population = populations[code]
        explanation = share_explanation(
            rule=POPULATION_SHARE,
            source=spec.source,
            text=(
                f"{format_kr(spec.amount)} × {format_int(population)} / {format_int(population_sum)} "
                f"(befolkning {format_date(as_of)}) = exakt {format_exact_kr(share.exact)}; "
            ),
            inputs=(
                Input("region", "Region", inputs.regions[code]),
                Input("total", spec.name, spec.amount, source=spec.source),
                Input("population", f"Befolkning {format_date(as_of)}", population, as_of=as_of),
                Input("population_sum", inputs.population_label(as_of), population_sum, as_of=as_of),
            ),
            share=share,
            policy=spec.rounding,
        )
        lines.append(Line(component=spec.code, region=code, amount=share.amount, explanation=explanation))
    return ComponentResult(component=spec.code, lines=tuple(lines))


def equal_share(spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return the component split equally between the regions.

    Seed 003 block 1: "100 miljoner kronor fördelas lika mellan regionerna"; seed 004 shows 4 762 000 kr
    received, i.e. 100 000 000 / 21 rounded to the nearest 1 000 kr.
    """
    codes = inputs.codes()
    if not codes:
        raise ValueError(f"component {spec.code!r}: there are no regions to share between")
    count = len(codes)
    shares = apportion(spec.amount, dict.fromkeys(codes, 1), spec.rounding)
    lines = []
    for code, share in shares.items():
        explanation = share_explanation(
            rule=EQUAL_SHARE,
            source=spec.source,
            text=f"{format_kr(spec.amount)} / {format_int(count)} regioner = exakt {format_exact_kr(share.exact)}; ",
            inputs=(
                Input("region", "Region", inputs.regions[code]),
                Input("total", spec.name, spec.amount, source=spec.source),
                Input("count", "Antal mottagande regioner" if inputs.restricted else "Antal regioner", count),
            ),
            share=share,
            policy=spec.rounding,
        )
        lines.append(Line(component=spec.code, region=code, amount=share.amount, explanation=explanation))
    notes = ()
    total = sum(line.amount for line in lines)
    if total != spec.amount:
        notes = (
            f"Avrundat rad för rad till närmaste {format_kr(spec.rounding.unit)}: raderna summerar till "
            f"{format_kr(total)} av {format_kr(spec.amount)}.",
        )
    return ComponentResult(component=spec.code, lines=tuple(lines), notes=notes)
