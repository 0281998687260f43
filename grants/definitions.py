"""Programme definition files: a government decision written as TOML (format: docs/definitions.md).

`parse_definition` checks a whole file and returns plain data, or raises DefinitionError naming the key and,
where it can be found, the line. Nothing is written here; `services.programme_load_definition` writes.
"""

import re
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from grants import l10n
from regions.models import Region
from regions.selectors import RegionResolver

from .models import Component, Deadline
from .rules import requirements_total, validate_parameters


class DefinitionError(ValueError):
    """A definition file that cannot be loaded; the message (in the active language) names where the fault is."""

    @property
    def messages(self) -> list[str]:
        """Return the message as a list, like ValidationError.messages, so callers handle both alike."""
        return [str(self)]


@dataclass
class ComponentDef:
    code: str
    name: str
    rule: str
    amount: int
    source: str
    condition: str
    rounding_unit: int
    rounding_method: str
    parameters: dict
    position: int
    payment_basis: str = "requisition"
    requisition_amount: str = "up_to"
    payment_terms: str = ""
    payment_source: str = ""
    recipients: list[str] = field(default_factory=list)  # county codes; empty: the programme's recipients


@dataclass
class ProgrammeDefinition:
    programme: dict
    deadlines: list[dict] = field(default_factory=list)
    components: list[ComponentDef] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    populations: list[dict] = field(default_factory=list)  # {reference_date, source, is_example, figures{Region:int}}
    need_weights: list[dict] = field(default_factory=list)  # {series, source, values{Region:int}}


PROGRAMME_KEYS = {
    "code": (str, True),
    "title": (str, True),
    "decision_reference": (str, False),
    "decision_date": (date, False),
    "budget_year": (int, True),
    "expenditure_area": (str, False),
    "appropriation": (str, False),
    "appropriation_item": (str, False),
    "frame": (int, True),
    "admin_allowance": (int, False),
    "usage_start": (date, False),
    "usage_end": (date, False),
    "summary": (str, False),
    "source": (str, False),
    "recipients": (list, False),
}
TOP_LEVEL = {"programme", "deadlines", "components", "measures", "population", "need_weights"}
TYPE_NAMES = {
    str: gettext_lazy("en text"),
    int: gettext_lazy("ett heltal"),
    date: gettext_lazy("ett datum (ÅÅÅÅ-MM-DD)"),
    dict: gettext_lazy("en tabell"),
    list: gettext_lazy("en lista"),
}
MAX_INT = 2**63 - 1  # the largest amount the database stores
MAX_POPULATION = 999_999_999
MAX_ROUNDING_UNIT = 1_000_000_000
BUDGET_YEARS = range(2000, 2101)
MAX_SHOWN = 60  # characters of a faulty value quoted in a message
DEFAULT_FILENAME = "definitionen"  # what a file without a name is called in messages (translated when shown)


def _r(value) -> str:
    """Return the value as written in a message, cut short when it is long."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _wrong_type(kind: type, value) -> str:
    return _("ska vara %(kind)s, inte %(value)s.") % {"kind": TYPE_NAMES[kind], "value": _r(value)}


class _Reader:
    """Walks the parsed TOML, naming the key path and line of every fault."""

    def __init__(self, text: str, filename: str):
        self.lines = text.splitlines()
        self.filename = filename

    def line_of(self, *needles: str) -> int | None:
        """Return the first line (1-based) where the needles occur in order, each on or after the previous one."""
        start = 0
        found = None
        for needle in needles:
            pattern = re.compile(rf"(^|[^\w]){re.escape(needle)}([^\w]|$)")
            for number in range(start, len(self.lines)):
                if pattern.search(self.lines[number]):
                    found, start = number + 1, number
                    break
            else:
                return found
        return found

    def fail(self, key: str, message: str, *needles: str):
        line = self.line_of(*needles) if needles else None
        values = {"file": self.filename, "line": line, "key": key, "message": message}
        if line:
            raise DefinitionError(_("%(file)s: rad %(line)s, nyckeln %(key)s: %(message)s") % values)
        raise DefinitionError(_("%(file)s: nyckeln %(key)s: %(message)s") % values)

    def value(self, table: dict, key: str, path: str, kind: type, required: bool, *needles: str):
        if key not in table:
            if required:
                self.fail(f"{path}.{key}", _("saknas."), *needles)
            return None
        value = table[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(f"{path}.{key}", _wrong_type(int, value), *needles, key)
        if kind is int and abs(value) > MAX_INT:
            self.fail(
                f"{path}.{key}", _("talet är för stort (högst %(maximum)s).") % {"maximum": MAX_INT}, *needles, key
            )
        if kind is date and (not isinstance(value, date) or hasattr(value, "hour")):
            self.fail(f"{path}.{key}", _wrong_type(date, value), *needles, key)
        if kind in (str, dict, list) and not isinstance(value, kind):
            self.fail(f"{path}.{key}", _wrong_type(kind, value), *needles, key)
        return value

    def tables(self, data: dict, key: str) -> list[dict]:
        """Return the array of tables [[key]] (empty when missing); anything else written under the key is refused."""
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.fail(
                key,
                _("ska vara en lista med tabeller, skrivna [[%(key)s]], inte %(value)s.")
                % {"key": key, "value": _r(items)},
                key,
            )
        return items

    def no_unknown(self, table: dict, allowed, path: str, *needles: str):
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            self.fail(
                f"{path}.{unknown[0]}",
                _("okänd nyckel (tillåtna: %(allowed)s).") % {"allowed": ", ".join(sorted(allowed))},
                *needles,
                unknown[0],
            )


def parse_definition(text: str, filename: str | None = None) -> ProgrammeDefinition:
    """Return the checked content of a definition file, or raise DefinitionError."""
    if filename is None or filename == DEFAULT_FILENAME:
        filename = _("definitionen")
    data = _toml(text, filename)
    reader = _Reader(text, filename)
    reader.no_unknown(data, TOP_LEVEL, _("(filen)"))
    if "programme" not in data:
        reader.fail("programme", _("saknas: filen ska börja med en tabell [programme]."))
    programme_table = reader.value(data, "programme", "", dict, True, "[programme]")
    reader.no_unknown(programme_table, PROGRAMME_KEYS, "programme", "[programme]")
    programme = {}
    for key, (kind, required) in PROGRAMME_KEYS.items():
        value = reader.value(programme_table, key, "programme", kind, required, "[programme]")
        if value is None:
            value = {str: "", int: 0, date: None, list: []}[kind]
        programme[key] = value
    if programme["budget_year"] not in BUDGET_YEARS:
        reader.fail(
            "programme.budget_year",
            _("%(year)s är inget rimligt budgetår.") % {"year": programme["budget_year"]},
            "budget_year",
        )
    resolver = RegionResolver()
    programme["recipients"] = _recipients(reader, resolver, programme["recipients"], "programme", "[programme]")
    definition = ProgrammeDefinition(programme=programme)
    definition.deadlines = _deadlines(reader, reader.tables(data, "deadlines"))
    definition.components = _components(reader, reader.tables(data, "components"), programme, resolver)
    definition.measures = _measures(reader, reader.tables(data, "measures"))
    receiving = _receiving(resolver, programme, definition.components)
    definition.populations = _populations(reader, resolver, reader.tables(data, "population"), receiving)
    definition.need_weights = _need_weights(reader, resolver, reader.tables(data, "need_weights"), receiving)
    return definition


def _recipients(reader: _Reader, resolver: RegionResolver, names: list, path: str, *needles: str) -> list[str]:
    """Return the county codes of the named regions, sorted; an empty list means every region."""
    codes: list[str] = []
    for name in names:
        region = resolver.resolve(name) if isinstance(name, str) else None
        if region is None:
            reader.fail(f"{path}.recipients", _("okänd region %(name)s.") % {"name": _r(name)}, *needles, "recipients")
        if region.code in codes:
            reader.fail(
                f"{path}.recipients",
                _("regionen %(region)s står två gånger.") % {"region": region},
                *needles,
                "recipients",
            )
        codes.append(region.code)
    return sorted(codes)


def _receiving(resolver: RegionResolver, programme: dict, components: list[ComponentDef]) -> set[Region]:
    """Return the regions some part pays to: the ones whose population and weights the file must give."""
    every = set(resolver.regions)
    codes: set[str] = set()
    for component in components:
        own = component.recipients or programme["recipients"]
        if not own:
            return every
        codes.update(own)
    return {region for region in every if region.code in codes}


def _toml(text: str, filename: str) -> dict:
    """Return the parsed file, or raise DefinitionError: tomllib's own errors, and two it lets through."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        reason = re.sub(r"\s*\(at .*\)$", "", str(error))
        if position:
            message = _("%(file)s: rad %(line)s, kolumn %(column)s: filen är inte giltig TOML (%(reason)s).") % {
                "file": filename,
                "line": position[1],
                "column": position[2],
                "reason": reason,
            }
        else:
            message = _("%(file)s: filen är inte giltig TOML (%(reason)s).") % {"file": filename, "reason": reason}
        raise DefinitionError(message) from error
    except RecursionError:  # tomllib reads nested arrays and inline tables by recursion
        raise DefinitionError(
            _("%(file)s: filen är inte giltig TOML (listor eller tabeller är nästlade i för många nivåer).")
            % {"file": filename}
        ) from None
    except ValueError as error:  # int() refuses a number with more digits than Python converts
        digits = sys.get_int_max_str_digits()
        long_number = re.search(rf"[0-9_]{{{digits},}}", text)
        if long_number:
            message = _(
                "%(file)s: rad %(line)s: filen är inte giltig TOML (ett tal har fler än %(digits)s siffror)."
            ) % {
                "file": filename,
                "line": text.count(chr(10), 0, long_number.start()) + 1,
                "digits": digits,
            }
        else:
            message = _("%(file)s: filen är inte giltig TOML (ett tal har fler än %(digits)s siffror).") % {
                "file": filename,
                "digits": digits,
            }
        raise DefinitionError(message) from error


def _deadlines(reader: _Reader, items: list) -> list[dict]:
    kinds = {k.value for k in Deadline.Kind}
    parsed = []
    for index, item in enumerate(items, start=1):
        path = f"deadlines[{index}]"
        reader.no_unknown(item, {"kind", "date", "description", "source"}, path, "[[deadlines]]")
        kind = reader.value(item, "kind", path, str, True, "[[deadlines]]")
        if kind not in kinds:
            reader.fail(
                f"{path}.kind",
                _("okänt slag %(value)s (tillåtna: %(allowed)s).")
                % {"value": _r(kind), "allowed": ", ".join(sorted(kinds))},
                kind,
            )
        parsed.append(
            {
                "kind": kind,
                "date": reader.value(item, "date", path, date, True, f'"{kind}"'),
                "description": reader.value(item, "description", path, str, False) or "",
                "source": reader.value(item, "source", path, str, False) or "",
            }
        )
    return parsed


COMPONENT_KEYS = {
    "code",
    "name",
    "rule",
    "amount",
    "source",
    "condition",
    "rounding",
    "parameters",
    "payment",
    "recipients",
}
PAYMENT_KEYS = {"basis", "requisition", "terms", "source"}
PERFORMANCE_RULES = {Component.Rule.PERFORMANCE_POTS, Component.Rule.OPERATION_TARIFF}


def _payment(reader: _Reader, item: dict, path: str, code: str, rule: str) -> dict:
    """Return the part's payment plan: when it is paid and what a requisition of it is.

    Without a [components.payment] table a performance part is paid from the final run and any other part after
    an approved requisition of an amount up to the allocation.
    """
    table = reader.value(item, "payment", path, dict, False, f'"{code}"') or {}
    where = f"{path}.payment"
    reader.no_unknown(table, PAYMENT_KEYS, where, f'"{code}"', "payment")
    basis_kind = Component.PaymentBasis
    default_basis = basis_kind.FINAL_RUN if rule in PERFORMANCE_RULES else basis_kind.REQUISITION
    basis = table.get("basis", default_basis)
    if basis not in Component.PaymentBasis.values:
        reader.fail(
            f"{where}.basis",
            _("okänd grund %(value)s (tillåtna: %(allowed)s).")
            % {"value": _r(basis), "allowed": ", ".join(Component.PaymentBasis.values)},
            f'"{code}"',
            "payment",
        )
    if basis == Component.PaymentBasis.REQUISITION and rule in PERFORMANCE_RULES:
        reader.fail(
            f"{where}.basis",
            _(
                "en prestationsbaserad del kan inte betalas ut efter rekvisition: beloppet är känt först när "
                'mätperioden är slut. Använd basis = "final_run".'
            ),
            f'"{code}"',
            "payment",
        )
    requisition = table.get("requisition", Component.RequisitionAmount.UP_TO)
    if "requisition" in table and basis != Component.PaymentBasis.REQUISITION:
        reader.fail(
            f"{where}.requisition", _("gäller bara delar som betalas ut efter rekvisition."), f'"{code}"', "payment"
        )
    if requisition not in Component.RequisitionAmount.values:
        reader.fail(
            f"{where}.requisition",
            _("okänt värde %(value)s (tillåtna: %(allowed)s).")
            % {"value": _r(requisition), "allowed": ", ".join(Component.RequisitionAmount.values)},
            f'"{code}"',
            "payment",
        )
    return {
        "payment_basis": basis,
        "requisition_amount": requisition,
        "payment_terms": reader.value(table, "terms", where, str, False) or "",
        "payment_source": reader.value(table, "source", where, str, False) or "",
    }


def _components(reader: _Reader, items: list, programme: dict, resolver: RegionResolver) -> list[ComponentDef]:
    if not items:
        reader.fail("components", _("saknas: minst en del ([[components]]) behövs."))
    parsed, codes = [], set()
    for index, item in enumerate(items, start=1):
        path = f"components[{index}]"
        reader.no_unknown(item, COMPONENT_KEYS, path, "[[components]]")
        code = reader.value(item, "code", path, str, True, "[[components]]")
        if code in codes:
            reader.fail(f"{path}.code", _("koden %(code)s används av flera delar.") % {"code": _r(code)}, f'"{code}"')
        codes.add(code)
        rule = reader.value(item, "rule", path, str, True, f'"{code}"')
        if rule not in Component.Rule.values:
            reader.fail(
                f"{path}.rule",
                _("okänd regel %(value)s (tillåtna: %(allowed)s).")
                % {"value": _r(rule), "allowed": ", ".join(Component.Rule.values)},
                f'"{code}"',
                rule,
            )
        amount = reader.value(item, "amount", path, int, True, f'"{code}"')
        rounding = reader.value(item, "rounding", path, dict, False, f'"{code}"') or {}
        reader.no_unknown(rounding, {"unit", "method"}, f"{path}.rounding", f'"{code}"', "rounding")
        unit = rounding.get("unit", 1)
        method = rounding.get("method", Component.RoundingMethod.LARGEST_REMAINDER)
        if isinstance(unit, bool) or not isinstance(unit, int) or not 1 <= unit <= MAX_ROUNDING_UNIT:
            reader.fail(
                f"{path}.rounding.unit",
                _("ska vara ett heltal från 1 till %(maximum)s, inte %(value)s.")
                % {"maximum": l10n.kr(MAX_ROUNDING_UNIT), "value": _r(unit)},
                f'"{code}"',
                "rounding",
            )
        if method not in Component.RoundingMethod.values:
            reader.fail(
                f"{path}.rounding.method", _("okänd metod %(value)s.") % {"value": _r(method)}, f'"{code}"', "rounding"
            )
        raw_parameters = reader.value(item, "parameters", path, dict, False, f'"{code}"') or {}
        try:
            parameters = validate_parameters(rule, raw_parameters)
        except ValidationError as error:
            reader.fail(f"{path}.parameters", " ".join(error.messages), f'"{code}"', "parameters")
        subtotal = requirements_total(rule, parameters)
        if subtotal is not None and subtotal != amount:
            reader.fail(
                f"{path}.parameters.requirements",
                _("kravens belopp summerar till %(subtotal)s men delens belopp är %(amount)s.")
                % {"subtotal": l10n.kr(subtotal), "amount": l10n.kr(amount)},
                f'"{code}"',
            )
        parsed.append(
            ComponentDef(
                code=code,
                name=reader.value(item, "name", path, str, True, f'"{code}"'),
                rule=rule,
                amount=amount,
                source=reader.value(item, "source", path, str, False) or "",
                condition=reader.value(item, "condition", path, str, False) or "",
                rounding_unit=unit,
                rounding_method=method,
                parameters=parameters,
                position=index,
                **_payment(reader, item, path, code, rule),
                recipients=_component_recipients(reader, resolver, item, path, code, programme),
            )
        )
    total = sum(c.amount for c in parsed)
    available = programme["frame"] - programme["admin_allowance"]
    if total > available:
        reader.fail(
            "components",
            _(
                "delarna summerar till %(total)s, mer än ramen %(frame)s minus förvaltningsmedlen %(allowance)s = "
                "%(available)s."
            )
            % {
                "total": l10n.kr(total),
                "frame": l10n.kr(programme["frame"]),
                "allowance": l10n.kr(programme["admin_allowance"]),
                "available": l10n.kr(available),
            },
            "[[components]]",
        )
    return parsed


def _component_recipients(
    reader: _Reader, resolver: RegionResolver, item: dict, path: str, code: str, programme: dict
) -> list[str]:
    """Return a part's own recipients; they must be among the programme's when the programme names some."""
    names = reader.value(item, "recipients", path, list, False, f'"{code}"') or []
    codes = _recipients(reader, resolver, names, path, f'"{code}"')
    outside = sorted(set(codes) - set(programme["recipients"])) if programme["recipients"] else []
    if outside:
        named = ", ".join(r.short_name for r in sorted(resolver.regions, key=lambda r: r.code) if r.code in outside)
        reader.fail(
            f"{path}.recipients",
            _("%(regions)s får inte statsbidraget enligt programme.recipients.") % {"regions": named},
            f'"{code}"',
        )
    return codes


def _measures(reader: _Reader, items: list) -> list[dict]:
    parsed, seen = [], set()
    for index, item in enumerate(items, start=1):
        path = f"measures[{index}]"
        reader.no_unknown(item, {"category", "items"}, path, "[[measures]]")
        category = reader.value(item, "category", path, str, True, "[[measures]]")
        names = reader.value(item, "items", path, list, True, f'"{category}"')
        for name in names:
            if not isinstance(name, str) or not name.strip():
                reader.fail(
                    f"{path}.items",
                    _("%(value)s är ingen insats (texten är tom).") % {"value": _r(name)},
                    f'"{category}"',
                )
            if name in seen:
                reader.fail(f"{path}.items", _("insatsen %(value)s står flera gånger.") % {"value": _r(name)}, name)
            seen.add(name)
            parsed.append({"category": category, "name": name.strip(), "position": len(parsed) + 1})
    return parsed


def _region_table(
    reader: _Reader,
    resolver: RegionResolver,
    table: dict,
    path: str,
    header: str,
    required: set[Region],
    maximum: int = MAX_INT,
) -> dict:
    values: dict[Region, int] = {}
    for name, value in table.items():
        region = resolver.resolve(name)
        if region is None:
            reader.fail(f"{path}.{name}", _("okänd region %(name)s.") % {"name": _r(name)}, header, name)
        if region in values:
            reader.fail(
                f"{path}.{name}",
                _("regionen %(region)s står två gånger (även under ett annat namn).") % {"region": region},
                header,
                name,
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            reader.fail(
                f"{path}.{name}", _("ska vara ett heltal ≥ 0, inte %(value)s.") % {"value": _r(value)}, header, name
            )
        if value > maximum:
            reader.fail(
                f"{path}.{name}",
                _("%(value)s är för stort (högst %(maximum)s).") % {"value": value, "maximum": maximum},
                header,
                name,
            )
        values[region] = value
    missing = sorted({r.short_name for r in required} - {r.short_name for r in values})
    if missing:
        reader.fail(
            path,
            ngettext("saknar %(count)s region: %(regions)s.", "saknar %(count)s regioner: %(regions)s.", len(missing))
            % {"count": len(missing), "regions": ", ".join(missing)},
            header,
        )
    return values


def _populations(reader: _Reader, resolver: RegionResolver, items: list, required: set[Region]) -> list[dict]:
    parsed = []
    for index, item in enumerate(items, start=1):
        path = f"population[{index}]"
        reader.no_unknown(item, {"reference_date", "source", "example", "figures"}, path, "[[population]]")
        reference_date = reader.value(item, "reference_date", path, date, True, "[[population]]")
        figures = reader.value(item, "figures", path, dict, True, "[[population]]")
        header = f"reference_date = {reference_date.isoformat()}"
        values = _region_table(reader, resolver, figures, f"{path}.figures", header, required, MAX_POPULATION)
        if any(v == 0 for v in values.values()):
            reader.fail(f"{path}.figures", _("en befolkning kan inte vara 0."), header)
        parsed.append(
            {
                "reference_date": reference_date,
                "source": reader.value(item, "source", path, str, False) or "",
                "is_example": bool(item.get("example", False)),
                "figures": values,
            }
        )
    return parsed


def _need_weights(reader: _Reader, resolver: RegionResolver, items: list, required: set[Region]) -> list[dict]:
    parsed = []
    for index, item in enumerate(items, start=1):
        path = f"need_weights[{index}]"
        reader.no_unknown(item, {"series", "source", "values"}, path, "[[need_weights]]")
        series = reader.value(item, "series", path, str, True, "[[need_weights]]")
        values = reader.value(item, "values", path, dict, True, f'"{series}"')
        parsed.append(
            {
                "series": series,
                "source": reader.value(item, "source", path, str, False) or "",
                "values": _region_table(reader, resolver, values, f"{path}.values", f'"{series}"', required),
            }
        )
    return parsed
