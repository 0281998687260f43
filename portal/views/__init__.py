"""Views of the regional portal, one module per screen group; all go through portal.access.portal_view."""

from .home import portal_index, region_home
from .monthly import monthly_month, monthly_overview, monthly_template_download, monthly_upload
from .requisitions import requisition_edit, requisition_receipt
from .surveys import survey_answer

__all__ = [
    "monthly_month",
    "monthly_overview",
    "monthly_template_download",
    "monthly_upload",
    "portal_index",
    "region_home",
    "requisition_edit",
    "requisition_receipt",
    "survey_answer",
]
