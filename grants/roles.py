"""The agency's staff roles as permission groups: what a case officer and an attestant may see in the admin.

Money is read-only in the admin for everyone (see config.admin.ReadOnlyAdmin), so the case officers' group gets
view permissions on what their work touches, and the right to unlock an account that sign-in protection locked.
Approving payout decisions is a separate permission (grants.approve_payoutbatch) held by the attestants' group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CASE_OFFICERS = "Handläggare"  # i18n: stored
ATTESTANTS = "Attestanter"  # i18n: stored

# Apps whose every model case officers may view in the admin.
VIEWED_APPS = ("grants", "regions", "reporting")
# Sign-in protection: see locked accounts and unlock them by deleting the attempts.
UNLOCK = [("axes", "accessattempt", "view"), ("axes", "accessattempt", "delete"), ("axes", "accessfailurelog", "view")]


def ensure_staff_groups() -> tuple[Group, Group]:
    """Create or update the two staff groups with their permissions; return (case officers, attestants)."""
    viewing = Permission.objects.filter(content_type__app_label__in=VIEWED_APPS, codename__startswith="view_")
    unlocking = Q()
    for app, model, action in UNLOCK:
        unlocking |= Q(content_type__app_label=app, content_type__model=model, codename=f"{action}_{model}")
    officers, _ = Group.objects.get_or_create(name=CASE_OFFICERS)
    officers.permissions.set([*viewing, *Permission.objects.filter(unlocking)])
    attestants, _ = Group.objects.get_or_create(name=ATTESTANTS)
    attestants.permissions.set(
        Permission.objects.filter(content_type__app_label="grants", codename="approve_payoutbatch")
    )
    return officers, attestants


def remember_admin_rights(sender, request, user, **kwargs):
    """On sign-in, note in the session whether the user may use the admin, so pages show its link without a query."""
    if request is not None and hasattr(request, "session"):
        request.session["may_use_admin"] = bool(user.is_staff and (user.is_superuser or user.get_all_permissions()))
