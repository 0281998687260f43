"""Views of the regional portal, one module per screen group; all go through portal.access.portal_view."""

from .follow_up import follow_up_edit
from .home import portal_index, region_home
from .members import activate, members
from .money import programme_money
from .monthly import monthly_month, monthly_overview, monthly_template_download, monthly_upload
from .planning import activity_plan_edit, operations_plan_edit
from .requisitions import requisition_edit, requisition_receipt
from .surveys import survey_answer

__all__ = [
    "activate",
    "activity_plan_edit",
    "follow_up_edit",
    "members",
    "monthly_month",
    "monthly_overview",
    "monthly_template_download",
    "monthly_upload",
    "operations_plan_edit",
    "portal_index",
    "programme_money",
    "region_home",
    "requisition_edit",
    "requisition_receipt",
    "survey_answer",
]
