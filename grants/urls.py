from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("befolkning/importera/", views.population_import, name="population_import"),
    path("las-in-beslut/", views.definition_upload, name="definition_upload"),
    path("las-in-beslut/hjalp/", views.definition_help, name="definition_help"),
    path("<slug:code>/", views.programme_detail, name="programme_detail"),
    path("<slug:code>/berakna/", views.allocation_compute, name="allocation_compute"),
    path("<slug:code>/korning/<int:number>/", views.programme_detail, name="run_detail"),
    path("<slug:code>/korning/<int:number>/bilaga.xlsx", views.allocation_export, name="allocation_export"),
]
