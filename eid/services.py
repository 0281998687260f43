"""Becoming a region's ombud: the application (after e-identification), staff's review and the approval."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from regions.models import Membership, Region

from .models import EIdentity, OmbudApplication

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a certified extract or a signed certificate arrives as, told by its first bytes, not by its name.
DOCUMENT_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
Status = OmbudApplication.Status


def _document(upload) -> tuple[str, str, bytes]:
    if upload is None:
        raise ValidationError({"document": ["Bifoga behörighetshandlingen."]})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": ["Filen är för stor: högst 10 MB."]})
    content = upload.read()
    kind = next((kind for magic, kind in DOCUMENT_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"document": ["Handlingen ska vara en PDF-fil eller en bild (PNG eller JPEG)."]})
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
        raise ValidationError("Du har redan en ansökan som Socialstyrelsen handlägger.")
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
        raise PermissionDenied("Bara Socialstyrelsens handläggare beslutar om ombud.")


def _decide(application: OmbudApplication, actor, status: str, message: str) -> OmbudApplication:
    _require_staff(actor)
    won = OmbudApplication.objects.filter(pk=application.pk, status=Status.SUBMITTED).update(
        status=status, staff_message=message.strip(), decided_at=timezone.now(), decided_by=actor
    )
    if not won:
        raise ValidationError("Ansökan är redan besvarad.")
    application.refresh_from_db()
    return application


def _tell(application: OmbudApplication, subject: str, body: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, f"Hej {application.first_name}!\n\n{body}\n", None, [application.email]),
        robust=True,
    )


@transaction.atomic
def application_request_completion(*, actor, application: OmbudApplication, message: str) -> OmbudApplication:
    if not message.strip():
        raise ValidationError({"message": ["Skriv vad som behöver kompletteras."]})
    application = _decide(application, actor, Status.COMPLETION, message)
    _tell(
        application,
        "Komplettera din ansökan om att bli ombud",
        f"Socialstyrelsen behöver en komplettering av din ansökan för {application.region.name}:\n\n"
        f"{application.staff_message}\n\nLogga in med e-legitimation och komplettera ansökan.",
    )
    return application


@transaction.atomic
def application_reject(*, actor, application: OmbudApplication, reason: str) -> OmbudApplication:
    if not reason.strip():
        raise ValidationError({"reason": ["Skriv skälet till avslaget."]})
    application = _decide(application, actor, Status.REJECTED, reason)
    _tell(
        application,
        "Din ansökan om att bli ombud är avslagen",
        f"Socialstyrelsen har avslagit din ansökan om att bli ombud för {application.region.name}.\n\n"
        f"Skäl: {application.staff_message}",
    )
    return application


@transaction.atomic
def application_approve(*, actor, application: OmbudApplication) -> Membership:
    """Make the applicant the region's ombud; the ombud before (if any) stays as a representative (företrädare)."""
    user_model = get_user_model()
    taken = user_model.objects.filter(email__iexact=application.email).first()
    if taken is not None and (taken.is_staff or hasattr(taken, "eidentity") or hasattr(taken, "membership")):
        raise ValidationError(f"Det finns redan ett konto med e-postadressen {application.email}.")
    if EIdentity.objects.filter(digest=application.identity_digest).exists():
        raise ValidationError("Personen har redan ett konto i tjänsten.")
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
    _tell(
        application,
        "Du är nu ombud",
        f"Socialstyrelsen har godkänt dig som behörigt ombud för {application.region.name}. Logga in med "
        "e-legitimation; som ombud bjuder du in regionens övriga användare.",
    )
    return membership
