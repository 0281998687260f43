"""Access for the regional portal: every view goes through `portal_view`, which resolves the region.

A region the user may not act for is answered 404, so that nobody learns what exists for another region.
A region the user may act for, but in a role that may not do this, is answered 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from regions.access import DATA_ROLES, REGIONAL_ROLES, SIGNERS, SUBMITTERS, acting_regions, membership_of

__all__ = ["DATA_ROLES", "REGIONAL_ROLES", "SIGNERS", "SUBMITTERS", "portal_view"]


def portal_view(view=None, *, roles=None):
    """Wrap a portal view: login, a regional membership, the region in the URL among the user's regions.

    `roles` are the membership roles that may use the view (all by default). The wrapped view gets `region`
    in place of `region_code`; `request.membership` is the user's membership.
    """

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(request.user)
            if membership is None:
                raise PermissionDenied
            request.membership = membership
            if "region_code" in kwargs:
                region = acting_regions(request.user).filter(code=kwargs.pop("region_code")).first()
                if region is None:
                    raise Http404
                kwargs["region"] = region
            if roles is not None and membership.role not in roles:
                raise PermissionDenied
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
