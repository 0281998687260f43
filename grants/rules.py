"""Parameters of each allocation rule: validated on the way in, typed on the way to the engine.

Stored as JSON (dates as ISO text, decimals as text); `validate_parameters` returns that stored form and
`engine_parameters` the typed form the pure engine expects.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Parser = Callable[[str, object], object]


def _fail(key: str, message: str):
    raise ValidationError(_("Parametern %(key)s: %(message)s") % {"key": key, "message": message})


def _date(key, value):
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        _fail(key, _("%(value)s är inget datum (skriv ÅÅÅÅ-MM-DD).") % {"value": repr(value)})


def _int(key, value, minimum=0):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(
            key, _("ska vara ett heltal ≥ %(minimum)s, inte %(value)s.") % {"minimum": minimum, "value": repr(value)}
        )
    return value


def _bool(key, value):
    if not isinstance(value, bool):
        _fail(key, _("ska vara true eller false, inte %(value)s.") % {"value": repr(value)})
    return value


def _year(key, value):
    value = _int(key, value, 2000)
    if value > 2100:
        _fail(key, _("%(value)s är inget rimligt år.") % {"value": value})
    return value


def _decimal(key, value):
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        _fail(key, _("%(value)s är inget tal.") % {"value": repr(value)})
    if not number.is_finite() or number < 0:
        _fail(key, _("%(value)s ska vara ett tal ≥ 0.") % {"value": repr(value)})
    return str(number)


def _text(key, value):
    if not isinstance(value, str) or not value.strip():
        _fail(key, _("ska vara en text som inte är tom."))
    return value.strip()


def _months(key, value):
    if not isinstance(value, list) or not value:
        _fail(key, _("ska vara en lista med månadsnummer, t.ex. [2, 3, 4]."))
    for month in value:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            _fail(key, _("%(value)s är inget månadsnummer 1–12.") % {"value": repr(month)})
    if len(set(value)) != len(value):
        _fail(key, _("samma månad står flera gånger."))
    return sorted(value)


def _kind_map(parse_value):
    def parse(key, value):
        if not isinstance(value, dict) or not value:
            _fail(key, _("ska vara en tabell, t.ex. { hip = 108000 }."))
        return {str(k): parse_value(f"{key}.{k}", v) for k, v in value.items()}

    return parse


def _requirements(key, value):
    if not isinstance(value, list) or not value:
        _fail(key, _("ska vara en lista med prestationskrav."))
    parsed = []
    for index, item in enumerate(value, start=1):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            _fail(where, _("ska vara en tabell med code, name, indicator och amount."))
        missing = {"code", "name", "indicator", "amount"} - item.keys()
        if missing:
            _fail(where, _("saknar %(keys)s.") % {"keys": ", ".join(sorted(missing))})
        parsed.append(
            {
                "code": _text(f"{where}.code", item["code"]),
                "name": _text(f"{where}.name", item["name"]),
                "indicator": _text(f"{where}.indicator", item["indicator"]),
                "amount": _int(f"{where}.amount", item["amount"]),
            }
        )
    return parsed


# rule -> {key: (parser, required)}
SCHEMAS: dict[str, dict[str, tuple[Parser, bool]]] = {
    "population_share": {"population_date": (_date, True)},
    "equal_share": {},
    "performance_pots": {
        "population_date": (_date, True),
        "year": (_year, True),
        "baseline_year": (_year, True),
        "months": (_months, True),
        "improvement": (_decimal, True),
        "top_n": (lambda k, v: _int(k, v, 1), False),
        "requirements": (_requirements, True),
        # Staff close the period explicitly; without it, it counts as closed once every month has data.
        "final": (_bool, False),
    },
    "operation_tariff": {
        "year": (_year, True),
        "months": (_months, True),
        "tariffs": (_kind_map(_int), True),
        "indicators": (_kind_map(_text), True),
        "cap_series": (_text, True),
        "ranking_population_date": (_date, True),
        "remainder_shares": (_kind_map(_int), True),
        "top_n": (lambda k, v: _int(k, v, 1), False),
        "final": (_bool, False),
    },
}


def validate_parameters(rule: str, params: dict) -> dict:
    """Return the parameters in stored form, or raise ValidationError naming the first wrong key."""
    if rule not in SCHEMAS:
        raise ValidationError(
            _("Okänd fördelningsregel %(rule)s; tillåtna: %(allowed)s.")
            % {"rule": repr(rule), "allowed": ", ".join(SCHEMAS)}
        )
    if not isinstance(params, dict):
        raise ValidationError(_("Parametrarna ska vara en tabell."))
    schema = SCHEMAS[rule]
    unknown = sorted(set(params) - set(schema))
    if unknown:
        raise ValidationError(
            _("Okänd parameter för regeln %(rule)s: %(keys)s.") % {"rule": rule, "keys": ", ".join(unknown)}
        )
    parsed = {}
    for key, (parse, required) in schema.items():
        if key not in params:
            if required:
                raise ValidationError(
                    _("Parametern %(key)s saknas (krävs för regeln %(rule)s).") % {"key": key, "rule": rule}
                )
            continue
        parsed[key] = parse(key, params[key])
    _check_consistency(rule, parsed)
    return parsed


def _check_consistency(rule: str, parsed: dict) -> None:
    if rule == "operation_tariff":
        kinds = set(parsed["tariffs"])
        for key in ("indicators", "remainder_shares"):
            if set(parsed[key]) != kinds:
                raise ValidationError(
                    _("Parametern %(key)s ska ha samma slag som tariffs (%(kinds)s).")
                    % {"key": key, "kinds": ", ".join(sorted(kinds))}
                )
        if sum(parsed["remainder_shares"].values()) != 100:
            raise ValidationError(_("Parametern remainder_shares: andelarna (procent) ska summera till 100."))
    if rule == "performance_pots" and parsed["year"] <= parsed["baseline_year"]:
        raise ValidationError(_("Parametern baseline_year ska vara ett tidigare år än year."))


def requirements_total(rule: str, parsed: dict) -> int | None:
    """Return what the rule's sub-parts add up to, when it has sub-parts with amounts."""
    if rule == "performance_pots":
        return sum(r["amount"] for r in parsed["requirements"])
    return None


def engine_parameters(rule: str, stored: dict) -> dict:
    """Return the stored parameters typed for the allocation engine (dates, Decimals, Fractions)."""
    typed = dict(stored)
    for key in ("population_date", "ranking_population_date"):
        if key in typed:
            typed[key] = date.fromisoformat(typed[key])
    if "improvement" in typed:
        typed["improvement"] = Decimal(typed["improvement"])
    if "remainder_shares" in typed:
        typed["remainder_shares"] = {k: Fraction(v, 100) for k, v in typed["remainder_shares"].items()}
    return typed
