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
    path("<slug:code>/kopiera/", views.programme_copy, name="programme_copy"),
    path("<slug:code>/redigera/", views.programme_edit, name="programme_edit"),
    path("<slug:code>/delar/ny/", views.component_edit, name="component_add"),
    path("<slug:code>/delar/<slug:part>/", views.component_edit, name="component_edit"),
    path("<slug:code>/publicera/", views.programme_publish, name="programme_publish"),
    path("<slug:code>/jamfor/", views.programme_compare, name="programme_compare"),
    path("<slug:code>/jamfor/<slug:other>.xlsx", views.programme_compare_export, name="programme_compare_export"),
    path("<slug:code>/definition.toml", views.definition_download, name="definition_download"),
    path("<slug:code>/korning/<int:number>/", views.programme_detail, name="run_detail"),
    path("<slug:code>/korning/<int:number>/bilaga.xlsx", views.allocation_export, name="allocation_export"),
]
