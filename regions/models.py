from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .normalize import normalize_name
from .validators import validate_organisation_number


class PaymentMethod(models.TextChoices):
    """How money is paid to a region: to a bankgiro or a plusgiro number."""

    BANKGIRO = "bankgiro", _("Bankgiro")
    PLUSGIRO = "plusgiro", _("Plusgiro")


class Region(models.Model):
    """One of the 21 regions, identified by its county code (länskod).

    The organisation number and payment account are the payment master data staff keep: every payout is made to
    what is registered here when the payout decision is prepared (a requisition's stated account is only shown).
    """

    code = models.CharField(
        _("länskod"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("Länskoden är två siffror."))],
    )
    name = models.CharField(_("officiellt namn"), max_length=100, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=50, unique=True)
    organisation_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    payment_method = models.CharField(_("betalningssätt"), max_length=20, choices=PaymentMethod.choices, blank=True)
    payment_account = models.CharField(_("bankgiro- eller plusgironummer"), max_length=20, blank=True)
    # Part of the signed calendar link (grants.calendar); raising it makes every earlier link answer 404.
    calendar_token_version = models.PositiveIntegerField(_("kalenderlänkens version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.short_name


class RegionAlias(models.Model):
    """Another spelling of a region's name, as it occurs in documents and files."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("region"))
    alias = models.CharField(_("alias"), max_length=100)
    normalized = models.CharField(_("jämförelsenyckel"), max_length=100, unique=True, editable=False)

    class Meta:
        ordering = ["region__code", "alias"]
        verbose_name = _("alternativt namn")
        verbose_name_plural = _("alternativa namn")

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class PopulationFigure(models.Model):
    """A region's population on a reference date (folkmängd per den 1 november)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="populations", verbose_name=_("region"))
    reference_date = models.DateField(_("referensdatum"))
    population = models.PositiveIntegerField(_("befolkning"), validators=[MinValueValidator(1)])
    source = models.CharField(_("källa"), max_length=200, blank=True)
    is_example = models.BooleanField(
        _("exempeldata"), default=False, help_text=_("Genererade siffror för demonstration, inte officiell statistik.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference_date", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "reference_date"], name="population_one_per_region_and_date")
        ]
        verbose_name = _("befolkningssiffra")
        verbose_name_plural = _("befolkningssiffror")

    def __str__(self) -> str:
        return f"{self.region} {self.reference_date:%Y-%m-%d}: {self.population}"


class NeedWeight(models.Model):
    """A region's value in a named series of care-need weights, e.g. the 2025 caps (maxtak) in kronor."""

    series = models.SlugField(_("serie"), max_length=60)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="need_weights", verbose_name=_("region"))
    value = models.BigIntegerField(_("värde"), validators=[MinValueValidator(0)])
    source = models.CharField(_("källa"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "region__code"]
        constraints = [models.UniqueConstraint(fields=["series", "region"], name="need_weight_one_per_series_region")]
        verbose_name = _("vårdbehovsvikt")
        verbose_name_plural = _("vårdbehovsvikter")

    def __str__(self) -> str:
        return f"{self.series} {self.region}: {self.value}"


class Organisation(models.Model):
    """An intermediary (mellanhand, e.g. SKR) allowed to deliver data on behalf of several regions."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    organisation_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    regions = models.ManyToManyField(
        Region, related_name="intermediaries", blank=True, verbose_name=_("regioner den får leverera data för")
    )
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["name"]
        verbose_name = _("mellanhand")
        verbose_name_plural = _("mellanhänder")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """What a regional user may do, and for whom: one region, or an intermediary organisation.

    Agency staff have no membership; they are Django staff users. Login is username/password by default; an
    e-identification provider (OIDC/SAML) would map its verified identity to the same user and membership.
    """

    class Role(models.TextChoices):
        AUTHORISED_REPRESENTATIVE = "authorised_representative", _("Behörigt ombud")
        REPRESENTATIVE = "representative", _("Företrädare")
        DATA_COORDINATOR = "data_coordinator", _("Datasamordnare")
        INTERMEDIARY = "intermediary", _("Mellanhand")

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="membership", verbose_name=_("användare")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("mellanhand"),
    )
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__code", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(region__isnull=False, organisation__isnull=True) & ~models.Q(role="intermediary"))
                | models.Q(region__isnull=True, organisation__isnull=False, role="intermediary"),
                name="membership_region_xor_intermediary",
            )
        ]
        verbose_name = _("regional behörighet")
        verbose_name_plural = _("regionala behörigheter")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.region or self.organisation}"
