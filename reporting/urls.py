from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("region/<str:region>/manadsdata/", views.region_monthly, name="region_monthly"),
    path("<slug:code>/korningar/", views.run_history, name="run_history"),
    path("<slug:code>/korning/<int:number>/jamforelse/", views.run_compare, name="run_compare"),
    path("<slug:code>/del/<slug:component>/", views.component_detail, name="component_detail"),
    path("<slug:code>/del/<slug:component>/korning/<int:number>/", views.component_detail, name="component_run"),
    path(
        "<slug:code>/del/<slug:component>/korning/<int:number>/underlag.xlsx",
        views.component_export,
        name="component_export",
    ),
]
