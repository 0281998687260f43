from django.urls import path, register_converter

from . import views


class CountyCode:
    regex = r"\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CountyCode, "lan")

app_name = "portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("leverans/<slug:programme_code>/", views.monthly_upload, name="monthly_upload"),
    path("leverans/<slug:programme_code>/mall.xlsx", views.monthly_template_download, name="monthly_template"),
    path("konto/<uidb64>/<token>/", views.activate, name="activate"),
    path("<lan:region_code>/", views.region_home, name="region_home"),
    path("<lan:region_code>/anvandare/", views.members, name="members"),
    path("<lan:region_code>/enkat/<int:survey_id>/", views.survey_answer, name="survey_answer"),
    path("<lan:region_code>/<slug:programme_code>/aterrapportering/", views.follow_up_edit, name="follow_up_edit"),
    path(
        "<lan:region_code>/<slug:programme_code>/aktivitetsplan/", views.activity_plan_edit, name="activity_plan_edit"
    ),
    path(
        "<lan:region_code>/<slug:programme_code>/verksamhetsplan/",
        views.operations_plan_edit,
        name="operations_plan_edit",
    ),
    path("<lan:region_code>/<slug:programme_code>/manadsdata/", views.monthly_overview, name="monthly_overview"),
    path("<lan:region_code>/<slug:programme_code>/ekonomi/", views.programme_money, name="programme_money"),
    path(
        "<lan:region_code>/<slug:programme_code>/manadsdata/<int:year>/<int:month>/",
        views.monthly_month,
        name="monthly_month",
    ),
    path("<lan:region_code>/<slug:programme_code>/rekvisition/", views.requisition_edit, name="requisition_edit"),
    path(
        "<lan:region_code>/<slug:programme_code>/rekvisition/kvitto/",
        views.requisition_receipt,
        name="requisition_receipt",
    ),
]
