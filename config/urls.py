from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Statsbidrag till regionerna – administration"
admin.site.site_title = "Statsbidrag"
admin.site.index_title = "Administration"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="grants:programme_list", permanent=False), name="home"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("statsbidrag/", include("grants.urls")),
    path("rapportering/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
