"""API keys for intermediaries (e.g. SKR), and the deliveries made with them, kept for idempotent retries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Organisation, Region


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key an organisation's system uses to deliver monthly data and read back, for some of its regions.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when staff create it. `prefix` (the
    key's first characters) lets staff and the organisation tell keys apart.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("organisation")
    )
    name = models.CharField(_("benämning"), max_length=100)
    regions = models.ManyToManyField(Region, related_name="+", verbose_name=_("regioner nyckeln får leverera för"))
    prefix = models.CharField(_("nyckelns början"), max_length=12, editable=False)
    digest = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skapad av")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        # Also the rate limit's identity (ninja hashes it): one bucket per key.
        return f"{self.organisation.name}: {self.name} ({self.prefix}…)"


class ApiDelivery(models.Model):
    """One delivery of monthly values through the API, under the client's idempotency key.

    A retry with the same key and the same values gets the first answer again and changes nothing; the same key
    with other values is refused.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="deliveries")
    key = models.CharField(_("idempotensnyckel"), max_length=200)
    request_digest = models.CharField(_("kontrollsumma för innehållet"), max_length=64)
    response = models.JSONField(_("svar"))
    created_at = models.DateTimeField(_("mottagen"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="api_delivery_key_unique")]
        verbose_name = _("leverans via API")
        verbose_name_plural = _("leveranser via API")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.key}"
