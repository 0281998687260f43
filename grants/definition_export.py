"""Write a programme back in the definition format (docs/definitions.md), so that loading the text again gives the
same programme. Staff download it, keep it beside the decision, and load it elsewhere; forms edit a programme by
writing this text and loading it through the same checks as an uploaded file.

tomli-w writes the TOML: the standard library reads TOML but cannot write it.
"""

from datetime import date

import tomli_w

from regions.models import NeedWeight, PopulationFigure, Region

from .models import Component, GrantProgramme

DATE_PARAMETERS = ("population_date", "ranking_population_date")
OPTIONAL_TEXT = (
    "decision_reference",
    "expenditure_area",
    "appropriation",
    "appropriation_item",
    "summary",
    "source",
)


def _names(codes: list[str], regions: dict[str, str]) -> list[str]:
    return [regions[code] for code in sorted(codes)]


def programme_document(
    programme: GrantProgramme, *, code: str | None = None, with_data: bool = True, components=None
) -> dict:
    """Return the programme as the plain data of a definition file.

    `code` writes it under another short code (a copy made from a template); `with_data` adds the population figures
    and need weights its parts read, for the receiving regions; `components` replaces the stored parts (a form's
    unsaved edit), each a Component instance that need not be saved.
    """
    regions = dict(Region.objects.values_list("code", "short_name"))
    head: dict = {
        "code": code or programme.code,
        "title": programme.title,
        "budget_year": programme.budget_year,
        "frame": programme.frame,
        "admin_allowance": programme.admin_allowance,
    }
    for key in OPTIONAL_TEXT:
        if getattr(programme, key):
            head[key] = getattr(programme, key)
    for key in ("decision_date", "usage_start", "usage_end"):
        if getattr(programme, key):
            head[key] = getattr(programme, key)
    if programme.recipients:
        head["recipients"] = _names(programme.recipients, regions)
    parts = list(programme.components.all()) if components is None else list(components)
    document: dict = {"programme": head}
    deadlines = [
        {"kind": d.kind, "date": d.date, **{k: getattr(d, k) for k in ("description", "source") if getattr(d, k)}}
        for d in programme.deadlines.all()
    ]
    if deadlines:
        document["deadlines"] = deadlines
    document["components"] = [_component(c, regions) for c in sorted(parts, key=lambda c: (c.position, c.code))]
    measures: dict[str, list[str]] = {}
    for measure in programme.measures.order_by("position"):
        measures.setdefault(measure.category, []).append(measure.name)
    if measures:
        document["measures"] = [{"category": category, "items": items} for category, items in measures.items()]
    if with_data:
        document.update(_data(programme, parts, regions))
    return document


def _component(component: Component, regions: dict[str, str]) -> dict:
    item: dict = {
        "code": component.code,
        "name": component.name,
        "rule": component.rule,
        "amount": component.amount,
    }
    for key in ("source", "condition"):
        if getattr(component, key):
            item[key] = getattr(component, key)
    item["rounding"] = {"unit": component.rounding_unit, "method": component.rounding_method}
    if component.recipients:
        item["recipients"] = _names(component.recipients, regions)
    parameters = {
        key: date.fromisoformat(value) if key in DATE_PARAMETERS else value
        for key, value in component.parameters.items()
    }
    if parameters:
        item["parameters"] = parameters
    payment: dict = {"basis": component.payment_basis}
    if component.payment_basis == Component.PaymentBasis.REQUISITION:
        payment["requisition"] = component.requisition_amount
    if component.payment_terms:
        payment["terms"] = component.payment_terms
    if component.payment_source:
        payment["source"] = component.payment_source
    item["payment"] = payment
    return item


def _data(programme: GrantProgramme, parts: list[Component], regions: dict[str, str]) -> dict:
    """Return the population figures and need weights the parts read, for the regions that receive them."""
    dates, series, receiving = set(), set(), set()
    for part in parts:
        for key in DATE_PARAMETERS:
            if key in part.parameters:
                dates.add(part.parameters[key])
        if "cap_series" in part.parameters:
            series.add(part.parameters["cap_series"])
        receiving.update(part.recipients or programme.recipients or regions)
    data: dict = {}
    populations = []
    for reference_date in sorted(dates):
        rows = PopulationFigure.objects.filter(reference_date=reference_date, region__code__in=receiving)
        rows = list(rows.select_related("region").order_by("region__code"))
        if not rows:
            continue
        table: dict = {"reference_date": date.fromisoformat(reference_date)}
        if rows[0].source:
            table["source"] = rows[0].source
        if any(row.is_example for row in rows):
            table["example"] = True
        table["figures"] = {row.region.short_name: row.population for row in rows}
        populations.append(table)
    if populations:
        data["population"] = populations
    weights = []
    for name in sorted(series):
        rows = list(
            NeedWeight.objects.filter(series=name, region__code__in=receiving)
            .select_related("region")
            .order_by("region__code")
        )
        if rows:
            table = {"series": name}
            if rows[0].source:
                table["source"] = rows[0].source
            table["values"] = {row.region.short_name: row.value for row in rows}
            weights.append(table)
    if weights:
        data["need_weights"] = weights
    return data


def programme_to_toml(programme: GrantProgramme, **options) -> str:
    """Return the programme as the text of a definition file (see `programme_document` for the options)."""
    header = (
        # Kept with each published version of the programme (ProgrammeVersion.definition): always Swedish.
        f"# {programme.title} ({programme.budget_year}), skriven av systemet i definitionsformatet.\n"  # i18n: stored
        "# Formatet beskrivs på hjälpsidan för definitioner.\n\n"  # i18n: stored
    )
    return header + tomli_w.dumps(programme_document(programme, **options))
