"""Sign-in with e-identification (SAML 2.0, the technical framework of Sweden Connect) for regional users.

The identity provider vouches for a person: their personal identity number and, where released, their e-mail
address. The person is matched to a user who has a membership (a region or an intermediary): first by the keyed
digest of the number stored at an earlier sign-in, then by the e-mail address the membership was created with, after
which the digest is stored. Staff keep signing in with a password; nobody else is created or let in.
"""

import logging
import time

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djangosaml2.backends import Saml2Backend

from .models import EIdentity, identity_digest

logger = logging.getLogger(__name__)

APPLICANT = "eid_applicant"  # the session key holding an unknown person's verified identity, for the application
APPLICANT_SECONDS = 30 * 60
# Sweden Connect's attribute names (urn:oid form, and the friendly names some providers send).
PERSONAL_IDENTITY_NUMBER = ("urn:oid:1.2.752.29.4.13", "personalIdentityNumber")
MAIL = ("urn:oid:0.9.2342.19200300.100.1.3", "mail")

REFUSED = {
    "no_number": _("E-legitimationen lämnade inget personnummer. Försök igen, eller kontakta Socialstyrelsen."),
    "no_membership": _(
        "Du har ingen behörighet i tjänsten. Be regionens ombud att bjuda in dig med din e-postadress, eller ansök "
        "om att bli regionens ombud."
    ),
    "staff": _("Socialstyrelsens handläggare loggar in med användarnamn och lösenord."),
}


def _first(attributes: dict, names: tuple[str, ...]) -> str:
    for name in names:
        values = attributes.get(name) or []
        if values and str(values[0]).strip():
            return str(values[0]).strip()
    return ""


class EIdBackend(Saml2Backend):
    def authenticate(self, request, session_info=None, attribute_mapping=None, assertion_info=None, **kwargs):
        if not session_info or "ava" not in session_info:
            return None
        attributes = session_info["ava"]
        number, mail = _first(attributes, PERSONAL_IDENTITY_NUMBER), _first(attributes, MAIL)
        user, reason = match(number, mail)
        if request is not None:
            request.eid_refusal = REFUSED.get(reason, "")
            if reason == "no_membership":
                # A person vouched for but unknown here may apply to become their region's ombud.
                request.session[APPLICANT] = {"digest": identity_digest(number), "mail": mail, "at": time.time()}
                request.eid_may_apply = True
        if user is None or not self.user_can_authenticate(user):
            logger.info("E-identification refused: %s.", reason or "inactive")
            return None
        return user


def match(number: str, mail: str):
    """Return (user, "") for the person, or (None, the reason): see the module's docstring."""
    if not number:
        return None, "no_number"
    digest = identity_digest(number)
    known = EIdentity.objects.select_related("user").filter(digest=digest).first()
    if known is not None:
        user = known.user
    elif mail:
        people = get_user_model().objects.filter(email__iexact=mail, eidentity__isnull=True).order_by("pk")
        user = people.filter(membership__isnull=False).first() or people.filter(is_staff=True).first()
    else:
        user = None
    if user is not None and user.is_staff:
        return None, "staff"
    if user is None or not hasattr(user, "membership"):
        return None, "no_membership"
    if known is None:
        known = EIdentity.objects.create(user=user, digest=digest)
    EIdentity.objects.filter(pk=known.pk).update(last_used_at=timezone.now())
    return user, ""
