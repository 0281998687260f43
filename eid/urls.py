from django.urls import path

from . import views

app_name = "eid"

urlpatterns = [path("ansokan/", views.application, name="application")]
