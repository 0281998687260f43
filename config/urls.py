from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from api.api import api
from portal.views.home import start as portal_start

admin.site.site_header = _("Statsbidrag till regionerna – administration")
admin.site.site_title = _("Statsbidrag")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", portal_start, name="home"),
    path("sprak/", set_language, name="set_language"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("glomt-losenord/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("glomt-losenord/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("nytt-losenord/klart/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("statsbidrag/", include("grants.urls")),
    path("region/", include("portal.urls")),
    path("handlaggning/api-nycklar/", include("api.urls")),
    path("handlaggning/ombud/", include("eid.urls_office")),
    path("e-legitimation/", include("eid.urls")),
    path("handlaggning/", include("grants.urls_office")),
    path("rapportering/", include("reporting.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("saml2/", include("djangosaml2.urls")),
]

if settings.BENCHMARK_BASELINE:  # benchmarks/load.py: the minimal authenticated view every page is compared with
    from .benchmark import baseline

    urlpatterns.append(path("benchmark/baseline/", baseline, name="benchmark_baseline"))
