"""Mutation testing: change the code one small step at a time and check that some test notices.

Run on demand from the repository root (not in CI; a full run takes about an hour on two cores):

    .venv/bin/python benchmarks/mutation.py [--module tariff] [--list-survivors] [--jobs 2] [--max 20]

`--dry-run` lists the mutants without running anything; `--tests PATH ...` runs other tests than the module's own
(to check that a new test kills a survivor); `--timeout SECONDS` overrides the per-mutant timeout.

For every target module the source is parsed with `ast` and each mutant changes exactly one node:
comparison operators (< <=, > >=, == !=, in / not in, is / is not), arithmetic (+ -, * //, / → *),
`and` / `or`, True / False, an integer constant c → c + 1 (and 1 → 0), `any` / `all`, `min` / `max`, a `not`
removed, and `return …` → `return None` in functions declared to return a bool. String concatenation is not
mutated (`+` → `-` on text only raises TypeError).

Mutants never touch the working tree (other people edit it while this runs): the repository is copied once per
job into a temporary directory (without .venv, .git and caches), the mutant is written over the module in that
copy, the module's tests run there with this venv's Python (`pytest -x`, a per-mutant timeout), and the original
text is written back in `finally`; the copies are deleted at the end, also after Ctrl-C. A baseline run first
checks that the tests pass in the copy with every target module regenerated, unmutated, from its syntax tree, and
sets the timeout from how long that took.

A mutant is killed when the tests fail (a timeout counts as killed: the suite does not pass), survived when they
pass. Mutants listed in EQUIVALENT behave exactly like the original for every input; each carries its reason, is
still run (a declared-equivalent mutant that is killed is reported, so the list stays honest) and is left out of
the score: score = killed / (mutants − equivalent).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"

ENGINE_TESTS = ("tests/allocation/",)
MONEY_TESTS = (
    "tests/office/test_mutants_money.py",
    "tests/office/test_payouts.py",
    "tests/office/test_repayments.py",
    "tests/office/test_money_cycle.py",
)

# Module → the tests that must notice a mutant in it. The engine's tests need no database and run in seconds; the
# money services' tests use an in-memory SQLite database.
TARGETS: dict[str, tuple[str, ...]] = {
    "grants/allocation/apportion.py": ENGINE_TESTS,
    "grants/allocation/shares.py": ENGINE_TESTS,
    "grants/allocation/performance.py": ENGINE_TESTS,
    "grants/allocation/tariff.py": ENGINE_TESTS,
    "grants/allocation/planner.py": ENGINE_TESTS,
    "grants/allocation/explain.py": ENGINE_TESTS,
    "grants/allocation/formatting.py": ENGINE_TESTS,
    "grants/allocation/rules.py": ENGINE_TESTS,
    "grants/allocation/components.py": ENGINE_TESTS,
    "grants/allocation/whatif.py": ENGINE_TESTS,
    "grants/services/payouts.py": MONEY_TESTS,
    "grants/services/repayments.py": MONEY_TESTS,
    # The staff check every money service makes first (it used to be payouts._require_staff).
    "grants/services/guards.py": MONEY_TESTS,
}


@dataclass(frozen=True)
class Equivalent:
    """A mutant that behaves exactly like the original: matched by module, line and description."""

    module: str
    line: int
    description: str
    reason: str


ENGINE = "grants/allocation/"
EQUIVALENT: tuple[Equivalent, ...] = (
    Equivalent(
        ENGINE + "shares.py",
        54,
        "1 → 2",
        "Equal weights of 2 give the same shares as weights of 1 (each is weight / Σ weights; ties stay ties).",
    ),
    Equivalent(
        ENGINE + "whatif.py",
        37,
        "True → False",
        "Change is built once per region or part and only read: never assigned to, hashed or used as a key.",
    ),
    Equivalent(
        ENGINE + "whatif.py",
        54,
        "True → False",
        "Comparison is built once by compare() and only read: never assigned to, hashed or used as a key.",
    ),
    Equivalent(
        ENGINE + "performance.py",
        62,
        "True → False",
        "Requirement is built and read only inside performance.py: never assigned to, hashed or returned.",
    ),
    Equivalent(
        ENGINE + "performance.py",
        72,
        "True → False #2",
        "slots=False gives MonthCell a __dict__ (more memory per cell); frozen, it behaves the same.",
    ),
    Equivalent(
        ENGINE + "performance.py",
        135,
        "<= → <",
        "With exactly top_n values the threshold is the largest value, so every region is in the top list anyway.",
    ),
    Equivalent(
        ENGINE + "tariff.py",
        79,
        "> → >=",
        "With exactly top_n positive rates the threshold is the smallest of them, so every one of them stays in.",
    ),
    Equivalent(
        ENGINE + "planner.py",
        70,
        "<= → <",
        "A cap of 0 starts the search at scale 0, where every count is 0 and the loop returns them at once.",
    ),
    Equivalent(
        ENGINE + "planner.py",
        81,
        "<= → <",
        "At lower = 0 the candidate counts are all 0 and earn 0 < cap (cap > 0 here): the same counts are returned.",
    ),
    Equivalent(
        ENGINE + "formatting.py",
        54,
        "1 → 0 #2",
        "A whole scaled value rounds half up to itself, so taking that branch for every denominator changes nothing.",
    ),
    Equivalent(
        ENGINE + "formatting.py",
        59,
        "< → <=",
        "A value of 0 rounds to 0, and a rounded 0 gets no minus sign either way.",
    ),
    Equivalent(
        ENGINE + "formatting.py",
        70,
        "< → <=",
        "0 is a whole number and returned by the first branch; it never reaches the sign.",
    ),
    Equivalent(
        "grants/services/payouts.py",
        90,
        "+ → -",
        "Keys never repeat in one check (one payout per region and part in a decision, one requisition per "
        "region, one line per part), so the running total is never read again.",
    ),
    Equivalent(
        "grants/services/payouts.py",
        90,
        "0 → 1",
        "Keys never repeat in one check (see the line above), so the running total is never read again.",
    ),
    Equivalent(
        "grants/services/payouts.py",
        174,
        "0 → 1 #2",
        "Without a computed part (`part` is None) the line is always left out, whatever `remaining` says.",
    ),
)

IGNORED_IN_COPY = (".venv", ".git", "__pycache__", "*.pyc", ".hypothesis", ".pytest_cache", ".ruff_cache")
IGNORED_IN_COPY += ("build", "*.egg-info", "db.sqlite3", "db.sqlite3-journal", "media", "staticfiles")
KILLED, SURVIVED, TIMEOUT = "killed", "survived", "timeout"

COMPARISONS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
ARITHMETIC: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult}
ARITHMETIC[ast.Div] = ast.Mult
BOOLEAN: dict[type, type] = {ast.And: ast.Or, ast.Or: ast.And}
CALLS = {"any": "all", "all": "any", "min": "max", "max": "min"}
SYMBOLS: dict[type, str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.FloorDiv: "//",
    ast.Div: "/",
    ast.And: "and",
    ast.Or: "or",
}


@dataclass
class Mutant:
    """One single-node change to a module, with the mutated source and, once run, its outcome."""

    module: str
    line: int
    description: str
    code: str
    source: str
    equivalent: Equivalent | None = None
    outcome: str = ""
    seconds: float = 0.0


@dataclass
class Site:
    """A place that can be mutated: the node's position in `ast.walk` order and how to change a copy of it."""

    index: int
    line: int
    description: str
    change: Callable[[ast.AST, ast.Module], None]


@dataclass
class Tally:
    """Outcomes per module."""

    mutants: int = 0
    killed: int = 0
    timeout: int = 0
    survived: int = 0
    equivalent: int = 0
    survivors: list[Mutant] = field(default_factory=list)

    @property
    def score(self) -> float:
        scored = self.mutants - self.equivalent
        return (self.killed + self.timeout) / scored if scored else 1.0


def _is_text(node: ast.AST) -> bool:
    """Return whether the node is plainly text or a sequence display, whose `+` joins rather than adds."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _is_text(node.func.value)  # "; ".join(...)
    return isinstance(node, ast.JoinedStr | ast.List | ast.Tuple) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _replace(tree: ast.Module, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[[id(item) for item in value].index(id(old))] = new
                return
    raise LookupError("node not found in its tree")


def _set(attribute: str, value_of: Callable[[], object]) -> Callable[[ast.AST, ast.Module], None]:
    def change(node: ast.AST, tree: ast.Module) -> None:
        setattr(node, attribute, value_of())

    return change


def _set_compare(position: int, operator: type) -> Callable[[ast.AST, ast.Module], None]:
    def change(node: ast.AST, tree: ast.Module) -> None:
        node.ops[position] = operator()  # type: ignore[attr-defined]

    return change


def _unwrap_not(node: ast.AST, tree: ast.Module) -> None:
    _replace(tree, node, node.operand)  # type: ignore[attr-defined]


def _annotations(tree: ast.Module) -> set[int]:
    """Return the ids of every node inside a type annotation (nothing there runs)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        hints = []
        if isinstance(node, ast.AnnAssign | ast.arg):
            hints.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            hints.append(node.returns)
        for hint in hints:
            if hint is not None:
                inside.update(id(part) for part in ast.walk(hint))
    return inside


def _bool_returns(tree: ast.Module) -> set[int]:
    """Return the ids of `return <value>` statements in functions annotated to return a bool."""
    found: set[int] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef) or function.returns is None:
            continue
        if "bool" not in ast.unparse(function.returns).replace(" ", "").split("|"):
            continue
        stack = list(function.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
                continue
            if isinstance(node, ast.Return) and ast.unparse(node) != "return None" and node.value is not None:
                found.add(id(node))
            stack.extend(ast.iter_child_nodes(node))
    return found


def sites(tree: ast.Module) -> Iterator[Site]:
    """Yield every single-node mutation of the module, in a stable order."""
    hints = _annotations(tree)
    bool_returns = _bool_returns(tree)
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in hints:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for position, operator in enumerate(node.ops):
                new = COMPARISONS.get(type(operator))
                if new:
                    text = f"{SYMBOLS[type(operator)]} → {SYMBOLS[new]}"
                    yield Site(index, line, text, _set_compare(position, new))
        elif isinstance(node, ast.BinOp | ast.AugAssign):
            new = ARITHMETIC.get(type(node.op))
            operands = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.target, node.value)
            if new and not (isinstance(node.op, ast.Add) and any(_is_text(item) for item in operands)):
                text = f"{SYMBOLS[type(node.op)]} → {SYMBOLS[new]}"
                if isinstance(node, ast.AugAssign):
                    text = f"{SYMBOLS[type(node.op)]}= → {SYMBOLS[new]}="
                yield Site(index, line, text, _set("op", new))
        elif isinstance(node, ast.BoolOp):
            new = BOOLEAN[type(node.op)]
            yield Site(index, line, f"{SYMBOLS[type(node.op)]} → {SYMBOLS[new]}", _set("op", new))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield Site(index, line, "not removed", _unwrap_not)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield Site(index, line, f"{node.value} → {not node.value}", _set("value", lambda v=node.value: not v))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            value = node.value
            yield Site(index, line, f"{value} → {value + 1}", _set("value", lambda v=value: v + 1))
            if value == 1:
                yield Site(index, line, "1 → 0", _set("value", lambda: 0))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS:
            new_name = CALLS[node.func.id]
            func = node.func

            def rename(target: ast.AST, tree: ast.Module, name: str = new_name) -> None:
                target.func.id = name  # type: ignore[attr-defined]

            yield Site(index, func.lineno, f"{func.id}() → {new_name}()", rename)
        elif isinstance(node, ast.Return) and id(node) in bool_returns:
            yield Site(index, line, "return value → None", _set("value", lambda: ast.Constant(None)))


def mutants(module: str) -> list[Mutant]:
    """Return the module's mutants, each with the complete mutated source."""
    original = (ROOT / module).read_text(encoding="utf-8")
    tree = ast.parse(original, filename=module)
    lines = original.splitlines()
    columns = [getattr(node, "col_offset", 0) for node in ast.walk(tree)]
    found = []
    seen: dict[tuple[int, str], int] = {}
    for site in sorted(sites(tree), key=lambda site: (site.line, columns[site.index])):
        mutated = copy.deepcopy(tree)
        node = next(node for index, node in enumerate(ast.walk(mutated)) if index == site.index)
        site.change(node, mutated)
        source = ast.unparse(ast.fix_missing_locations(mutated)) + "\n"
        code = lines[site.line - 1].strip() if 0 < site.line <= len(lines) else ""
        # The same change twice on one line (two 1s, say) is told apart by its place from the left: "1 → 0 #2".
        seen[(site.line, site.description)] = occurrence = seen.get((site.line, site.description), 0) + 1
        description = site.description if occurrence == 1 else f"{site.description} #{occurrence}"
        found.append(Mutant(module=module, line=site.line, description=description, code=code, source=source))
    for mutant in found:
        mutant.equivalent = next(
            (
                item
                for item in EQUIVALENT
                if (item.module, item.line, item.description) == (mutant.module, mutant.line, mutant.description)
            ),
            None,
        )
    return found


def sample(items: list[Mutant], size: int | None) -> list[Mutant]:
    """Return at most `size` mutants spread evenly over the module (all of them without a size)."""
    if size is None or size >= len(items):
        return items
    if size <= 0:
        return []
    step = len(items) / size
    return [items[int(position * step)] for position in range(size)]


class Workspace:
    """Copies of the repository, one per job, handed out to one mutant at a time."""

    def __init__(self, jobs: int) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="mutation-")
        self._free: list[Path] = []
        self._lock = threading.Condition()
        self._running: set[subprocess.Popen] = set()
        self.stopping = False
        for number in range(jobs):
            tree = Path(self._directory.name) / f"job{number}"
            shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(*IGNORED_IN_COPY), symlinks=True)
            self._free.append(tree)
        self.environment = {**os.environ, "PYTHONHASHSEED": "0"}
        # Never PostgreSQL or a real broker: the tests run on SQLite in memory with eager tasks.
        for name in ("DATABASE_URL", "CELERY_BROKER_URL", "PYTEST_ADDOPTS", "DJANGO_SETTINGS_MODULE"):
            self.environment.pop(name, None)

    def close(self) -> None:
        self.stop()
        self._directory.cleanup()

    def stop(self) -> None:
        self.stopping = True
        with self._lock:
            for process in list(self._running):
                _kill(process)

    def acquire(self) -> Path:
        with self._lock:
            while not self._free:
                self._lock.wait()
            return self._free.pop()

    def release(self, tree: Path) -> None:
        with self._lock:
            self._free.append(tree)
            self._lock.notify()

    def run_tests(self, tree: Path, tests: tuple[str, ...], timeout: float) -> tuple[str, float, int]:
        """Run the tests in one copy; return the outcome, the seconds it took and pytest's exit code."""
        command = [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0", *tests]
        start = time.monotonic()
        if self.stopping:
            raise KeyboardInterrupt
        process = subprocess.Popen(  # noqa: S603 - our own venv's Python with fixed arguments
            command,
            cwd=tree,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        with self._lock:
            self._running.add(process)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            return TIMEOUT, time.monotonic() - start, -1
        finally:
            with self._lock:
                self._running.discard(process)
            # Hypothesis keeps failing examples; one mutant's must not help the next one's tests.
            shutil.rmtree(tree / ".hypothesis", ignore_errors=True)
        return (SURVIVED if code == 0 else KILLED), time.monotonic() - start, code

    def run_mutant(self, mutant: Mutant, timeout: float) -> Mutant:
        tree = self.acquire()
        path = tree / mutant.module
        original = path.read_bytes()
        try:
            path.write_text(mutant.source, encoding="utf-8")
            _forget_bytecode(path)
            mutant.outcome, mutant.seconds, _ = self.run_tests(tree, TARGETS[mutant.module], timeout)
        finally:
            path.write_bytes(original)
            _forget_bytecode(path)
            self.release(tree)
        return mutant


def _forget_bytecode(path: Path) -> None:
    """Delete the module's cached bytecode: a mutant of the same size written in the same second would reuse it."""
    for cached in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
        cached.unlink(missing_ok=True)


def _kill(process: subprocess.Popen) -> None:
    """End a test run this script started, with the processes it started (its own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def baseline(workspace: Workspace, modules: list[str]) -> dict[tuple[str, ...], float]:
    """Return how long each set of tests takes, run with every target module regenerated from its syntax tree.

    Fails when the tests do not pass unmutated, or when the copy is not what the tests import.
    """
    tree = workspace.acquire()
    try:
        check = subprocess.run(  # noqa: S603 - our own venv's Python with fixed arguments
            [str(PYTHON), "-c", "import grants.allocation as m; print(m.__file__)"],
            cwd=tree,
            env=workspace.environment,
            capture_output=True,
            text=True,
            check=True,
        )
        if not Path(check.stdout.strip()).resolve().is_relative_to(tree.resolve()):
            sys.exit(f"The tests would import {check.stdout.strip()}, not the copy in {tree}.")
        for module in modules:
            path = tree / module
            path.write_text(ast.unparse(ast.parse(path.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
            _forget_bytecode(path)
        durations = {}
        for tests in dict.fromkeys(TARGETS[module] for module in modules):
            outcome, seconds, code = workspace.run_tests(tree, tests, timeout=1800)
            if outcome != SURVIVED:
                sys.exit(f"Baseline: {' '.join(tests)} fail unmutated (pytest exit code {code}); fix that first.")
            durations[tests] = seconds
            print(f"Baseline: {' '.join(tests)} pass in {seconds:.1f} s.", file=sys.stderr)
        return durations
    finally:
        for module in modules:
            shutil.copyfile(ROOT / module, tree / module)
            _forget_bytecode(tree / module)
        workspace.release(tree)


def select(names: list[str] | None) -> list[str]:
    """Return the target modules a --module option names (path, file name or stem); all without one."""
    if not names:
        return list(TARGETS)
    chosen = []
    for name in names:
        matches = [module for module in TARGETS if name in (module, Path(module).name, Path(module).stem)]
        if not matches:
            sys.exit(f"Unknown module {name!r}; targets: {', '.join(TARGETS)}")
        chosen += [module for module in matches if module not in chosen]
    return chosen


def report(results: list[Mutant], modules: list[str], *, list_survivors: bool, sampled: bool) -> None:
    """Print the score table, mistaken or stale EQUIVALENT entries and, when asked, every survivor."""
    tallies = {module: Tally() for module in modules}
    for mutant in results:
        tally = tallies[mutant.module]
        tally.mutants += 1
        if mutant.equivalent:
            tally.equivalent += 1
        elif mutant.outcome == KILLED:
            tally.killed += 1
        elif mutant.outcome == TIMEOUT:
            tally.timeout += 1
        else:
            tally.survived += 1
            tally.survivors.append(mutant)
    print()
    print("| module | mutants | killed | timeout | survived | equivalent | score |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for module, tally in tallies.items():
        print(
            f"| {module} | {tally.mutants} | {tally.killed} | {tally.timeout} | {tally.survived} "
            f"| {tally.equivalent} | {tally.score:.1%} |"
        )
    wrong = [mutant for mutant in results if mutant.equivalent and mutant.outcome in (KILLED, TIMEOUT)]
    for mutant in wrong:
        print(f"Declared equivalent but killed, remove it from EQUIVALENT: {_describe(mutant)}")
    matched = {id(mutant.equivalent) for mutant in results if mutant.equivalent}
    checked = {mutant.module for mutant in results}
    for item in EQUIVALENT:
        if item.module in checked and id(item) not in matched and not sampled:
            where = f"{item.module}:{item.line} {item.description}"
            print(f"EQUIVALENT entry matches no mutant (has its line moved?): {where}")
    if list_survivors:
        survivors = [mutant for tally in tallies.values() for mutant in tally.survivors]
        print(f"\nSurvivors ({len(survivors)}):")
        for mutant in survivors:
            print(f"  {_describe(mutant)}")


def _describe(mutant: Mutant) -> str:
    return f"{mutant.module}:{mutant.line}  {mutant.description}  |  {mutant.code}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a target module (path, file name or stem); repeatable")
    parser.add_argument("--list-survivors", action="store_true", help="print every surviving mutant")
    parser.add_argument("--jobs", type=int, default=2, help="test runs in parallel (default 2)")
    parser.add_argument("--max", type=int, help="at most this many mutants per module, spread evenly (a sample)")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 4 × the baseline, at least 30)")
    parser.add_argument("--dry-run", action="store_true", help="list the mutants without running anything")
    parser.add_argument(
        "--tests", nargs="+", help="run these tests instead of the modules' own (to check that a new test kills)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    modules = select(args.module)
    if args.tests:
        TARGETS.update(dict.fromkeys(modules, tuple(args.tests)))
    chosen = [mutant for module in modules for mutant in sample(mutants(module), args.max)]
    if args.dry_run:
        for mutant in chosen:
            mark = "  (equivalent)" if mutant.equivalent else ""
            print(f"{_describe(mutant)}{mark}")
        print(f"{len(chosen)} mutants")
        return 0

    workspace = Workspace(args.jobs)
    try:
        durations = baseline(workspace, modules)
        done = 0
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = []
            for mutant in chosen:
                tests = TARGETS[mutant.module]
                timeout = args.timeout or max(30.0, 4 * durations[tests])
                futures.append(pool.submit(workspace.run_mutant, mutant, timeout))
            try:
                for future in as_completed(futures):
                    mutant = future.result()
                    done += 1
                    print(
                        f"[{done}/{len(chosen)}] {mutant.outcome:8} {mutant.seconds:5.1f} s  {_describe(mutant)}",
                        file=sys.stderr,
                        flush=True,
                    )
            except KeyboardInterrupt:
                workspace.stop()
                for future in futures:
                    future.cancel()
                raise
    finally:
        workspace.close()
    report(chosen, modules, list_survivors=args.list_survivors, sampled=args.max is not None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
