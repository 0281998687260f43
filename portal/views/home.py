"""The portal's start: choose a region (intermediaries), and a region's home page."""

from django.shortcuts import redirect, render
from django.urls import reverse

from grants.calendar import calendar_token
from regions.access import may_sign

from .. import selectors
from ..access import portal_view


@portal_view
def portal_index(request):
    membership = request.membership
    if membership.region_id:
        return redirect("portal:region_home", region_code=membership.region.code)
    context = {
        "regions": selectors.regions_for_chooser(request.user),
        "membership": membership,
        "delivery_programmes": selectors.programmes_with_monthly_data(),
    }
    return render(request, "portal/index.html", context)


@portal_view
def region_home(request, region):
    is_member = bool(request.membership.region_id)  # not an intermediary delivering data for the region
    context = {
        "region": region,
        "membership": request.membership,
        "cards": selectors.home_cards(region),
        "is_intermediary": request.membership.organisation_id is not None,
        "can_sign": may_sign(request.user, region) if is_member else False,
        # The region's own deadline calendar, the same signed feed staff hand out (and can replace).
        "calendar_url": (
            request.build_absolute_uri(reverse("office:region_calendar", args=[calendar_token(region)]))
            if is_member
            else None
        ),
    }
    return render(request, "portal/region_home.html", context)


def start(request):
    """Send each user to their start page: staff to their work list, regional users to their region."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_staff:
        return redirect("office:work_list")
    return redirect("portal:index")
