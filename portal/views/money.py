"""The region's money in a programme: allocation, payouts and claims, as the agency's books have them."""

from django.shortcuts import render

from .. import selectors
from ..access import REGIONAL_ROLES, portal_view
from .common import programme_or_404


@portal_view(roles=REGIONAL_ROLES)
def programme_money(request, region, programme_code):
    programme = programme_or_404(programme_code, region=region)
    context = {"region": region, "programme": programme, "money": selectors.region_money(programme, region)}
    return render(request, "portal/money.html", context)
