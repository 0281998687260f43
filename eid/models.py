"""A regional user's e-identification, stored minimally: a keyed digest of the personal identity number."""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def identity_digest(personal_identity_number: str) -> str:
    """Return the HMAC-SHA256 of the number under EID_PEPPER: it can be matched, never read back."""
    number = "".join(ch for ch in personal_identity_number if ch.isdigit())
    return hmac.new(settings.EID_PEPPER.encode(), number.encode(), hashlib.sha256).hexdigest()


class EIdentity(models.Model):
    """Links a person's e-identification to their user, so later sign-ins need no e-mail match."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="eidentity", verbose_name=_("användare")
    )
    digest = models.CharField(_("kontrollsumma för personnumret"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("kopplad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-legitimering")
        verbose_name_plural = _("e-legitimeringar")

    def __str__(self) -> str:
        return str(self.user)


class OmbudApplication(models.Model):
    """A person's application to become a region's authorised representative (ombud), with proof of authority.

    As in Socialstyrelsen's own e-service: the person has signed in with e-identification; for a region the proof
    is a certified extract of the delegation order or a signed certificate. Staff approve, reject with a reason, or
    ask for completion. One ombud per region at a time: an approved application replaces the one before.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inskickad")
        COMPLETION = "completion", _("Komplettering begärd")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avslagen")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    identity_digest = models.CharField(_("kontrollsumma för personnumret"), max_length=64, editable=False)
    first_name = models.CharField(_("förnamn"), max_length=150)
    last_name = models.CharField(_("efternamn"), max_length=150)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    message = models.TextField(_("meddelande från sökanden"), blank=True)
    document_name = models.CharField(_("behörighetshandling"), max_length=200)
    document_type = models.CharField(_("filtyp"), max_length=100)
    document = models.BinaryField(_("handlingens innehåll"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    staff_message = models.TextField(_("besked från Socialstyrelsen"), blank=True)
    submitted_at = models.DateTimeField(_("inskickad"))
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    replaced = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tidigare ombud"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ansökan om att bli ombud")
        verbose_name_plural = _("ansökningar om att bli ombud")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.region}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.COMPLETION)
