"""Who may act for which region: the one place that answers it, for views and services alike.

A regional user has one membership: a region and a role, or an intermediary organisation (mellanhand) that may
deliver data for several regions. Agency staff have no membership and do not use the regional portal.
"""

from django.db.models import QuerySet

from .models import Membership, Region

Role = Membership.Role

# What each regional role may do (seed 001: only the authorised representative signs a requisition).
SIGNERS = {Role.AUTHORISED_REPRESENTATIVE}
REGIONAL_ROLES = {Role.AUTHORISED_REPRESENTATIVE, Role.REPRESENTATIVE, Role.DATA_COORDINATOR}
SUBMITTERS = {Role.AUTHORISED_REPRESENTATIVE, Role.REPRESENTATIVE}
DATA_ROLES = {*REGIONAL_ROLES, Role.INTERMEDIARY}


def membership_of(user) -> Membership | None:
    """Return the user's regional membership (with region and organisation), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def acting_regions(user) -> QuerySet[Region]:
    """Return the regions this user may act for: the membership's region, or the intermediary's regions."""
    membership = membership_of(user)
    if membership is None:
        return Region.objects.none()
    if membership.organisation_id:
        return Region.objects.filter(intermediaries=membership.organisation_id)
    return Region.objects.filter(pk=membership.region_id)


def role_for(user, region: Region) -> str | None:
    """Return the user's role for this region, or None when the user may not act for it at all."""
    membership = membership_of(user)
    if membership is None:
        return None
    if membership.region_id is not None:
        return membership.role if membership.region_id == region.pk else None
    if membership.organisation.regions.filter(pk=region.pk).exists():
        return membership.role
    return None


def may_sign(user, region: Region) -> bool:
    """Return whether the user may sign and submit a requisition for the region (behörigt ombud)."""
    return role_for(user, region) in SIGNERS


def may_draft(user, region: Region) -> bool:
    """Return whether the user may fill in the region's forms (requisition, survey, report, plans) as a draft."""
    return role_for(user, region) in REGIONAL_ROLES


def may_submit(user, region: Region) -> bool:
    """Return whether the user may submit the region's survey answers, follow-up report and plans."""
    return role_for(user, region) in SUBMITTERS


def may_deliver_data(user, region: Region) -> bool:
    """Return whether the user may deliver monthly data for the region (regional roles and intermediaries)."""
    return role_for(user, region) in DATA_ROLES


def may_invite(user, region: Region) -> bool:
    """Return whether the user may invite others to the region (only the authorised representative)."""
    return role_for(user, region) in SIGNERS
