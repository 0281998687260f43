"""Benchmark: recompute a year of monthly data for 290 recipients × 12 months × 4 indicators.

Run from the repository root:

    python benchmarks/recompute.py [--recipients 290] [--repeat 3] [--database sqlite|postgres] [--scaling]

`--scaling` times only the engine at --recipients and ten times as many and prints the growth exponent beside a
linear pass over the same values.

What it measures (figures are printed; nothing is asserted, and the tests never time anything):

1. Engine alone. `grants.allocation.compute_component` for one performance-pots component with 4 requirements
   (one per bed-capacity indicator: overcrowding, outlying, available beds, occupancy), 12 months, 290 synthetic
   recipients with codes R001…R290, and a baseline year: 290 × 12 × 4 × 2 = 27 840 monthly values. Pure Python,
   no database.
2. Whole recompute with database writes. A throwaway database (SQLite in a temporary directory, or with
   `--database postgres` a PostgreSQL database `statsbidrag_bench` on 127.0.0.1, dropped before and after; the
   real database is never touched): synthetic recipients are added to the 21 regions, the same values are stored
   as MonthlyValue rows, and `allocation_run_create` is timed: read the inputs, compute, store 290 lines with
   explanations and the run's per-month detail (13 920 cells). Beside it, in the same process, the baseline: one
   read of the same inputs (monthly values and populations) and a `bulk_create` of the same lines, as stored, in a
   transaction rolled back afterwards. The recompute is printed as a multiple of the baseline, and its peak Python
   memory (tracemalloc, a second untimed run) beside the memory of the inputs alone.
3. The performance matrix export of that run (streamed, named styles) beside a bare write-only workbook of the
   same cells.
4. One delivery and its recompute, as in production: `monthly_values_record` corrects one month for every
   recipient (290 values, with history rows); on commit the recompute task runs (eagerly here, no broker).

Synthetic recipients exist only to size the workload: the allocation rules are those of seed 002 (DESIGN §4.3).
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDICATORS = ("overcrowding_rate", "outlying_rate", "available_beds", "occupancy_rate")
YEAR, BASELINE = 2024, 2023
MONTHS = list(range(1, 13))


def _values(codes: list[str], seed: int = 290) -> dict[tuple[str, str, int, int], Decimal]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data
    values = {}
    for code in codes:
        for indicator in INDICATORS:
            level = rng.uniform(1, 10)
            for year in (BASELINE, YEAR):
                for month in MONTHS:
                    values[(code, indicator, year, month)] = Decimal(str(round(level * rng.uniform(0.85, 1.1), 1)))
    return values


def _parameters() -> dict:
    return {
        "population_date": "2023-11-01",
        "year": YEAR,
        "baseline_year": BASELINE,
        "months": MONTHS,
        "improvement": "0.005",
        "top_n": 5,
        "requirements": [
            {"code": indicator, "name": indicator, "indicator": indicator, "amount": 310_000_000}
            for indicator in INDICATORS
        ],
    }


def engine_alone(recipients: int, repeat: int) -> None:
    from grants import allocation

    spec, inputs = _engine_inputs(recipients)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = allocation.compute_component(spec, inputs)
        times.append(time.perf_counter() - start)
    assert result.total == 1_240_000_000
    print(
        f"1. Engine alone: {recipients} recipients × {len(MONTHS)} months × {len(INDICATORS)} indicators"
        f" (+ baseline year, {len(inputs.monthly)} values): best {min(times):.2f} s, median"
        f" {sorted(times)[len(times) // 2]:.2f} s over {repeat} runs; {len(result.lines)} lines,"
        f" {len(result.detail) - 1} month cells."
    )


def _engine_inputs(recipients: int):
    from grants import allocation
    from grants.rules import engine_parameters

    codes = [f"R{n:04d}" for n in range(1, recipients + 1)]
    rng = random.Random(1)  # noqa: S311
    inputs = allocation.Inputs(
        regions={code: f"Mottagare {code}" for code in codes},
        populations={date(2023, 11, 1): {code: rng.randint(50_000, 2_500_000) for code in codes}},
        monthly=_values(codes),
    )
    spec = allocation.ComponentSpec(
        code="prestation",
        name="Prestation",
        rule="performance_pots",
        amount=1_240_000_000,
        source="benchmark",
        params=engine_parameters("performance_pots", _parameters()),
    )
    return spec, inputs


def _best(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def engine_scaling(small: int, large: int, repeat: int) -> None:
    """Print the engine's time at two sizes and its growth exponent, beside a linear pass over the same values.

    The baseline reads every monthly value once and sums it per recipient: what any rule must at least do. The
    growth exponent is log(t_large / t_small) / log(large / small): 1 is linear.
    """
    import math

    from grants import allocation

    rows = []
    for recipients in (small, large):
        spec, inputs = _engine_inputs(recipients)

        def baseline(inputs=inputs):
            totals: dict[str, Decimal] = {}
            for (code, _indicator, _year, _month), value in inputs.monthly.items():
                totals[code] = totals.get(code, 0) + value
            return totals

        engine = _best(lambda spec=spec, inputs=inputs: allocation.compute_component(spec, inputs), repeat)
        rows.append((recipients, engine, _best(baseline, repeat)))
    (n1, e1, b1), (n2, e2, b2) = rows
    growth = math.log(e2 / e1) / math.log(n2 / n1)
    base_growth = math.log(b2 / b1) / math.log(n2 / n1)
    print(f"0. Engine scaling, performance pots, {len(MONTHS)} months × {len(INDICATORS)} indicators:")
    for recipients, engine, base in rows:
        print(
            f"   {recipients:>5} recipients: engine {engine:.3f} s; baseline (one pass over the values) "
            f"{base:.4f} s; ratio {engine / base:.0f}×"
        )
    print(f"   growth exponent {small}→{large}: engine {growth:.2f}, baseline {base_growth:.2f} (1.00 is linear)")


def with_database(recipients: int) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection, transaction

    django.setup()
    call_command("migrate", verbosity=0)

    from grants.models import AllocationLine, Component, GrantProgramme
    from grants.services import allocation_run_create
    from regions.models import PopulationFigure, Region
    from reporting.models import MonthlyValue
    from reporting.services import MonthlyEntry, monthly_values_record

    # County codes are two characters (PostgreSQL enforces it): synthetic ones use digits and letters of both cases.
    taken = set(Region.objects.values_list("code", flat=True))
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    codes = [a + b for a in alphabet for b in alphabet if a + b not in taken][: recipients - len(taken)]
    Region.objects.bulk_create(
        Region(code=code, name=f"Syntetisk mottagare {code}", short_name=f"Mottagare {code}") for code in codes
    )
    regions = list(Region.objects.order_by("code"))
    rng = random.Random(2)  # noqa: S311
    PopulationFigure.objects.bulk_create(
        PopulationFigure(region=region, reference_date=date(2023, 11, 1), population=rng.randint(50_000, 2_500_000))
        for region in regions
    )
    programme = GrantProgramme.objects.create(code="benchmark", title="Benchmark", budget_year=YEAR, frame=10**10)
    Component.objects.create(
        programme=programme,
        code="prestation",
        name="Prestation",
        rule="performance_pots",
        amount=1_240_000_000,
        parameters=_parameters(),
    )
    by_code = {region.code: region for region in regions}
    values = _values(list(by_code))
    start = time.perf_counter()
    MonthlyValue.objects.bulk_create(
        MonthlyValue(
            region=by_code[code], indicator=indicator, year=year, month=month, value=value, channel="register"
        )
        for (code, indicator, year, month), value in values.items()
    )
    load = time.perf_counter() - start
    print(f"   (setup: {len(values)} MonthlyValue rows bulk-inserted in {load:.2f} s)")

    start = time.perf_counter()
    run = allocation_run_create(programme=programme, force=True)
    whole = time.perf_counter() - start
    stored = list(
        AllocationLine.objects.filter(run=run).values(
            "component_id", "region_id", "basis", "exact", "amount", "explanation"
        )
    )
    cells = len(run.detail["components"]["prestation"]["cells"])
    baseline = _best(lambda: _baseline(run, stored), 3)
    peak, inputs_peak = _peak_memory(
        lambda: allocation_run_create(programme=programme, force=True), lambda: _read_inputs()
    )
    line_bytes = sum(len(json.dumps(line["explanation"], ensure_ascii=False)) for line in stored) // len(stored)
    detail_bytes = len(json.dumps(run.detail, ensure_ascii=False))
    print(
        f"2. Whole recompute with database writes ({connection.vendor}): {whole:.2f} s for run {run.number}"
        f" ({run.status}), {len(stored)} lines, {cells} month cells in the run detail.\n"
        f"   baseline (one read of the inputs + bulk_create of the same lines): {baseline:.2f} s;"
        f" recompute {whole / baseline:.1f}× the baseline\n"
        f"   stored: {line_bytes / 1000:.1f} kB explanation per line, run detail {detail_bytes / 1e6:.2f} MB\n"
        f"   peak memory (tracemalloc): recompute {peak / 1e6:.0f} MB; reading the inputs alone"
        f" {inputs_peak / 1e6:.0f} MB"
    )

    _export(programme, run)

    correction = [
        MonthlyEntry(
            region=region,
            indicator="overcrowding_rate",
            year=YEAR,
            month=10,
            value=values[(region.code, "overcrowding_rate", YEAR, 10)] - Decimal("0.1"),
        )
        for region in regions
    ]
    start = time.perf_counter()
    with transaction.atomic():
        summary = monthly_values_record(actor=None, entries=correction, channel="register")
    delivery = time.perf_counter() - start
    latest = programme.runs.order_by("-number").first()
    print(
        f"4. One delivery and its recompute: {summary.updated} corrected values saved (with history), then run"
        f" {latest.number} computed on commit: {delivery:.2f} s in all."
    )


def _export(programme, run) -> None:
    """Time the performance matrix export beside a bare write-only workbook holding the same cells."""
    from io import BytesIO

    from openpyxl import Workbook

    from reporting.exports import STATUS_BADGES, performance_workbook
    from reporting.screens.performance import performance_matrix

    start = time.perf_counter()
    matrix = performance_matrix(programme, programme.components.get(), run.number)
    building = time.perf_counter() - start

    def bare() -> bytes:
        workbook = Workbook(write_only=True)
        for requirement in matrix.requirements:
            sheet = workbook.create_sheet()
            for row in requirement.rows:
                values = [row.region.short_name, float(row.reserved)]
                for cell in row.cells:
                    values += [
                        None if cell.value is None else float(cell.value),
                        None if cell.baseline is None else float(cell.baseline),
                        STATUS_BADGES[cell.status][1],
                    ]
                sheet.append([*values, row.qualified_months, float(row.qualified)])
        sheet = workbook.create_sheet()
        for total in matrix.totals:
            sheet.append([total.region.short_name, float(total.qualified), float(total.bonus_share), total.amount])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    export = _best(lambda: performance_workbook(matrix), 2)
    baseline = _best(bare, 2)
    print(
        f"3. Performance matrix export ({len(matrix.totals)} recipients, {len(matrix.requirements)} requirement"
        f" sheets + totals): {export:.2f} s to write (streamed, named styles; {building:.2f} s to read the run);"
        f" bare write-only workbook of the same cells {baseline:.2f} s; {export / baseline:.2f}× the baseline"
    )


def _read_inputs():
    from regions.models import PopulationFigure
    from reporting.models import MonthlyValue

    values = list(
        MonthlyValue.objects.filter(indicator__in=INDICATORS, year__in=(BASELINE, YEAR)).values_list(
            "region__code", "indicator", "year", "month", "value"
        )
    )
    populations = list(PopulationFigure.objects.values_list("region__code", "reference_date", "population"))
    return values, populations


def _baseline(run, stored: list[dict]) -> None:
    """One read of the inputs and one bulk_create of the lines the run stored, rolled back."""
    from django.db import transaction

    from grants.models import AllocationLine, AllocationRun

    _read_inputs()
    with transaction.atomic():
        copy = AllocationRun.objects.create(programme=run.programme, number=run.number + 1000)
        AllocationLine.objects.bulk_create(AllocationLine(run=copy, **line) for line in stored)
        transaction.set_rollback(True)


def _peak_memory(work, inputs_only) -> tuple[int, int]:
    import gc
    import tracemalloc

    peaks = []
    for job in (work, inputs_only):
        gc.collect()
        tracemalloc.start()
        job()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peaks[0], peaks[1]


POSTGRES = "statsbidrag_bench"


def _postgres(action: str) -> None:
    import subprocess

    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", POSTGRES], check=True)
    if action == "create":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", POSTGRES], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=290)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--scaling", action="store_true", help="only the engine at --recipients and 10 × as many, with the exponent"
    )
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="statsbidrag-benchmark-") as folder:
        # Isolated: a fresh SQLite file, tasks run in-process, no shared cache.
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/benchmark.sqlite3"
        if arguments.database == "postgres":
            _postgres("create")
            os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{POSTGRES}"
        for name in ("CELERY_BROKER_URL", "REDIS_URL"):
            os.environ.pop(name, None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
        if arguments.scaling:
            engine_scaling(arguments.recipients, 10 * arguments.recipients, arguments.repeat)
            return
        engine_alone(arguments.recipients, arguments.repeat)
        try:
            with_database(arguments.recipients)
        finally:
            if arguments.database == "postgres":
                from django.db import connections

                connections.close_all()
                _postgres("drop")


if __name__ == "__main__":
    main()
