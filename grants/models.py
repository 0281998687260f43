from functools import cached_property

import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.models import PaymentMethod, Region

from .allocation.explain import join_shared_inputs


class ProgrammeQuerySet(models.QuerySet):
    def visible_to_regions(self):
        """Return the programmes regions may see: published or closed, never a draft."""
        return self.exclude(status=GrantProgramme.Status.DRAFT)

    def in_progress(self):
        """Return the published programmes: the ones with work, reminders and recomputes."""
        return self.filter(status=GrantProgramme.Status.PUBLISHED)


class GrantProgramme(models.Model):
    """A targeted state grant as a government decision sets it out (statsbidrag / uppdrag)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Pågående")
        CLOSED = "closed", _("Avslutat")

    code = models.SlugField(_("kortkod"), max_length=60, unique=True, help_text=_("Används i adresser och kommandon."))
    title = models.CharField(_("titel"), max_length=300)
    decision_reference = models.CharField(_("diarienummer"), max_length=40, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budgetår"))
    expenditure_area = models.CharField(_("utgiftsområde"), max_length=200, blank=True)
    appropriation = models.CharField(_("anslag"), max_length=200, blank=True)
    appropriation_item = models.CharField(_("anslagspost"), max_length=200, blank=True)
    frame = models.BigIntegerField(_("ram (kr)"), validators=[MinValueValidator(0)])
    admin_allowance = models.BigIntegerField(
        _("förvaltningsmedel (kr)"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Det Socialstyrelsen högst får använda för egna kostnader."),
    )
    usage_start = models.DateField(_("medlen får användas från"), null=True, blank=True)
    usage_end = models.DateField(_("medlen får användas till och med"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    recipients = models.JSONField(
        _("mottagande regioner"),
        default=list,
        blank=True,
        help_text=_("Länskoderna för de regioner som får medel; tomt betyder alla 21."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    own_costs_used = models.BigIntegerField(
        _("använda förvaltningsmedel (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Socialstyrelsens egna kostnader för uppdraget enligt bokföringen; tomt tills de registreras."),
    )
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avslutat av"),
    )
    closing_account = models.JSONField(
        _("ekonomisk redovisning vid avslut"),
        default=dict,
        blank=True,
        help_text=_("Redovisningens siffror som de var när statsbidraget avslutades."),
    )
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-budget_year", "code"]
        permissions = [("close_grantprogramme", _("Får avsluta statsbidrag efter den ekonomiska redovisningen"))]
        verbose_name = _("statsbidrag")
        verbose_name_plural = _("statsbidrag")

    def __str__(self) -> str:
        return f"{self.title} ({self.budget_year})"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def receives(self, region) -> bool:
        """Return whether the region receives money from some part of the programme."""
        codes = self.recipient_codes()
        return codes is None or region.code in codes

    def recipient_codes(self) -> set[str] | None:
        """Return the county codes of every region some part pays to, or None when that is all regions.

        Reads the components, so prefetch them when asking for many programmes.
        """
        components = list(self.components.all())
        if not components:
            return set(self.recipients) or None
        codes: set[str] = set()
        for component in components:
            own = component.recipients or self.recipients
            if not own:
                return None
            codes.update(own)
        return codes

    @property
    def distributable(self) -> int:
        """Return the frame less the agency's own allowance: what the components may add up to."""
        return self.frame - self.admin_allowance


class Deadline(models.Model):
    """A date the decision or the agency's instructions set (rekvisition, enkät, återrapportering, ...)."""

    class Kind(models.TextChoices):
        REQUISITION = "requisition", _("Rekvisition")
        PAYOUT = "payout", _("Utbetalning")
        SURVEY = "survey", _("Enkät")
        DATA_DELIVERY = "data_delivery", _("Dataleverans")
        FOLLOW_UP_REPORT = "follow_up_report", _("Återrapportering")
        REPAYMENT = "repayment", _("Återbetalning")
        INTERIM_REPORT = "interim_report", _("Delredovisning till regeringen")
        FINAL_REPORT = "final_report", _("Slutredovisning till regeringen")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("statsbidrag")
    )
    kind = models.CharField(_("slag"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("datum"))
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    source = models.CharField(_("källa"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "date"], name="deadline_unique_kind_date"),
        ]
        verbose_name = _("tidsfrist")
        verbose_name_plural = _("tidsfrister")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class Component(models.Model):
    """A part of a programme with its own allocation rule (block, del, prestationskrav)."""

    class Rule(models.TextChoices):
        POPULATION_SHARE = "population_share", _("Efter folkmängd")
        EQUAL_SHARE = "equal_share", _("Lika mellan regionerna")
        PERFORMANCE_POTS = "performance_pots", _("Månatliga prestationspotter")
        OPERATION_TARIFF = "operation_tariff", _("Ersättning per operation med tak")

    class RoundingMethod(models.TextChoices):
        LARGEST_REMAINDER = "largest_remainder", _("Största rest (summan bevaras)")
        NEAREST = "nearest", _("Närmaste enhet (var för sig)")

    class PaymentBasis(models.TextChoices):
        REQUISITION = "requisition", _("Efter godkänd rekvisition")
        FINAL_RUN = "final_run", _("Efter slutlig fördelning")

    class RequisitionAmount(models.TextChoices):
        ALLOCATED = "allocated", _("Hela det fördelade beloppet")
        UP_TO = "up_to", _("Ett belopp upp till det fördelade")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="components", verbose_name=_("statsbidrag")
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=200)
    rule = models.CharField(_("fördelningsregel"), max_length=30, choices=Rule.choices)
    amount = models.BigIntegerField(_("belopp (kr)"), validators=[MinValueValidator(0)])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    condition = models.TextField(
        _("villkor"), blank=True, help_text=_("Villkor för att få behålla medlen, t.ex. att data rapporteras i tid.")
    )
    rounding_unit = models.PositiveIntegerField(
        _("avrundningsenhet (kr)"), default=1, validators=[MinValueValidator(1)]
    )
    rounding_method = models.CharField(
        _("avrundningsmetod"), max_length=20, choices=RoundingMethod.choices, default=RoundingMethod.LARGEST_REMAINDER
    )
    parameters = models.JSONField(_("parametrar"), default=dict, blank=True)
    payment_basis = models.CharField(
        _("utbetalas"),
        max_length=20,
        choices=PaymentBasis.choices,
        default=PaymentBasis.REQUISITION,
        help_text=_("Efter godkänd rekvisition, eller när mätperiodens fördelning är slutlig (minus det betalda)."),
    )
    requisition_amount = models.CharField(
        _("rekvisitionens belopp"),
        max_length=20,
        choices=RequisitionAmount.choices,
        default=RequisitionAmount.UP_TO,
        help_text=_("Gäller delar som betalas efter rekvisition."),
    )
    payment_terms = models.CharField(
        _("när medlen betalas ut"), max_length=300, blank=True, help_text=_("Som beslutet uttrycker det.")
    )
    payment_source = models.CharField(_("källa för utbetalningen"), max_length=300, blank=True)
    recipients = models.JSONField(
        _("mottagande regioner"),
        default=list,
        blank=True,
        help_text=_("Länskoderna för de regioner som får delen; tomt betyder statsbidragets mottagare."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="component_unique_code")]
        verbose_name = _("del")
        verbose_name_plural = _("delar")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from .rules import validate_parameters

        super().clean()
        self.parameters = validate_parameters(self.rule, self.parameters)

    @property
    def recipient_codes(self) -> list[str]:
        """Return the county codes this part pays to (its own list, else the programme's); empty means all."""
        return list(self.recipients or self.programme.recipients)

    @property
    def paid_on_requisition(self) -> bool:
        return self.payment_basis == self.PaymentBasis.REQUISITION

    @property
    def requisitioned_whole(self) -> bool:
        """Return whether a requisition of this part is always of the whole allocated amount."""
        return self.requisition_amount == self.RequisitionAmount.ALLOCATED


class Measure(models.Model):
    """A measure the regions may spend the grant on (insats), grouped in a category as in the decision."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("statsbidrag")
    )
    category = models.CharField(_("område"), max_length=200)
    name = models.CharField(_("insats"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="measure_unique_name")]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return self.name


class ProgrammeVersion(models.Model):
    """A published state of a programme's rules: the definition as it read, who published it and why.

    Version 1 is the publication; every later change to a published programme is a new version with a reason.
    """

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="versions", verbose_name=_("statsbidrag")
    )
    number = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("skäl"))
    definition = models.TextField(_("definitionsfil"), help_text=_("Statsbidraget i definitionsformatet (TOML)."))
    changes = models.JSONField(_("ändringar"), default=list, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="programme_version_unique")]
        verbose_name = _("version av statsbidrag")
        verbose_name_plural = _("versioner av statsbidrag")

    def __str__(self) -> str:
        return _("%(code)s version %(number)s") % {"code": self.programme.code, "number": self.number}


class AllocationRun(models.Model):
    """One computation of a programme's allocation; runs are kept, never overwritten."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Pågår")
        SUCCEEDED = "succeeded", _("Klar")
        FAILED = "failed", _("Misslyckades")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Handläggare")
        COMMAND = "command", _("Kommandorad")
        DATA = "data", _("Nya data")
        DEFINITION = "definition", _("Ändrad definition")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="runs", verbose_name=_("statsbidrag")
    )
    number = models.PositiveIntegerField(_("körning nr"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    trigger = models.CharField(_("orsak"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    provisional = models.BooleanField(_("preliminär"), default=False)
    total = models.BigIntegerField(_("summa (kr)"), default=0)
    input_digest = models.CharField(_("kontrollsumma för underlaget"), max_length=64, blank=True)
    notes = models.JSONField(_("anmärkningar"), default=list, blank=True)
    error = models.TextField(_("fel"), blank=True)
    detail = models.JSONField(
        _("detaljer per del"),
        default=dict,
        blank=True,
        help_text=_("Månadsceller, bonuspott, operationer och topplistor per del, så att sidorna läser en rad."),
    )
    shared_inputs = models.JSONField(
        _("gemensamma underlag"),
        default=dict,
        blank=True,
        help_text=_("Per del: underlag som är desamma på alla rader, sparade en gång i stället för på varje rad."),
    )

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="run_unique_number")]
        # A stored run is a record of a computation: once it has succeeded or failed it is never changed or removed.
        triggers = [
            pgtrigger.Protect(
                name="stored_run_is_final",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status__in=["succeeded", "failed"]),
            ),
        ]
        verbose_name = _("fördelningskörning")
        verbose_name_plural = _("fördelningskörningar")

    def __str__(self) -> str:
        return _("%(code)s körning %(number)s") % {"code": self.programme.code, "number": self.number}


class AllocationLine(models.Model):
    """One region's amount in one component of a run, with how it was computed."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("körning"))
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("del"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    basis = models.BigIntegerField(_("underlag"), null=True, blank=True, help_text=_("T.ex. befolkning eller tak."))
    exact = models.CharField(_("exakt belopp (bråk)"), max_length=200)
    amount = models.BigIntegerField(_("belopp (kr)"))
    explanation = models.JSONField(_("förklaring"), default=dict)

    class Meta:
        ordering = ["run", "component__position", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "component", "region"], name="line_unique_per_run"),
        ]
        triggers = [pgtrigger.Protect(name="run_line_is_final", operation=pgtrigger.Update | pgtrigger.Delete)]
        verbose_name = _("fördelningsrad")
        verbose_name_plural = _("fördelningsrader")

    def __str__(self) -> str:
        return f"{self.region}: {self.amount}"

    @cached_property
    def full_explanation(self) -> dict:
        """Return the explanation with the inputs its part shares with the other lines of the run put back.

        Reads the run's shared inputs from `share_run_inputs` or a loaded run; otherwise one query.
        """
        shared = getattr(self, "_shared_inputs", None)
        if shared is None:
            run = self._state.fields_cache.get("run")
            if run is None:
                run = AllocationRun.objects.only("shared_inputs").get(pk=self.run_id)
            shared = run.shared_inputs
        return join_shared_inputs(self.explanation, shared.get(str(self.component_id), {}))


def share_run_inputs(lines, runs) -> None:
    """Give each line its run's shared inputs, from runs already loaded, so no line reads its run again."""
    by_id = {run.pk: run.shared_inputs for run in runs if run is not None}
    for line in lines:
        line._shared_inputs = by_id[line.run_id]


class DeadlineExtension(models.Model):
    """Staff let one region past a deadline (e.g. a requisition after 15 March) until a new date."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    kind = models.CharField(_("slag"), max_length=30, choices=Deadline.Kind.choices)
    until = models.DateField(_("förlängt till och med"))
    reason = models.CharField(_("skäl"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("beviljad av")
    )
    granted_at = models.DateTimeField(_("beviljad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "region", "kind"], name="extension_one_per_kind"),
        ]
        verbose_name = _("förlängd tidsfrist")
        verbose_name_plural = _("förlängda tidsfrister")

    def __str__(self) -> str:
        return _("%(region)s %(kind)s till %(until)s") % {
            "region": self.region,
            "kind": self.get_kind_display(),
            "until": f"{self.until:%Y-%m-%d}",
        }


class Requisition(models.Model):
    """A region's rekvisition of its allocation (seed 001: signed by the authorised representative)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Återsänd för komplettering")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avslagen")

    PaymentMethod = PaymentMethod

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("region"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    amount = models.BigIntegerField(_("rekvirerat belopp (kr)"), default=0, validators=[MinValueValidator(0)])
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    payment_method = models.CharField(_("betalningssätt"), max_length=20, choices=PaymentMethod.choices, blank=True)
    payment_account = models.CharField(_("bankgiro- eller plusgironummer"), max_length=20, blank=True)
    measures = models.ManyToManyField(
        Measure, related_name="requisitions", blank=True, verbose_name=_("planerade insatser")
    )
    confirmed = models.BooleanField(_("uppgifterna är bekräftade av behörigt ombud"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skapad av")
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undertecknad av"),
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    review_message = models.TextField(_("meddelande till regionen"), blank=True)
    history = HistoricalRecords(m2m_fields=[measures])

    class Meta:
        ordering = ["programme", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "region"], name="requisition_one_per_region"),
        ]
        verbose_name = _("rekvisition")
        verbose_name_plural = _("rekvisitioner")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.region}"


class RequisitionLine(models.Model):
    """The amount a requisition asks for one part paid on requisition (e.g. the 2024 basic part)."""

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="lines", verbose_name=_("rekvisition")
    )
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("del"))
    amount = models.BigIntegerField(_("rekvirerat belopp (kr)"), validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["requisition", "component__position"]
        constraints = [
            models.UniqueConstraint(fields=["requisition", "component"], name="requisition_line_one_per_component"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="requisition_line_amount_not_negative"),
        ]
        verbose_name = _("rekvirerad del")
        verbose_name_plural = _("rekvirerade delar")

    def __str__(self) -> str:
        return f"{self.component}: {self.amount}"


class PayoutBatch(models.Model):
    """A payout decision (utbetalningsbeslut): prepared by one case officer, approved by another, then paid once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Upprättat")
        APPROVED = "approved", _("Attesterat")
        PAID = "paid", _("Utbetalt")

    class Source(models.TextChoices):
        REQUISITIONS = "requisitions", _("Godkända rekvisitioner")
        RUN = "run", _("Slutlig fördelningskörning")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="payout_batches", verbose_name=_("statsbidrag")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("underlag"), max_length=20, choices=Source.choices)
    run = models.ForeignKey(
        AllocationRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("körning")
    )
    payout_date = models.DateField(_("utbetalningsdag"))
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("upprättat av")
    )
    prepared_at = models.DateTimeField(_("upprättat"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attesterat av"),
    )
    approved_at = models.DateTimeField(_("attesterat"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utbetalning registrerad av"),
    )
    paid_at = models.DateTimeField(_("utbetalning registrerad"), null=True, blank=True)
    # The day the money left the agency, as the person registering the payment states it (paid_at is when it was
    # registered); never before payout_date.
    paid_on = models.DateField(_("utbetald den"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-prepared_at"]
        constraints = [
            # Four eyes: whoever prepared a payout decision can never be the one who approves it.
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("prepared_by")),
                name="payout_batch_four_eyes",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(approved_by__isnull=False),
                name="payout_batch_approved_has_approver",
            ),
        ]
        permissions = [("approve_payoutbatch", _("Får attestera utbetalningsbeslut"))]
        triggers = [
            pgtrigger.Protect(
                name="paid_batch_is_final",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="paid"),
            ),
        ]
        verbose_name = _("utbetalningsbeslut")
        verbose_name_plural = _("utbetalningsbeslut")

    def __str__(self) -> str:
        return _("Utbetalningsbeslut %(number)s – %(code)s") % {"number": self.pk, "code": self.programme.code}


class Payout(models.Model):
    """One region's payment in a payout decision, with the payment details as they were when it was prepared."""

    batch = models.ForeignKey(PayoutBatch, on_delete=models.CASCADE, related_name="payouts", verbose_name=_("beslut"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("region"))
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("del"))
    requisition = models.ForeignKey(
        Requisition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
        verbose_name=_("rekvisition"),
    )
    amount = models.BigIntegerField(_("belopp (kr)"), validators=[MinValueValidator(1)])
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)
    payment_method = models.CharField(_("betalningssätt"), max_length=20, choices=PaymentMethod.choices, blank=True)
    payment_account = models.CharField(_("bankgiro- eller plusgironummer"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["batch", "region__code", "component__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "region", "component"], name="payout_one_per_region_and_part_in_batch"
            ),
            # A requisition's part is paid in one payout decision only.
            models.UniqueConstraint(
                fields=["requisition", "component"],
                condition=models.Q(requisition__isnull=False),
                name="payout_one_per_requisition_part",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
        ]
        # Below the services, the database itself refuses to change or remove a payout once its decision is paid.
        triggers = [
            pgtrigger.Trigger(
                name="paid_payout_is_final",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func=(
                    "IF EXISTS (SELECT 1 FROM grants_payoutbatch WHERE id = OLD.batch_id AND status = 'paid') THEN "
                    "RAISE EXCEPTION 'En utbetalning i ett utbetalt beslut kan inte ändras (utbetalning %)', OLD.id; "
                    "END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"  # i18n: stored
                ),
            ),
        ]
        verbose_name = _("utbetalning")
        verbose_name_plural = _("utbetalningar")

    def __str__(self) -> str:
        return f"{self.region}: {self.amount}"


class Repayment(models.Model):
    """A repayment claim (återbetalning / återkrav) on a region, tracked until it is paid in full."""

    class Reason(models.TextChoices):
        FOLLOW_UP_UNUSED = "follow_up_unused", _("Outnyttjade medel enligt återrapportering")
        CONDITION_MISSED = "condition_missed", _("Villkor inte uppfyllt")
        MANUAL = "manual", _("Annat skäl")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("region"))
    reason = models.CharField(_("orsak"), max_length=30, choices=Reason.choices)
    reason_text = models.TextField(_("motivering"))
    amount = models.BigIntegerField(_("belopp (kr)"), validators=[MinValueValidator(1)])
    invoice_number = models.CharField(_("fakturanummer"), max_length=40, blank=True)
    due_date = models.DateField(_("förfallodag"))
    due_date_reason = models.CharField(_("grund för förfallodagen"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("avskrivet"), null=True, blank=True)
    follow_up_report = models.ForeignKey(
        "reporting.FollowUpReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayments",
        verbose_name=_("återrapportering"),
    )
    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("villkorad del"),
        help_text=_("Den del som återkravet gäller, t.ex. grundläggande krav på att rapportera data."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("upprättad av")
    )
    created_at = models.DateTimeField(_("upprättad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up_report"],
                condition=models.Q(follow_up_report__isnull=False),
                name="repayment_one_per_follow_up_report",
            ),
            models.UniqueConstraint(
                fields=["region", "component"],
                condition=models.Q(component__isnull=False, reason="condition_missed"),
                name="repayment_one_per_missed_condition",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="repayment_amount_positive"),
        ]
        verbose_name = _("återbetalning")
        verbose_name_plural = _("återbetalningar")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.region}: {self.amount}"


class RepaymentAdjustment(models.Model):
    """A staff decision that changes what a claim asks for (lowered, or written off), with the reason.

    The claim's original amount is never edited: what is claimed now is the amount plus every adjustment.
    """

    repayment = models.ForeignKey(
        Repayment, on_delete=models.PROTECT, related_name="adjustments", verbose_name=_("återkrav")
    )
    change = models.BigIntegerField(_("ändring (kr)"), help_text=_("Negativ när kravet sänks."))
    claimed_after = models.BigIntegerField(_("krävt belopp efter ändringen (kr)"), validators=[MinValueValidator(0)])
    reason = models.TextField(_("skäl"))
    cancels = models.BooleanField(_("avskriver återkravet"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("beslutad av")
    )
    created_at = models.DateTimeField(_("beslutad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["repayment", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(change=0), name="repayment_adjustment_changes_something"),
        ]
        verbose_name = _("ändring av återkrav")
        verbose_name_plural = _("ändringar av återkrav")

    def __str__(self) -> str:
        return f"{self.repayment}: {self.change:+d}"


class RepaymentPayment(models.Model):
    """Money received against a repayment claim; a claim may be paid in parts."""

    repayment = models.ForeignKey(
        Repayment, on_delete=models.PROTECT, related_name="payments", verbose_name=_("återbetalning")
    )
    paid_on = models.DateField(_("betalningsdag"))
    amount = models.BigIntegerField(_("belopp (kr)"), validators=[MinValueValidator(1)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["repayment", "paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="repayment_payment_positive")]
        verbose_name = _("inbetalning")
        verbose_name_plural = _("inbetalningar")

    def __str__(self) -> str:
        return f"{self.paid_on:%Y-%m-%d}: {self.amount}"


class ReminderLog(models.Model):
    """A reminder e-mailed to a region about a deadline; one per deadline and stage, so never sent twice."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Före tidsfristen")
        AFTER = "after", _("Efter tidsfristen")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    kind = models.CharField(_("slag"), max_length=30, choices=Deadline.Kind.choices)
    deadline_date = models.DateField(_("tidsfrist"))
    stage = models.CharField(_("skede"), max_length=10, choices=Stage.choices)
    recipients = models.TextField(_("mottagare"), blank=True)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "deadline_date", "region", "stage"], name="reminder_once_per_stage"
            ),
        ]
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")

    def __str__(self) -> str:
        return f"{self.region} {self.kind} {self.deadline_date:%Y-%m-%d} {self.stage}"
