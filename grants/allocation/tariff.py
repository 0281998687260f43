"""Per-operation tariff with a cap and a top-5 remainder (DESIGN §4.4; seed 003, block 2).

Seed 003: "Regionerna ersätts med: 108 000 kr för varje operation av höftledsprotés, 39 000 kr ... framfall,
och 19 000 kr ... grå starr", "Medel fördelas till patientens hemregion", "Ersättning utgår för operationer upp till
ett tak, i enlighet med bilaga 2". "Eventuella kvarstående medel ... fördelas mellan de fem regioner som under
perioden genomfört flest antal operationer per invånare inom respektive diagnosområde" (65 / 23 / 12 procent), and
"Inom respektive pott fördelas medlen mellan de kvalificerade regionerna efter vårdbehov, på samma sätt som i
beräkningen av taket" — i.e. in proportion to the caps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .apportion import round_exact
from .components import (
    ComponentResult,
    ComponentSpec,
    Inputs,
    Line,
    MissingInput,
    exact_value,
    param,
    param_date,
    param_final,
    param_fraction,
    param_int,
    param_months,
)
from .explain import OPERATION_TARIFF, Input, share_explanation
from .formatting import (
    format_date,
    format_decimal_places,
    format_exact_kr,
    format_int,
    format_kr,
    format_month,
    format_percent,
)

KIND_NAMES = {"hip": "Höftledsprotes", "prolapse": "Framfall", "cataract": "Grå starr"}
PER_INHABITANTS = 100_000  # operations are shown per 100 000 inhabitants; the ranking itself is exact


@dataclass(frozen=True)
class TariffRow:
    """One region's operations, earnings, cap, payment up to the cap, remainder share and operations per inhabitant.

    `per_inhabitant` is empty when no ranking was made (no remainder, and the ranking population not loaded).
    """

    region: str
    operations: Mapping[str, int]
    earned: int
    cap: int
    paid: int
    remainder: Fraction
    per_inhabitant: Mapping[str, Fraction]


@dataclass(frozen=True)
class TopList:
    """The regions sharing one area's remainder pot (ties at the last place all in), and the pot."""

    kind: str
    regions: tuple[str, ...]
    pot: Fraction
    cap_sum: int = 0


def top_by_rate(rates: Mapping[str, Fraction], top_n: int) -> tuple[str, ...]:
    """Return the regions with the `top_n` highest positive rates, every region tied with the last place included.

    Regions with no operations never qualify: seed 003 rewards regions that "genomfört flest antal operationer".
    """
    positive = {code: rate for code, rate in rates.items() if rate > 0}
    if len(positive) > top_n:
        threshold = sorted(positive.values(), reverse=True)[top_n - 1]
        positive = {code: rate for code, rate in positive.items() if rate >= threshold}
    return tuple(sorted(positive, key=lambda code: (-positive[code], code)))


def _operations(value: object, what: str) -> int:
    number = exact_value(value, what)  # type: ignore[arg-type]
    if number.denominator != 1 or number < 0:
        raise ValueError(f"{what}: a number of operations must be a whole number ≥ 0, got {value!r}")
    return int(number)


def operation_tariff(spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return each region's tariff payment up to its cap plus its share of the top-5 remainder pots."""
    year = param_int(spec, "year")
    months = param_months(spec)
    tariffs = {kind: int(value) for kind, value in param(spec, "tariffs").items()}  # type: ignore[attr-defined]
    indicators = dict(param(spec, "indicators"))  # type: ignore[call-overload]
    cap_series = str(param(spec, "cap_series"))
    ranking_date = param_date(spec, "ranking_population_date")
    shares = {
        kind: param_fraction(value, f"remainder share {kind}")
        for kind, value in param(spec, "remainder_shares").items()  # type: ignore[attr-defined]
    }
    top_n = param_int(spec, "top_n", 5, minimum=1)
    names = {kind: KIND_NAMES.get(kind, kind) for kind in tariffs}
    names.update(param(spec, "kind_names", {}))  # type: ignore[call-overload]
    if not tariffs or set(indicators) != set(tariffs) or set(shares) != set(tariffs):
        raise ValueError(f"component {spec.code!r}: tariffs, indicators and remainder shares must name the same kinds")
    if sum(shares.values()) != 1:
        raise ValueError(f"component {spec.code!r}: remainder shares must add up to 1, got {sum(shares.values())}")

    codes = inputs.codes()
    series = inputs.need_weights.get(cap_series)
    if series is None:
        raise MissingInput((f"Maxtak ({cap_series}) saknas för alla regioner",))
    missing_caps = [code for code in codes if series.get(code) is None]
    if missing_caps:
        raise MissingInput((f"Maxtak ({cap_series}) saknas för: {inputs.names(missing_caps)}",))
    caps = {code: int(series[code]) for code in codes}

    # Missing months count as no operations reported (the Django side has already summed the providers).
    operations = {
        code: {
            kind: sum(
                _operations(
                    inputs.monthly[(code, indicators[kind], year, month)],
                    f"{names[kind]} {inputs.regions[code]} {format_month(month)} {year}",
                )
                for month in months
                if (code, indicators[kind], year, month) in inputs.monthly
            )
            for kind in tariffs
        }
        for code in codes
    }
    earned = {code: sum(operations[code][kind] * tariffs[kind] for kind in tariffs) for code in codes}
    paid = {code: min(earned[code], caps[code]) for code in codes}
    remainder = spec.amount - sum(paid.values())
    if remainder < 0:
        raise ValueError(f"component {spec.code!r}: payments up to the caps exceed the amount {spec.amount}")

    notes: list[str] = []
    populations: dict[str, int] | None
    if remainder > 0:
        # The ranking must be refused until the population it ranks by is loaded.
        populations = inputs.population(ranking_date)
    else:
        try:
            populations = inputs.population(ranking_date)
        except MissingInput:
            populations = None
        notes.append(
            "Inga kvarstående medel: alla medel går åt till ersättning upp till taken; ingen topplista behövs."
        )

    per_inhabitant: dict[str, dict[str, Fraction]] = {code: {} for code in codes}
    top_lists = []
    extra: dict[str, Fraction] = dict.fromkeys(codes, Fraction(0))
    if populations is not None:
        for code in codes:
            per_inhabitant[code] = {
                kind: Fraction(operations[code][kind], populations[code]) if populations[code] else Fraction(0)
                for kind in tariffs
            }
        for kind in tariffs:
            top = top_by_rate({code: per_inhabitant[code][kind] for code in codes}, top_n)
            pot = remainder * shares[kind]
            cap_sum = sum(caps[code] for code in top)
            if pot and not top:
                notes.append(
                    f"Ingen region har utfört någon operation av typen {names[kind].lower()}; potten "
                    f"{format_exact_kr(pot)} fördelas inte."
                )
            elif pot and not cap_sum:
                notes.append(
                    f"Topplistan för {names[kind].lower()} har inget maxtak att fördela efter; potten "
                    f"{format_exact_kr(pot)} fördelas inte."
                )
            else:
                for code in top:
                    extra[code] += pot * caps[code] / cap_sum if pot else Fraction(0)
            top_lists.append(TopList(kind=kind, regions=top, pot=pot, cap_sum=cap_sum))

    exact = {code: paid[code] + extra[code] for code in codes}
    rounded = round_exact(exact, spec.rounding, weights=caps)
    final = param_final(spec)
    if final is None:
        final = all(
            any((code, indicators[kind], year, month) in inputs.monthly for code in codes for kind in tariffs)
            for month in months
        )
    if not final:
        notes.append(
            "Preliminär ställning: mätperioden är inte avslutad; kvarstående medel och topplistor kan ändras."
        )

    tops = {item.kind: item for item in top_lists}
    lines = []
    for code in codes:
        share = rounded[code]
        text, line_inputs = _line_text(
            code=code,
            spec=spec,
            inputs=inputs,
            tariffs=tariffs,
            names=names,
            operations=operations[code],
            earned=earned[code],
            cap=caps[code],
            paid=paid[code],
            remainder=remainder,
            shares=shares,
            tops=tops,
            per_inhabitant=per_inhabitant[code],
            months=months,
            year=year,
        )
        text += f" Summa exakt {format_exact_kr(share.exact)}; "
        if populations is not None:
            line_inputs.append(
                Input("population", f"Befolkning {format_date(ranking_date)}", populations[code], as_of=ranking_date)
            )
        explanation = share_explanation(
            rule=OPERATION_TARIFF, source=spec.source, text=text, inputs=line_inputs, share=share, policy=spec.rounding
        )
        lines.append(Line(component=spec.code, region=code, amount=share.amount, explanation=explanation))

    rows = tuple(
        TariffRow(
            region=code,
            operations=operations[code],
            earned=earned[code],
            cap=caps[code],
            paid=paid[code],
            remainder=extra[code],
            per_inhabitant=per_inhabitant[code],
        )
        for code in codes
    )
    return ComponentResult(
        component=spec.code,
        lines=tuple(lines),
        provisional=not final,
        detail=(*rows, *top_lists),
        notes=tuple(notes),
    )


def _line_text(
    *,
    code: str,
    spec: ComponentSpec,
    inputs: Inputs,
    tariffs: Mapping[str, int],
    names: Mapping[str, str],
    operations: Mapping[str, int],
    earned: int,
    cap: int,
    paid: int,
    remainder: int,
    shares: Mapping[str, Fraction],
    tops: Mapping[str, TopList],
    per_inhabitant: Mapping[str, Fraction],
    months: tuple[int, ...],
    year: int,
) -> tuple[str, list[Input]]:
    period = f"{format_month(months[0])}–{format_month(months[-1])} {year}"
    counted = "; ".join(
        f"{names[kind]}: {format_int(operations[kind])} × {format_kr(tariffs[kind])}"
        f" = {format_kr(operations[kind] * tariffs[kind])}"
        for kind in tariffs
    )
    reached = " (taket nått)" if earned >= cap else ""
    text = (
        f"Operationer {period} för patienter med hemregion {inputs.regions[code]}: {counted}."
        f" Intjänat {format_kr(earned)}, maxtak {format_kr(cap)} → ersättning {format_kr(paid)}{reached}."
    )
    line_inputs = [
        Input("region", "Region", inputs.regions[code]),
        Input("total", spec.name, spec.amount, source=spec.source),
        *(Input(f"operations_{kind}", f"{names[kind]}: operationer {period}", operations[kind]) for kind in tariffs),
        *(Input(f"tariff_{kind}", f"{names[kind]}: ersättning per operation", tariffs[kind]) for kind in tariffs),
        Input("cap", "Maxtak", cap),
        Input("remainder_total", "Kvarstående medel", remainder),
    ]
    if remainder:
        text += f" Kvarstående medel: {format_kr(spec.amount)} − summa ersättning = {format_kr(remainder)}."
        for kind in tariffs:
            top = tops.get(kind)
            rate = per_inhabitant.get(kind)
            rate_text = (
                f"{format_decimal_places(rate * PER_INHABITANTS)} operationer per"
                f" {format_int(PER_INHABITANTS)} invånare"
                if rate is not None
                else "ingen rangordning"
            )
            if top is not None and code in top.regions and top.cap_sum:
                text += (
                    f" {names[kind]}: i topplistan ({rate_text});"
                    f" {format_percent(shares[kind])} × {format_kr(remainder)}"
                    f" = {format_exact_kr(top.pot)} × {format_kr(cap)} / {format_kr(top.cap_sum)}"
                    f" = {format_exact_kr(top.pot * cap / top.cap_sum)}."
                )
                line_inputs += [
                    Input(f"pot_{kind}", f"{names[kind]}: pott", top.pot),
                    Input(f"qualified_cap_sum_{kind}", f"{names[kind]}: summa maxtak i topplistan", top.cap_sum),
                ]
            else:
                text += f" {names[kind]}: inte i topplistan ({rate_text})."
    return text, line_inputs
