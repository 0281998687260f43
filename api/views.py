"""Staff pages for the intermediaries' API keys: list, create (the key is shown once) and revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from grants.permissions import staff_required

from . import services
from .forms import TokenForm
from .models import ApiToken


@staff_required
@never_cache
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            # Shown once, on this answer only: the key is stored as a digest.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    tokens = ApiToken.objects.select_related("organisation", "created_by", "revoked_by").prefetch_related("regions")
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens})


@staff_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        _("Nyckeln %(prefix)s… för %(organisation)s är återkallad.")
        % {"prefix": token.prefix, "organisation": token.organisation.name},
    )
    return redirect("apikeys:token_list")
