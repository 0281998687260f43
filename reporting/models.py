from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grants import l10n
from grants.models import GrantProgramme, Measure
from regions.models import Organisation, Region

# MonthlyValue.value is numeric(14, 4): ten whole digits and four decimals. Every channel (form, upload, service)
# checks a value against this before saving: PostgreSQL refuses a larger number with DataError, SQLite keeps it.
VALUE_WHOLE_DIGITS = 10
VALUE_DECIMALS = 4
VALUE_LIMIT = 10**VALUE_WHOLE_DIGITS

# Kronor on one line of a plan or a follow-up report: far above any grant, far below BigIntegerField's 9.2 × 10^18.
AMOUNT_LIMIT = 10**12


def monthly_value_fault(value: Decimal) -> str | None:
    """Return why a number cannot be saved as a monthly value, as a clause (lower case), or None when it can."""
    if not value.is_finite():
        return gettext("värdet är inget tal.")
    if abs(value) >= VALUE_LIMIT:
        return gettext("värdet är för stort, det ska vara mindre än %(limit)s.") % {"limit": l10n.number(VALUE_LIMIT)}
    if value != value.quantize(Decimal(1).scaleb(-VALUE_DECIMALS)):
        return gettext("värdet får ha högst %(places)s decimaler.") % {"places": VALUE_DECIMALS}
    return None


def validate_monthly_value(value) -> None:
    """Raise ValidationError when the number cannot be saved as a monthly value."""
    fault = monthly_value_fault(Decimal(value))
    if fault:
        raise ValidationError(fault[0].upper() + fault[1:], code="monthly_value")


class Indicator(models.TextChoices):
    """What a region reports month by month (seed 002 bilaga 1; seed 003 block 2)."""

    OVERCROWDING_RATE = "overcrowding_rate", _("Överbeläggningar per 100 disponibla vårdplatser")
    OUTLYING_RATE = "outlying_rate", _("Utlokaliseringar per 100 disponibla vårdplatser")
    AVAILABLE_BEDS = "available_beds", _("Disponibla vårdplatser")
    OCCUPANCY_RATE = "occupancy_rate", _("Genomsnittlig beläggningsgrad (%)")
    PLANNED_BEDS = "planned_beds", _("Planerade disponibla vårdplatser")
    TARGET_OCCUPANCY = "target_occupancy", _("Målvärde för beläggningsgrad (%)")
    HIP_OPERATIONS = "hip_operations", _("Operationer av höftledsprotes")
    PROLAPSE_OPERATIONS = "prolapse_operations", _("Operationer av framfall")
    CATARACT_OPERATIONS = "cataract_operations", _("Operationer av grå starr")


RATE_INDICATORS = {
    Indicator.OVERCROWDING_RATE,
    Indicator.OUTLYING_RATE,
    Indicator.OCCUPANCY_RATE,
    Indicator.TARGET_OCCUPANCY,
}
OPERATION_INDICATORS = {Indicator.HIP_OPERATIONS, Indicator.PROLAPSE_OPERATIONS, Indicator.CATARACT_OPERATIONS}


class Provider(models.TextChoices):
    """Who performed an operation, counted for the patient's home region (seed 003)."""

    NONE = "", _("Ej uppdelat")
    OWN = "own", _("Egen regi")
    OTHER_REGION = "other_region", _("Annan region")
    PRIVATE = "private", _("Privat vårdgivare")


class DataUpload(models.Model):
    """An Excel file of monthly data, checked whole before anything from it is saved."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uppladdad av")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mellanhand"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="uploads", verbose_name=_("statsbidrag")
    )
    filename = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    values_saved = models.PositiveIntegerField(_("sparade värden"), default=0)
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uppladdad fil")
        verbose_name_plural = _("uppladdade filer")

    def __str__(self) -> str:
        return self.filename


class MonthlyValue(models.Model):
    """One reported value: region × indicator × month (× provider for operations).

    A missing value is no row, or a row whose value is null (reported as not available); missing is never zero.
    Corrections overwrite the value and are kept in the history with who and when.
    """

    class Channel(models.TextChoices):
        FORM = "form", _("Webbformulär")
        UPLOAD = "upload", _("Excel-fil")
        API = "api", _("API")
        REGISTER = "register", _("Registeruttag")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="monthly_values")
    indicator = models.CharField(_("indikator"), max_length=40, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    provider = models.CharField(_("utförare"), max_length=20, choices=Provider.choices, blank=True, default="")
    value = models.DecimalField(
        _("värde"),
        max_digits=VALUE_WHOLE_DIGITS + VALUE_DECIMALS,
        decimal_places=VALUE_DECIMALS,
        null=True,
        blank=True,
    )
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices, default=Channel.FORM)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("levererat av"),
    )
    delivered_via = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("via mellanhand"),
    )
    upload = models.ForeignKey(
        DataUpload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("uppladdad fil"),
    )
    delivered_at = models.DateTimeField(_("levererat"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__code", "indicator", "year", "month", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year", "month", "provider"], name="monthly_value_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0), name="monthly_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year", "month"])]
        verbose_name = _("månadsvärde")
        verbose_name_plural = _("månadsvärden")

    def __str__(self) -> str:
        return f"{self.region} {self.indicator} {self.year}-{self.month:02d} {self.provider}: {self.value}"


class Survey(models.Model):
    """A questionnaire to the regions with a window (e.g. planned activities, sent in April, due 13 May)."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("statsbidrag")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    instructions = models.TextField(_("instruktioner"), blank=True)
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("sista svarsdag"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "closes_on"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Fritext")
        NUMBER = "number", _("Tal")
        SINGLE_CHOICE = "single_choice", _("Ett val")
        MULTIPLE_CHOICE = "multiple_choice", _("Flera val")
        MEASURES = "measures", _("Statsbidragets insatser (flera val)")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("enkät"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("hjälptext"), max_length=500, blank=True)
    kind = models.CharField(_("svarstyp"), max_length=20, choices=Kind.choices)
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    required = models.BooleanField(_("obligatorisk"), default=True)

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("enkätfråga")
        verbose_name_plural = _("enkätfrågor")

    def __str__(self) -> str:
        return self.text


class Submission(models.Model):
    """What a region fills in and then submits: when it last changed, and who submitted it when."""

    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inskickad av"),
    )
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)

    class Meta:
        abstract = True


class SurveyResponse(Submission):
    """A region's answers: a draft until submitted, then locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enkät"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="survey_responses")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "region"], name="survey_response_one_per_region")]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self) -> str:
        return f"{self.survey} – {self.region}"


class FollowUpReport(Submission):
    """A region's återrapportering: how the money was used, results, and what is left unused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inskickad")
        RETURNED = "returned", _("Återsänd för komplettering")
        ACCEPTED = "accepted", _("Godkänd")

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="follow_up_reports", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="follow_up_reports")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    amount_received = models.BigIntegerField(_("mottaget belopp (kr)"), default=0)
    amount_used = models.BigIntegerField(_("använt belopp (kr)"), default=0, validators=[MinValueValidator(0)])
    results = models.TextField(_("resultat av insatserna"), blank=True)
    relation_to_purpose = models.TextField(_("hur resultaten förhåller sig till syftet"), blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "region"], name="follow_up_one_per_region"),
        ]
        verbose_name = _("återrapportering")
        verbose_name_plural = _("återrapporteringar")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.region}"

    @property
    def unused(self) -> int:
        """Return the amount received but not used: what is to be repaid."""
        return max(self.amount_received - self.amount_used, 0)


class FollowUpLine(models.Model):
    """Amount used per measure or activity in a follow-up report."""

    report = models.ForeignKey(
        FollowUpReport, on_delete=models.CASCADE, related_name="lines", verbose_name=_("återrapportering")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("insats")
    )
    activity = models.CharField(_("aktivitet"), max_length=300, blank=True)
    amount_used = models.BigIntegerField(_("använt (kr)"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("rad i återrapportering")
        verbose_name_plural = _("rader i återrapportering")

    def __str__(self) -> str:
        return f"{self.measure or self.activity}: {self.amount_used}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")


class ActivityPlan(Submission):
    """A region's plan for the money it received (seed 004, block 1): cost lines that sum to the amount."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="activity_plans", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="activity_plans")
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    amount_received = models.BigIntegerField(_("mottaget belopp (kr)"), default=0)
    accounting_object = models.CharField(
        _("objekt för kontering"),
        max_length=40,
        blank=True,
        help_text=_("Det objekt i regionens redovisning som kostnaderna konteras på, t.ex. objekt 9971."),
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "region"], name="activity_plan_one_per_region")]
        verbose_name = _("aktivitetsplan")
        verbose_name_plural = _("aktivitetsplaner")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.region}"


class ActivityPlanLine(models.Model):
    """One activity of an activity plan: what, which unit, the accounting object and the cost."""

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    activity = models.CharField(_("aktivitet"), max_length=300)
    unit = models.CharField(_("område/enhet"), max_length=100, blank=True)
    accounting_object = models.CharField(_("objekt"), max_length=40, blank=True)
    amount = models.BigIntegerField(_("kronor"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("rad i aktivitetsplan")
        verbose_name_plural = _("rader i aktivitetsplan")

    def __str__(self) -> str:
        return f"{self.activity}: {self.amount}"


class OperationsPlan(Submission):
    """A region's target operations per kind against its cap (seed 004, block 2), with what they would earn."""

    programme = models.ForeignKey(
        GrantProgramme, on_delete=models.PROTECT, related_name="operations_plans", verbose_name=_("statsbidrag")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="operations_plans")
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    hip_operations = models.PositiveIntegerField(_("höftledsprotes, antal"), default=0)
    hip_unit = models.CharField(_("höftledsprotes, enhet"), max_length=100, blank=True)
    prolapse_operations = models.PositiveIntegerField(_("framfall, antal"), default=0)
    prolapse_unit = models.CharField(_("framfall, enhet"), max_length=100, blank=True)
    cataract_operations = models.PositiveIntegerField(_("grå starr, antal"), default=0)
    cataract_unit = models.CharField(_("grå starr, enhet"), max_length=100, blank=True)
    cap = models.BigIntegerField(_("maxtak (kr)"), default=0)
    amount = models.BigIntegerField(_("ersättning för planen (kr)"), default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "region"], name="operations_plan_one_per_region")]
        verbose_name = _("verksamhetsplan för operationer")
        verbose_name_plural = _("verksamhetsplaner för operationer")

    def __str__(self) -> str:
        return f"{self.programme.code} – {self.region}"


class ExportFile(models.Model):
    """A large Excel file built in the background and kept for the person who asked for it to download."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Förbereds")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Misslyckades")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("beställd av")
    )
    title = models.CharField(_("beskrivning"), max_length=300)
    filename = models.CharField(_("filnamn"), max_length=200)
    params = models.JSONField(_("urval"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    content = models.BinaryField(_("innehåll"), blank=True, editable=False)
    error = models.TextField(_("fel"), blank=True)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exportfil")
        verbose_name_plural = _("exportfiler")

    def __str__(self) -> str:
        return self.filename
