"""Monthly performance pots with a bonus pot (DESIGN §4.3; seed 002, "Krav på prestation").

Seed 002: "varje region reserveras en del av månadspotten för respektive prestationskrav utifrån
befolkningsstorlek per den 1 november 2023". A region qualifies for its reserved share in a month by
"Förbättring jämfört med 2023 ... med minst 0,5 procent" or by "Placerar sig i topp 5 under 2024"; meeting both,
"får regionen endast ersättning för den förstnämnda". Shares not qualified for go to "en s.k. bonuspott", which is
paid "utifrån samma fördelning som medlen för uppfyllda prestationskrav".
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .apportion import round_exact
from .components import (
    ComponentResult,
    ComponentSpec,
    Inputs,
    Line,
    exact_value,
    param,
    param_date,
    param_final,
    param_fraction,
    param_int,
    param_months,
)
from .explain import PERFORMANCE_POTS, Input, count_text, share_explanation
from .formatting import (
    approx_equals,
    format_approx_kr,
    format_date,
    format_exact_kr,
    format_int,
    format_kr,
    format_month,
    format_months,
    format_number,
)

IMPROVEMENT = "improvement"
TOP = "top5"
NOT_MET = "not_met"
NO_DATA = "no_data"
PENDING = "pending"
STATUSES = (IMPROVEMENT, TOP, NOT_MET, NO_DATA, PENDING)
QUALIFYING = (IMPROVEMENT, TOP)

STATUS_LABELS = {
    IMPROVEMENT: "förbättring",
    TOP: "topp 5",
    NOT_MET: "ej uppfyllt",
    NO_DATA: "inget värde",
    PENDING: "inväntar data",
}


@dataclass(frozen=True)
class Requirement:
    """One performance requirement: its code, the monthly indicator it is measured on, its amount and name."""

    code: str
    indicator: str
    amount: int
    name: str


@dataclass(frozen=True, slots=True)  # slots: 139 200 cells at 2 900 recipients
class MonthCell:
    """One region's standing for one requirement in one month.

    `reserved` is the region's reserved share of that month's pot; `rank` is its place among the regions that
    reported that month (1 = lowest rate; tied values share a place), None without a value.
    """

    requirement: str
    region: str
    month: int
    value: Decimal | None
    baseline: Decimal | None
    reserved: Fraction
    status: str
    rank: int | None


@dataclass(frozen=True)
class BonusPot:
    """The bonus pot: reserved shares not qualified for, and the qualified total it is shared by.

    `pending` is what lies in months without any data yet (neither qualified nor in the bonus pot).
    The performance rule puts one BonusPot last in `ComponentResult.detail`, after the MonthCells.
    """

    total: Fraction
    qualified_total: Fraction
    pending: Fraction = Fraction(0)


def _requirements(spec: ComponentSpec) -> tuple[Requirement, ...]:
    items = param(spec, "requirements")
    requirements = tuple(
        Requirement(
            code=str(item["code"]),
            indicator=str(item["indicator"]),
            amount=int(item["amount"]),
            name=str(item.get("name", item["code"])),
        )
        for item in items  # type: ignore[attr-defined]
    )
    if not requirements or len({item.code for item in requirements}) != len(requirements):
        raise ValueError(f"component {spec.code!r}: requirements must be non-empty with unique codes")
    if sum(item.amount for item in requirements) != spec.amount:
        raise ValueError(f"component {spec.code!r}: the requirements' amounts do not add up to {spec.amount}")
    return requirements


def _as_decimal(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def improved(value: Fraction, baseline: Fraction, improvement: Fraction) -> bool:
    """Return whether `value` is at least `improvement` (relative) below `baseline`: 0,5 % exactly qualifies.

    Seed 002 asks for "minst 0,5 procent, dvs färre överbeläggningar": fewer, so a baseline of 0 cannot be improved.
    """
    return value < baseline and value <= baseline * (1 - improvement)


def top_regions(values: dict[str, Fraction] | dict[str, int], top_n: int) -> set[str]:
    """Return the regions among the `top_n` lowest values; every region tied with the last place is in."""
    if len(values) <= top_n:
        return set(values)
    threshold = heapq.nsmallest(top_n, values.values())[-1]  # linear in the regions for a short top list
    return {code for code, value in values.items() if value <= threshold}


def _ordinal(values: dict[str, Fraction]) -> dict[str, int]:
    """Return the values as integers in the same order, ties kept: each times the denominators' least multiple.

    Exact, and integers compare many times faster than fractions; ranking and the top list sort thousands of
    values a month. Reported rates are decimals, so the common multiple is a small power of ten.
    """
    scale = math.lcm(*(value.denominator for value in values.values()))  # 1 when there are none
    return {code: value.numerator * (scale // value.denominator) for code, value in values.items()}


def performance_pots(spec: ComponentSpec, inputs: Inputs) -> ComponentResult:
    """Return each region's performance amount: qualified monthly shares plus its share of the bonus pot."""
    as_of = param_date(spec, "population_date")
    year = param_int(spec, "year")
    baseline_year = param_int(spec, "baseline_year", year - 1)
    months = param_months(spec)
    improvement = param_fraction(param(spec, "improvement"), "improvement")
    top_n = param_int(spec, "top_n", 5, minimum=1)
    requirements = _requirements(spec)
    populations = inputs.population(as_of)
    population_sum = sum(populations.values())
    if population_sum <= 0:
        raise ValueError("the population sum must be positive")
    codes = inputs.codes()

    def reported(requirement: Requirement, month: int) -> bool:
        return any((code, requirement.indicator, year, month) in inputs.monthly for code in codes)

    final = param_final(spec)
    if final is None:
        final = all(reported(requirement, month) for requirement in requirements for month in months)

    cells: dict[tuple[str, str, int], MonthCell] = {}
    notes: list[str] = []
    bonus = pending = Fraction(0)
    for requirement in requirements:
        pot = Fraction(requirement.amount, len(months))
        # A region's reserved share of a month's pot is the same in every month of the requirement.
        reserved = {code: pot * populations[code] / population_sum for code in codes}
        for month in months:
            raw = {code: inputs.monthly.get((code, requirement.indicator, year, month)) for code in codes}
            base = {code: inputs.monthly.get((code, requirement.indicator, baseline_year, month)) for code in codes}
            what = f"{requirement.name} {format_month(month)} {year}"
            values = {code: exact_value(v, what) for code, v in raw.items() if v is not None}
            ordinal = _ordinal(values)
            if not values and not final:
                pending += pot
                statuses = dict.fromkeys(codes, PENDING)
            else:
                if not values:
                    notes.append(f"Ingen region har rapporterat {what}; hela månadspotten går till bonuspotten.")
                top = top_regions(ordinal, top_n)
                statuses = {}
                for code in codes:
                    if code not in values:
                        statuses[code] = NO_DATA
                    elif base[code] is not None and improved(values[code], exact_value(base[code], what), improvement):
                        statuses[code] = IMPROVEMENT
                    elif code in top:
                        statuses[code] = TOP
                    else:
                        statuses[code] = NOT_MET
                # The shares not qualified for, summed as populations first: one division instead of a sum of
                # thousands of fractions whose common denominator grows with every region.
                unqualified = sum(populations[c] for c in codes if statuses[c] not in QUALIFYING)
                bonus += pot * unqualified / population_sum
            # Competition ranking (1, 2, 2, 4): one plus the number of strictly lower values, i.e. one plus the
            # place where a value first occurs in the sorted values (one sort per month, then a lookup per region).
            lower: dict[int, int] = {}
            for place, value in enumerate(sorted(ordinal.values())):
                lower.setdefault(value, place)
            for code in codes:
                value = ordinal.get(code)
                rank = None if value is None else 1 + lower[value]
                cells[(requirement.code, code, month)] = MonthCell(
                    requirement=requirement.code,
                    region=code,
                    month=month,
                    value=_as_decimal(raw[code]),
                    baseline=_as_decimal(base[code]),
                    reserved=reserved[code],
                    status=statuses[code],
                    rank=rank,
                )

    # Each region's cells, grouped once: scanning every cell for every region made the rule quadratic.
    by_region: dict[str, list[MonthCell]] = {code: [] for code in codes}
    for cell in cells.values():
        by_region[cell.region].append(cell)
    # A region's qualified amount is the sum of its qualified months' pots times its population share; the total
    # over regions likewise, as one division of integers and small fractions (equal to summing every share).
    pots = {requirement.code: Fraction(requirement.amount, len(months)) for requirement in requirements}
    weight = {
        code: sum((pots[cell.requirement] for cell in by_region[code] if cell.status in QUALIFYING), Fraction(0))
        for code in codes
    }
    qualified = {code: weight[code] * populations[code] / population_sum for code in codes}
    qualified_total = sum((weight[code] * populations[code] for code in codes), Fraction(0)) / population_sum
    if qualified_total:
        exact = {code: qualified[code] + bonus * qualified[code] / qualified_total for code in codes}
    else:
        exact = dict.fromkeys(codes, Fraction(0))
        notes.append("Ingen region har kvalificerat sig för något prestationskrav; alla rader är 0 kr.")
    shares = round_exact(exact, spec.rounding, weights={code: qualified[code] for code in codes})
    if final and qualified_total and sum(exact.values()) != spec.amount:
        raise AssertionError("qualified shares and the bonus pot must add up to the component amount")

    lines = []
    for code in codes:
        share = shares[code]
        text, requirement_inputs = _requirement_texts(
            requirements,
            by_region[code],
            months,
            year,
            f"{format_int(populations[code])} / {format_int(population_sum)} (befolkning {format_date(as_of)})",
        )
        bonus_share = bonus * qualified[code] / qualified_total if qualified_total else Fraction(0)
        text += (
            f" Kvalificerat totalt {format_approx_kr(qualified[code])} av {format_approx_kr(qualified_total)}"
            f" för alla regioner; andel av bonuspotten: {format_approx_kr(bonus)}"
            f" × {format_number(qualified[code])} / {format_number(qualified_total)}"
            f" {approx_equals(bonus_share)}. Summa exakt {format_exact_kr(share.exact)}; "
        )
        explanation = share_explanation(
            rule=PERFORMANCE_POTS,
            source=spec.source,
            text=text,
            inputs=(
                Input("region", "Region", inputs.regions[code]),
                Input("total", spec.name, spec.amount, source=spec.source),
                Input("population", f"Befolkning {format_date(as_of)}", populations[code], as_of=as_of),
                Input("population_sum", inputs.population_label(as_of), population_sum, as_of=as_of),
                Input("months_count", "Antal mätmånader", len(months)),
                *requirement_inputs,
                Input("qualified", "Kvalificerat belopp", qualified[code]),
                Input("qualified_total", "Kvalificerat belopp, alla regioner", qualified_total),
                Input("bonus_pot", "Bonuspott", bonus),
            ),
            share=share,
            policy=spec.rounding,
        )
        lines.append(Line(component=spec.code, region=code, amount=share.amount, explanation=explanation))

    if not final:
        done = sum(1 for month in months if any(reported(requirement, month) for requirement in requirements))
        notes.append(
            f"Preliminär ställning: data finns för {format_int(done)} av {format_int(len(months))} månader."
            f" Raderna visar kvalificerat hittills plus andel av bonuspotten hittills och summerar till"
            f" {format_kr(sum(line.amount for line in lines))} av {format_kr(spec.amount)};"
            f" {format_exact_kr(pending)} avser månader utan data ännu."
        )
    ordered = [cells[(r.code, code, month)] for r in requirements for code in codes for month in months]
    detail = (*ordered, BonusPot(total=bonus, qualified_total=qualified_total, pending=pending))
    return ComponentResult(
        component=spec.code,
        lines=tuple(lines),
        provisional=not final,
        detail=detail,
        notes=tuple(notes),
    )


def _requirement_texts(
    requirements: tuple[Requirement, ...],
    cells: list[MonthCell],
    months: tuple[int, ...],
    year: int,
    population_share: str,
) -> tuple[str, list[Input]]:
    parts = []
    extra = []
    for requirement in requirements:
        own = [cell for cell in cells if cell.requirement == requirement.code]
        reserved = own[0].reserved
        by_status = {status: [cell.month for cell in own if cell.status == status] for status in STATUSES}
        qualified_months = len(by_status[IMPROVEMENT]) + len(by_status[TOP])
        listing = "; ".join(
            f"{STATUS_LABELS[status]}: {format_months(by_status[status])}"
            f" ({count_text(len(by_status[status]), 'månad', 'månader')})"
            for status in STATUSES
            if by_status[status]
        )
        parts.append(
            f"{requirement.name} {year}: reserverat {format_kr(requirement.amount)} / {format_int(len(months))}"
            f" × {population_share} {approx_equals(reserved)} per månad; {listing};"
            f" kvalificerat {count_text(qualified_months, 'månad', 'månader')}"
            f" {approx_equals(reserved * qualified_months)}."
        )
        extra += [
            Input(f"amount_{requirement.code}", requirement.name, requirement.amount),
            Input(
                f"qualified_months_{requirement.code}", f"{requirement.name}: kvalificerade månader", qualified_months
            ),
            *(
                Input(
                    f"{status}_months_{requirement.code}",
                    f"{requirement.name}: {STATUS_LABELS[status]} (månader)",
                    len(by_status[status]),
                )
                for status in STATUSES
            ),
        ]
    return " ".join(parts), extra
