from django.urls import path

from . import views

app_name = "ombud"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/handling/", views.document, name="document"),
]
