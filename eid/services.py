"""Becoming a region's ombud: the application (after e-identification), staff's review and the approval."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regions.models import Membership, Region

from .models import EIdentity, OmbudApplication

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a certified extract or a signed certificate arrives as, told by its first bytes, not by its name.
DOCUMENT_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
Status = OmbudApplication.Status


def _document(upload) -> tuple[str, str, bytes]:
    if upload is None:
        raise ValidationError({"document": [_("Bifoga behörighetshandlingen.")]})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": [_("Filen är för stor: högst 10 MB.")]})
    content = upload.read()
    kind = next((kind for magic, kind in DOCUMENT_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"document": [_("Handlingen ska vara en PDF-fil eller en bild (PNG eller JPEG).")]})
    return upload.name[:200], kind, content


@transaction.atomic
def application_submit(
    *, digest: str, region: Region, first_name: str, last_name: str, email: str, phone: str, message: str, document
) -> OmbudApplication:
    """Submit an application, or complete one that staff sent back; the person is known by e-identification."""
    name, kind, content = _document(document)
    application = (
        OmbudApplication.objects.select_for_update()
        .filter(identity_digest=digest, status__in=[Status.SUBMITTED, Status.COMPLETION])
        .first()
    )
    if application is not None and application.status == Status.SUBMITTED:
        raise ValidationError(_("Du har redan en ansökan som Socialstyrelsen handlägger."))
    if application is None:
        application = OmbudApplication(identity_digest=digest)
    application.region = region
    application.first_name, application.last_name = first_name.strip(), last_name.strip()
    application.email, application.phone, application.message = email.strip().lower(), phone.strip(), message.strip()
    application.document_name, application.document_type, application.document = name, kind, content
    application.status, application.submitted_at = Status.SUBMITTED, timezone.now()
    application.full_clean(exclude=["document", "identity_digest"])
    application.save()
    return application


def _require_staff(actor) -> None:
    if not (actor and actor.is_active and actor.is_staff):
        raise PermissionDenied(_("Bara Socialstyrelsens handläggare beslutar om ombud."))


def _decide(application: OmbudApplication, actor, status: str, message: str) -> OmbudApplication:
    _require_staff(actor)
    won = OmbudApplication.objects.filter(pk=application.pk, status=Status.SUBMITTED).update(
        status=status, staff_message=message.strip(), decided_at=timezone.now(), decided_by=actor
    )
    if not won:
        raise ValidationError(_("Ansökan är redan besvarad."))
    application.refresh_from_db()
    return application


def _tell(application: OmbudApplication, subject: str, body: str) -> None:
    text = _("Hej %(name)s!") % {"name": application.first_name} + f"\n\n{body}\n"
    transaction.on_commit(lambda: send_mail(subject, text, None, [application.email]), robust=True)


@transaction.atomic
def application_request_completion(*, actor, application: OmbudApplication, message: str) -> OmbudApplication:
    if not message.strip():
        raise ValidationError({"message": [_("Skriv vad som behöver kompletteras.")]})
    application = _decide(application, actor, Status.COMPLETION, message)
    with translation.override(settings.LANGUAGE_CODE):  # the e-mail's reader has chosen no language
        _tell(
            application,
            _("Komplettera din ansökan om att bli ombud"),
            _(
                "Socialstyrelsen behöver en komplettering av din ansökan för %(region)s:\n\n%(message)s\n\n"
                "Logga in med e-legitimation och komplettera ansökan."
            )
            % {"region": application.region.name, "message": application.staff_message},
        )
    return application


@transaction.atomic
def application_reject(*, actor, application: OmbudApplication, reason: str) -> OmbudApplication:
    if not reason.strip():
        raise ValidationError({"reason": [_("Skriv skälet till avslaget.")]})
    application = _decide(application, actor, Status.REJECTED, reason)
    with translation.override(settings.LANGUAGE_CODE):  # the e-mail's reader has chosen no language
        _tell(
            application,
            _("Din ansökan om att bli ombud är avslagen"),
            _("Socialstyrelsen har avslagit din ansökan om att bli ombud för %(region)s.\n\nSkäl: %(reason)s")
            % {"region": application.region.name, "reason": application.staff_message},
        )
    return application


@transaction.atomic
def application_approve(*, actor, application: OmbudApplication) -> Membership:
    """Make the applicant the region's ombud; the ombud before (if any) stays as a representative (företrädare)."""
    user_model = get_user_model()
    taken = user_model.objects.filter(email__iexact=application.email).first()
    if taken is not None and (taken.is_staff or hasattr(taken, "eidentity") or hasattr(taken, "membership")):
        raise ValidationError(
            _("Det finns redan ett konto med e-postadressen %(email)s.") % {"email": application.email}
        )
    if EIdentity.objects.filter(digest=application.identity_digest).exists():
        raise ValidationError(_("Personen har redan ett konto i tjänsten."))
    application = _decide(application, actor, Status.APPROVED, "")
    previous = list(
        Membership.objects.select_for_update().filter(
            region=application.region, role=Membership.Role.AUTHORISED_REPRESENTATIVE
        )
    )
    for membership in previous:
        membership.role = Membership.Role.REPRESENTATIVE
        membership._history_user = actor
        membership.save()
    user = taken or user_model(username=application.email, email=application.email)
    user.first_name, user.last_name = application.first_name, application.last_name
    user.set_unusable_password()  # signs in with e-identification
    user.save()
    EIdentity.objects.create(user=user, digest=application.identity_digest)
    membership = Membership(user=user, region=application.region, role=Membership.Role.AUTHORISED_REPRESENTATIVE)
    membership._history_user = actor
    membership.full_clean()
    membership.save()
    if previous:
        OmbudApplication.objects.filter(pk=application.pk).update(replaced=previous[0].user)
    with translation.override(settings.LANGUAGE_CODE):  # the e-mail's reader has chosen no language
        _tell(
            application,
            _("Du är nu ombud"),
            _(
                "Socialstyrelsen har godkänt dig som behörigt ombud för %(region)s. Logga in med e-legitimation; som "
                "ombud bjuder du in regionens övriga användare."
            )
            % {"region": application.region.name},
        )
    return membership
