from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("filer/<int:pk>/", views.export_status, name="export_status"),
    path("filer/<int:pk>/hamta/", views.export_download, name="export_download"),
    path("region/<str:region>/manadsdata/", views.region_monthly, name="region_monthly"),
    path("<slug:code>/korningar/", views.run_history, name="run_history"),
    path("<slug:code>/korning/<int:number>/jamforelse/", views.run_compare, name="run_compare"),
    path("<slug:code>/del/<slug:component>/", views.component_detail, name="component_detail"),
    path("<slug:code>/del/<slug:component>/uppfoljning/", views.operations_followup, name="operations_followup"),
    path(
        "<slug:code>/del/<slug:component>/uppfoljning.xlsx",
        views.operations_followup_export,
        name="operations_followup_export",
    ),
    path("<slug:code>/del/<slug:component>/uppfyllnad/", views.fulfilment, name="fulfilment"),
    path("<slug:code>/del/<slug:component>/uppfyllnad.xlsx", views.fulfilment_export, name="fulfilment_export"),
    path("<slug:code>/del/<slug:component>/korning/<int:number>/", views.component_detail, name="component_run"),
    path(
        "<slug:code>/del/<slug:component>/korning/<int:number>/underlag.xlsx",
        views.component_export,
        name="component_export",
    ),
]
