"""Writes for programmes and allocation runs. Each service is one transaction."""

import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from regions.models import Region
from regions.services import WriteSummary, need_weights_set, population_figures_set

from .. import allocation
from ..dates import swedish_date
from ..definitions import ProgrammeDefinition, parse_definition
from ..models import (
    AllocationLine,
    AllocationRun,
    Component,
    Deadline,
    GrantProgramme,
    Measure,
    ProgrammeVersion,
)
from ..selectors import component_specs, engine_inputs, programmes_reading_population
from .guards import require_open
from .runs import results_detail

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    programme: GrantProgramme
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _save_if_changed(instance: models.Model, values: dict, actor, report: LoadReport, label: str) -> None:
    """Set the values and save only when something differs, so an unchanged load leaves no history entry."""
    is_new = instance.pk is None
    differs = [name for name, value in values.items() if getattr(instance, name) != value]
    if not is_new and not differs:
        return
    for name, value in values.items():
        setattr(instance, name, value)
    instance._history_user = actor
    try:
        instance.full_clean()
    except ValidationError as error:
        faults = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        raise ValidationError(
            _("%(what)s kan inte sparas – %(faults)s") % {"what": label, "faults": faults}
        ) from error
    instance.save()
    change = "ny" if is_new else f"ändrad ({', '.join(differs)})"  # i18n: stored
    report.changes.append(f"{label}: {change}")


def _deadline_key(kind: str, day) -> str:
    """Name a deadline as staff read it in the load report: "återrapportering 30 januari 2023".

    Always in Swedish, whatever the language of the page: the load report is kept with the programme's versions.
    """
    with translation.override("sv"):
        return f"{str(Deadline.Kind(kind).label).lower()} {swedish_date(day)}"


def _sync_children(queryset, key_of, wanted: dict, make, actor, report: LoadReport, label: str) -> None:
    """Make the programme's children exactly the wanted ones: update by key, create new, delete the rest."""
    existing = {key_of(obj): obj for obj in queryset}
    for key, values in wanted.items():
        instance = existing.pop(key, None) or make()
        _save_if_changed(instance, values, actor, report, f"{label} {key}")
    for key, obj in existing.items():
        obj._history_user = actor
        obj.delete()
        report.changes.append(f"{label} {key}: borttagen")  # i18n: stored


@transaction.atomic
def programme_load_definition(
    *, actor, text: str, filename: str = "definitionen", reason: str = "", publish: bool = False
) -> LoadReport:
    """Create or update a programme from a definition file; loading the same file again changes nothing.

    A new programme is a draft, seen by staff only, until it is published (`publish` does that at once). A change
    to a published programme needs a reason and becomes a new version of it.
    """
    definition = parse_definition(text, filename)
    report = _programme_write(actor=actor, definition=definition, reason=reason)
    if publish and report.programme.is_draft:
        programme_publish(programme=report.programme, actor=actor, reason=reason)
        report.changes.append("Statsbidraget: publicerat")  # i18n: stored
    return report


def _programme_write(*, actor, definition: ProgrammeDefinition, reason: str = "") -> LoadReport:
    values = dict(definition.programme)
    code = values.pop("code")
    programme = GrantProgramme.objects.select_for_update().filter(code=code).first() or GrantProgramme(code=code)
    was_published = programme.pk is not None and programme.status == GrantProgramme.Status.PUBLISHED
    report = LoadReport(programme=programme)
    report = _programme_fill(programme, definition, values, actor, report)
    if programme.is_closed and report.changed:  # the transaction rolls back every change made above
        raise ValidationError(
            _("%(programme)s (%(year)s) är avslutat och kan inte ändras: %(changes)s")
            % {"programme": programme.title, "year": programme.budget_year, "changes": "; ".join(report.changes[:5])}
        )
    if was_published and report.changed:
        if not reason.strip():
            raise ValidationError(
                _(
                    "%(programme)s (%(year)s) är publicerat: ange skälet till ändringen, så blir den en ny version "
                    "av statsbidraget. Ändringar: %(changes)s"
                )
                % {
                    "programme": programme.title,
                    "year": programme.budget_year,
                    "changes": "; ".join(report.changes[:5]),
                }
            )
        _version_create(programme, actor, reason, report.changes)
    return report


def _version_create(programme: GrantProgramme, actor, reason: str, changes: list[str]) -> ProgrammeVersion:
    from ..definition_export import programme_to_toml

    last = programme.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ProgrammeVersion.objects.create(
        programme=programme,
        number=last + 1,
        reason=reason.strip(),
        definition=programme_to_toml(programme, with_data=False),
        changes=changes,
        created_by=actor,
    )


@transaction.atomic
def programme_publish(*, programme: GrantProgramme, actor, reason: str = "") -> ProgrammeVersion:
    """Publish a draft: regions see it from now on, and its rules change only through a new version.

    Refused when the draft is not one (already published or closed) or lacks a part.
    """
    locked = GrantProgramme.objects.select_for_update().get(pk=programme.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("%(programme)s (%(year)s) är redan %(status)s.")
            % {"programme": locked.title, "year": locked.budget_year, "status": locked.get_status_display().lower()}
        )
    if not locked.components.exists():
        raise ValidationError(
            _("%(programme)s (%(year)s) har ingen del och kan inte publiceras.")
            % {"programme": locked.title, "year": locked.budget_year}
        )
    locked.status = GrantProgramme.Status.PUBLISHED
    locked._history_user = actor
    locked._change_reason = "Publicerat"  # i18n: stored
    locked.save(update_fields=["status"])
    programme.status = locked.status
    changes = ["Statsbidraget: publicerat"]  # i18n: stored
    return _version_create(locked, actor, reason.strip() or "Publicerat", changes)  # i18n: stored


def _programme_fill(programme, definition: ProgrammeDefinition, values: dict, actor, report: LoadReport):
    _save_if_changed(programme, values, actor, report, "Statsbidraget")  # i18n: stored

    used = set(AllocationLine.objects.filter(run__programme=programme).values_list("component__code", flat=True))
    removed = used - {c.code for c in definition.components}
    if removed:
        raise ValidationError(
            _("Delen %(parts)s kan inte tas bort: det finns fördelningskörningar som använder den.")
            % {"parts": ", ".join(sorted(removed))}
        )
    _sync_children(
        programme.components.all(),
        lambda c: c.code,
        {
            c.code: {
                k: getattr(c, k)
                for k in (
                    "code",
                    "name",
                    "rule",
                    "amount",
                    "source",
                    "condition",
                    "rounding_unit",
                    "rounding_method",
                    "parameters",
                    "position",
                    "payment_basis",
                    "requisition_amount",
                    "payment_terms",
                    "payment_source",
                    "recipients",
                )
            }
            for c in definition.components
        },
        lambda: Component(programme=programme),
        actor,
        report,
        "Delen",  # i18n: stored
    )
    _sync_children(
        programme.deadlines.all(),
        lambda d: _deadline_key(d.kind, d.date),
        {_deadline_key(d["kind"], d["date"]): d for d in definition.deadlines},
        lambda: Deadline(programme=programme),
        actor,
        report,
        "Tidsfristen",  # i18n: stored
    )
    _sync_children(
        programme.measures.all(),
        lambda m: m.name,
        {m["name"]: m for m in definition.measures},
        lambda: Measure(programme=programme),
        actor,
        report,
        "Insatsen",  # i18n: stored
    )
    for table in definition.populations:
        summary = population_figures_set(
            actor=actor,
            reference_date=table["reference_date"],
            figures=table["figures"],
            source=table["source"],
            is_example=table["is_example"],
        )
        if summary.changed:
            counts = f"{summary.created} nya, {summary.updated} ändrade"  # i18n: stored
            report.changes.append(f"Befolkning {table['reference_date']:%Y-%m-%d}: {counts}")  # i18n: stored
    for table in definition.need_weights:
        summary = need_weights_set(actor=actor, series=table["series"], values=table["values"], source=table["source"])
        if summary.changed:
            counts = f"{summary.created} nya, {summary.updated} ändrade"  # i18n: stored
            report.changes.append(f"Vikter {table['series']}: {counts}")  # i18n: stored
    return report


def _digest(specs, inputs: allocation.Inputs) -> str:
    """Return a fingerprint of everything a computation reads, to recognise a repeat."""
    payload = json.dumps(
        [
            repr(specs),
            repr(sorted(inputs.populations.items())),
            repr(sorted(inputs.need_weights.items())),
            repr(sorted(inputs.monthly.items())),
            repr(sorted(inputs.regions.items())),
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def allocation_run_create(
    *, programme: GrantProgramme, actor=None, trigger: str = AllocationRun.Trigger.MANUAL, force: bool = False
) -> AllocationRun:
    """Compute the programme's allocation and store it as a new run; return the latest run if nothing changed.

    A component that lacks inputs (e.g. population on a reference date) is left out and the run says what is
    missing, so staff see why; a run where no component could be computed is stored as failed.
    """
    GrantProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    require_open(programme, draft_allowed=True)
    components = list(programme.components.order_by("position", "code"))
    specs = component_specs(components)
    inputs = engine_inputs(programme, specs)
    digest = _digest(specs, inputs)
    last = programme.runs.order_by("-number").first()
    if (
        not force
        and last is not None
        and last.input_digest == digest
        and last.status in (AllocationRun.Status.SUCCEEDED, AllocationRun.Status.FAILED)
    ):
        return last
    run = AllocationRun.objects.create(
        programme=programme,
        number=(last.number + 1 if last else 1),
        created_by=actor,
        trigger=trigger,
        status=AllocationRun.Status.RUNNING,
        input_digest=digest,
    )
    results, missing = [], []
    for spec in specs:
        try:
            results.append(allocation.compute_component(spec, inputs))
        except allocation.MissingInput as error:
            missing.extend(f"{spec.name}: {text}" for text in error.missing)
    del inputs  # every monthly value read: not needed to store the results, and the largest object in memory
    if missing:
        run.error = "Underlag saknas: " + " ".join(missing)  # i18n: stored
    if not results:
        run.status = AllocationRun.Status.FAILED
        run.save(update_fields=["status", "error"])
        return run
    run.detail = results_detail(specs, results)
    _store_results(run, components, results)
    return run


def _basis(explanation: allocation.Explanation) -> int | None:
    for item in explanation.inputs:
        if item.key in ("population", "cap") and isinstance(item.value, int):
            return item.value
    return None


def _store_results(run: AllocationRun, components: list[Component], results) -> None:
    by_code = {c.code: c for c in components}
    regions = {r.code: r for r in Region.objects.all()}
    lines, notes, shared_inputs = [], [], {}
    for result in results:
        component = by_code[result.component]
        notes.extend(f"{component.name}: {note}" for note in result.notes)
        # The inputs every line of the part has in common are stored once, on the run.
        shared, explanations = allocation.split_shared_inputs([line.explanation.to_dict() for line in result.lines])
        if shared:
            shared_inputs[str(component.pk)] = shared
        for line, explanation in zip(result.lines, explanations, strict=True):
            lines.append(
                AllocationLine(
                    run=run,
                    component=component,
                    region=regions[line.region],
                    amount=line.amount,
                    exact=f"{line.explanation.exact.numerator}/{line.explanation.exact.denominator}",
                    basis=_basis(line.explanation),
                    explanation=explanation,
                )
            )
    run.shared_inputs = shared_inputs
    AllocationLine.objects.bulk_create(lines, batch_size=500)
    run.total = sum(line.amount for line in lines)
    run.provisional = any(r.provisional for r in results)
    run.notes = notes
    run.status = AllocationRun.Status.SUCCEEDED
    run.save(update_fields=["total", "provisional", "notes", "status", "error", "detail", "shared_inputs"])


@transaction.atomic
def population_import(*, actor, reference_date, figures: dict[Region, int], source: str = "") -> WriteSummary:
    """Store population figures for a date and, after commit, recompute the programmes whose rules read that date.

    The 2025 tariff's ranking waits for the population of 1 November 2024 (seed 003); loading it is what lets the
    remainder be shared, so the recompute follows without staff having to ask for it.
    """
    summary = population_figures_set(actor=actor, reference_date=reference_date, figures=figures, source=source)
    if summary.changed:
        programme_ids = programmes_reading_population(reference_date)
        transaction.on_commit(lambda: _recompute_all(programme_ids), robust=True)
    return summary


def _recompute_all(programme_ids: list[int]) -> None:
    from reporting.services.recompute import recompute_enqueue

    for programme_id in programme_ids:
        recompute_enqueue(programme_id)
