"""The SAML service provider's configuration, from settings; e-identification is off until an IdP is configured."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from djangosaml2.conf import config_settings_loader


def enabled() -> bool:
    return bool(settings.SAML_CONFIG.get("metadata"))


def load(request=None):
    """The djangosaml2 config loader: 404 while no identity provider is configured."""
    if not enabled():
        raise Http404(_("Inloggning med e-legitimation är inte aktiverad."))
    return config_settings_loader(request)
