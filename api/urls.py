from django.urls import path

from . import views

app_name = "apikeys"

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
]
