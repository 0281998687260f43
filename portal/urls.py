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
    path("<lan:region_code>/", views.region_home, name="region_home"),
    path("<lan:region_code>/<slug:programme_code>/rekvisition/", views.requisition_edit, name="requisition_edit"),
    path(
        "<lan:region_code>/<slug:programme_code>/rekvisition/kvitto/",
        views.requisition_receipt,
        name="requisition_receipt",
    ),
]
