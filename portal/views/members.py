"""The region's users: the authorised representative sees them and invites new ones."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from regions.models import Membership
from regions.services import membership_invite

from ..access import SIGNERS, portal_view
from ..forms import InviteForm
from .common import add_service_errors


@portal_view(roles=SIGNERS)
def members(request, region):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = request.build_absolute_uri(reverse("portal:activate", args=["UID", "TOKEN"]))
        try:
            membership_invite(
                actor=request.user,
                region=region,
                **form.cleaned_data,
                activation_url=link.replace("UID", "{uid}").replace("TOKEN", "{token}"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("En inbjudan är skickad till %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("portal:members", region_code=region.code)
    people = Membership.objects.filter(region=region).select_related("user").order_by("user__last_name")
    return render(request, "portal/members.html", {"region": region, "form": form, "people": people})


class ActivateView(auth_views.PasswordResetConfirmView):
    """Let an invited user choose a password (Django's signed, single-use link)."""

    template_name = "portal/activate.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Lösenordet är sparat. Logga in med din e-postadress."))
        return super().form_valid(form)


activate = ActivateView.as_view()
