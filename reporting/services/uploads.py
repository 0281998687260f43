"""Writes for monthly data delivered as an Excel file: all rows or none."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import GrantProgramme
from regions.access import DATA_ROLES, acting_regions, membership_of

from ..delivery import delivery_slots
from ..models import DataUpload, MonthlyValue
from ..uploads import parse_monthly_upload
from .monthly import RecordSummary, monthly_values_record


@transaction.atomic
def data_upload_record(
    *, actor, programme: GrantProgramme, filename: str, content: bytes
) -> tuple[DataUpload, RecordSummary]:
    """Check an uploaded template whole and save its values, for the regions the actor may deliver for."""
    membership = membership_of(actor)
    if membership is None or membership.role not in DATA_ROLES:
        raise PermissionDenied(_("Du har inte behörighet att lämna månadsdata."))
    regions = list(acting_regions(actor))
    entries = parse_monthly_upload(content=content, slots=delivery_slots(programme), allowed=regions)
    upload = DataUpload.objects.create(
        uploaded_by=actor,
        organisation=membership.organisation,
        region=membership.region,
        programme=programme,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    summary = monthly_values_record(
        actor=actor,
        entries=entries,
        channel=MonthlyValue.Channel.UPLOAD,
        organisation=membership.organisation,
        upload=upload,
    )
    upload.values_saved = summary.created + summary.updated
    upload.save(update_fields=["values_saved"])
    return upload, summary
