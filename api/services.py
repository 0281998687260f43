"""Writes for the API: keys created and revoked by staff, and idempotent deliveries of monthly values.

A delivery goes through the same service as the web form and the Excel upload (`monthly_values_record`), so the
checks, the history of corrections and the recompute that follows are the same.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Organisation, Region
from reporting.models import MonthlyValue
from reporting.services import MonthlyEntry, monthly_values_record
from reporting.services.monthly import monthly_entry_problem

from .models import ApiDelivery, ApiToken

KEY_PREFIX = "sb_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Bara Socialstyrelsens handläggare hanterar API-nycklar."))


@transaction.atomic
def token_create(*, actor, organisation: Organisation, name: str, regions: list[Region]) -> tuple[ApiToken, str]:
    """Create a key for the organisation, for some of the regions it may deliver for; return it and the secret.

    The secret is returned only here: it is stored as a digest and cannot be shown again.
    """
    _require_staff(actor)
    errors = {}
    if not name.strip():
        errors["name"] = [_("Ange en benämning, t.ex. systemets namn.")]
    allowed = set(organisation.regions.values_list("pk", flat=True))
    if not regions:
        errors["regions"] = [_("Välj minst en region.")]
    elif outside := sorted(r.short_name for r in regions if r.pk not in allowed):
        errors["regions"] = [
            _("%(organisation)s får inte leverera för %(regions)s.")
            % {"organisation": organisation.name, "regions": ", ".join(outside)}
        ]
    if errors:
        raise ValidationError(errors)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name.strip(), prefix=secret[:10], digest=_digest(secret), created_by=actor
    )
    token.regions.set(regions)
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    _require_staff(actor)
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        token.refresh_from_db()
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """Return the active key with this secret (compared by digest), or None."""
    if not secret.startswith(KEY_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("organisation").filter(digest=_digest(secret)).first()
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one value of a delivery: its row (1-based), the field, and the value's region and month."""

    row: int
    field: str
    message: str
    region: str = ""
    month: int | None = None


class DeliveryRefused(Exception):
    """A delivery that stores nothing: `status` is the HTTP status, `problems` the rows at fault."""

    def __init__(self, status: int, detail: str, problems: list[RowProblem] = ()):
        super().__init__(detail)
        self.status, self.detail, self.problems = status, detail, list(problems)


def _request_digest(values: list[dict]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def deliver(*, token: ApiToken, key: str, values: list[dict]) -> tuple[dict, bool]:
    """Store the values all-or-nothing; return (the answer, whether it is a replay of an earlier delivery).

    `values` are dicts with region (county code), indicator, year, month, value (None: reported as missing) and
    provider. The same key with the same values gives the first answer and changes nothing.
    """
    digest = _request_digest(values)
    earlier = ApiDelivery.objects.filter(organisation=token.organisation_id, key=key).first()
    if earlier is not None:
        return _replay(earlier, digest)
    entries = _entries(token, values)
    try:
        with transaction.atomic():
            summary = monthly_values_record(
                actor=None, entries=entries, channel=MonthlyValue.Channel.API, organisation=token.organisation
            )
            answer = {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "regions": sorted(summary.regions),
            }
            ApiDelivery.objects.create(
                organisation=token.organisation, token=token, key=key, request_digest=digest, response=answer
            )
    except IntegrityError:
        # The same key delivered at the same moment by a retry: the first one won, and this one is its replay.
        earlier = ApiDelivery.objects.filter(organisation=token.organisation_id, key=key).first()
        if earlier is None:
            raise
        return _replay(earlier, digest)
    except ValidationError as error:
        raise DeliveryRefused(422, " ".join(error.messages)) from None
    return answer, False


def _replay(earlier: ApiDelivery, digest: str) -> tuple[dict, bool]:
    if earlier.request_digest != digest:
        raise DeliveryRefused(
            409, _("Idempotensnyckeln har redan använts för en leverans med andra värden. Använd en ny nyckel.")
        )
    return earlier.response, True


def _entries(token: ApiToken, values: list[dict]) -> list[MonthlyEntry]:
    allowed = {region.code: region for region in token.regions.all()}
    known = set(Region.objects.values_list("code", flat=True))
    unknown = [
        RowProblem(
            row, "region", _("Okänd region '%(code)s'.") % {"code": item["region"]}, item["region"], item["month"]
        )
        for row, item in enumerate(values, start=1)
        if item["region"] not in known
    ]
    if unknown:
        raise DeliveryRefused(422, _("Leveransen innehåller okända regioner."), unknown)
    outside = [
        RowProblem(
            row,
            "region",
            _("Nyckeln får inte leverera för region %(code)s.") % {"code": item["region"]},
            item["region"],
            item["month"],
        )
        for row, item in enumerate(values, start=1)
        if item["region"] not in allowed
    ]
    if outside:
        raise DeliveryRefused(403, _("Nyckeln får inte leverera för alla regioner i leveransen."), outside)
    problems = []
    entries = [
        MonthlyEntry(
            region=allowed[item["region"]],
            indicator=item["indicator"],
            year=item["year"],
            month=item["month"],
            value=item["value"],
            provider=item.get("provider") or "",
        )
        for item in values
    ]
    for row, entry in enumerate(entries, start=1):
        found = monthly_entry_problem(entry)
        if found:
            problems.append(RowProblem(row, found[0], found[1], entry.region.code, entry.month))
    if problems:
        raise DeliveryRefused(
            422, _("Leveransen sparades inte: rätta värdena nedan och skicka hela leveransen igen."), problems
        )
    return entries
