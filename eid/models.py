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
