"""Absolute links to the service's pages for e-mails, which have no request to take the host from (SITE_URL)."""

from django.conf import settings
from django.urls import reverse

from .models import Deadline

# The portal page where a region does what a deadline asks for.
DEADLINE_PAGES = {
    Deadline.Kind.REQUISITION: "portal:requisition_edit",
    Deadline.Kind.DATA_DELIVERY: "portal:monthly_overview",
    Deadline.Kind.FOLLOW_UP_REPORT: "portal:follow_up_edit",
    Deadline.Kind.REPAYMENT: "portal:programme_money",
}


def absolute_url(viewname: str, *args) -> str:
    """Return a page's full address on the service: https://statsbidrag.example/region/23/..."""
    return settings.SITE_URL + reverse(viewname, args=args)


def deadline_url(*, kind: str, region_code: str, programme_code: str, survey_ids=frozenset()) -> str:
    """Return the full address of the portal page for what a deadline asks of a region; its home page otherwise."""
    if kind == Deadline.Kind.SURVEY and len(survey_ids) == 1:
        return absolute_url("portal:survey_answer", region_code, next(iter(survey_ids)))
    if kind in DEADLINE_PAGES:
        return absolute_url(DEADLINE_PAGES[kind], region_code, programme_code)
    return absolute_url("portal:region_home", region_code)
