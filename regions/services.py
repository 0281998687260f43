"""Writes for regions: population figures and need weights, all-or-nothing."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Membership, NeedWeight, PopulationFigure, Region


@dataclass(frozen=True)
class WriteSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert_per_region(
    *, actor, existing: models.QuerySet, wanted: Mapping[Region, dict], make: Callable[[Region], models.Model]
) -> WriteSummary:
    """Create or update one row per region with the wanted field values; leave equal rows untouched.

    Untouched rows matter: every save writes a history record, and loading the same file twice must change nothing.
    """
    current_by_region = {row.region_id: row for row in existing}
    created = updated = unchanged = 0
    for region, values in wanted.items():
        row = current_by_region.get(region.pk)
        if row is not None and all(getattr(row, field) == value for field, value in values.items()):
            unchanged += 1
            continue
        if row is None:
            row = make(region)
            created += 1
        else:
            updated += 1
        for field, value in values.items():
            setattr(row, field, value)
        row._history_user = actor
        row.full_clean()
        row.save()
    return WriteSummary(created, updated, unchanged)


@transaction.atomic
def population_figures_set(
    *, actor, reference_date: date, figures: Mapping[Region, int], source: str = "", is_example: bool = False
) -> WriteSummary:
    """Store population figures for a reference date; unchanged figures are not written again."""
    for region, population in figures.items():
        if not isinstance(population, int) or isinstance(population, bool) or population <= 0:
            raise ValidationError(
                _("Befolkningen för %(region)s måste vara ett positivt heltal, inte %(value)s.")
                % {"region": region, "value": repr(population)}
            )
    return _upsert_per_region(
        actor=actor,
        existing=PopulationFigure.objects.filter(reference_date=reference_date),
        wanted={r: {"population": p, "source": source, "is_example": is_example} for r, p in figures.items()},
        make=lambda region: PopulationFigure(region=region, reference_date=reference_date),
    )


@transaction.atomic
def need_weights_set(*, actor, series: str, values: Mapping[Region, int], source: str = "") -> WriteSummary:
    """Store a need-weight series (e.g. caps in kronor); unchanged values are not written again."""
    for region, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError(
                _("Värdet för %(region)s i serien %(series)s måste vara ett heltal ≥ 0, inte %(value)s.")
                % {"region": region, "series": series, "value": repr(value)}
            )
    return _upsert_per_region(
        actor=actor,
        existing=NeedWeight.objects.filter(series=series),
        wanted={r: {"value": v, "source": source} for r, v in values.items()},
        make=lambda region: NeedWeight(series=series, region=region),
    )


@transaction.atomic
def membership_invite(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: str, activation_url: str
) -> Membership:
    """Create a regional user with a role in the region and e-mail a link to choose a password.

    Only the region's authorised representative may invite. `activation_url` is a format string with {uid} and
    {token}, built by the caller from the site's address (a later e-identification login needs no password).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.core.exceptions import PermissionDenied
    from django.core.mail import send_mail
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from .access import REGIONAL_ROLES, may_invite

    if not may_invite(actor, region):
        raise PermissionDenied(_("Bara regionens behöriga ombud kan bjuda in användare."))
    if role not in REGIONAL_ROLES:
        raise ValidationError({"role": [_("Välj en av regionens roller.")]})
    email = email.strip().lower()
    user_model = get_user_model()
    if user_model.objects.filter(models.Q(email__iexact=email) | models.Q(username__iexact=email)).exists():
        raise ValidationError({"email": [_("Det finns redan ett konto med den e-postadressen.")]})
    user = user_model(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership(user=user, region=region, role=role)
    membership._history_user = actor
    membership.full_clean()
    membership.save()
    link = activation_url.format(
        uid=urlsafe_base64_encode(force_bytes(user.pk)), token=default_token_generator.make_token(user)
    )
    inviter = actor.get_full_name() or actor.username
    with translation.override(settings.LANGUAGE_CODE):  # the invited person has chosen no language yet
        subject, body = _invitation(user, membership, region, inviter=inviter, link=link, email=email)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]), robust=True)
    return membership


def _invitation(user, membership, region, *, inviter: str, link: str, email: str) -> tuple[str, str]:
    body = _(
        "Hej %(first_name)s!\n\n%(inviter)s har bjudit in dig till Socialstyrelsens e-tjänst för statsbidrag till "
        "regionerna, som %(role)s för %(region)s.\n\n"
        "Välj ditt lösenord här (länken gäller i några dagar):\n%(link)s\n\nDitt användarnamn är %(email)s.\n"
    ) % {
        "first_name": user.first_name,
        "inviter": inviter,
        "role": membership.get_role_display().lower(),
        "region": region.name,
        "link": link,
        "email": email,
    }
    subject = _("Inbjudan: statsbidrag till regionerna – %(region)s") % {"region": region.name}
    return subject, body
