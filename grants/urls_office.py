from django.urls import path

from .views import office as views

app_name = "office"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("statsbidrag/<slug:code>/", views.programme_detail, name="programme_detail"),
    path("statsbidrag/<slug:code>/tidsfrister/", views.deadlines, name="deadlines"),
    path("statsbidrag/<slug:code>/tidsfrister/forlang/", views.extension_grant, name="extension_grant"),
    path("statsbidrag/<slug:code>/aterrapporteringar/", views.follow_up_list, name="follow_up_list"),
    path("statsbidrag/<slug:code>/enkatsvar/", views.survey_answers, name="survey_answers"),
    path("statsbidrag/<slug:code>/enkatsvar/<int:pk>.xlsx", views.survey_answers_export, name="survey_answers_export"),
    path("statsbidrag/<slug:code>/historik/", views.programme_history, name="programme_history"),
    path("statsbidrag/<slug:code>/utbetalningsbeslut/", views.batch_prepare, name="batch_prepare"),
    path("statsbidrag/<slug:code>/aterkrav/", views.repayment_for_condition, name="repayment_for_condition"),
    path("statsbidrag/<slug:code>/ekonomisk-redovisning/", views.account_detail, name="account_detail"),
    path("statsbidrag/<slug:code>/ekonomisk-redovisning.xlsx", views.account_export, name="account_export"),
    path("statsbidrag/<slug:code>/forvaltningsmedel/", views.own_costs_record, name="own_costs_record"),
    path("statsbidrag/<slug:code>/avsluta/", views.programme_close, name="programme_close"),
    path("rekvisitioner/", views.requisition_list, name="requisition_list"),
    path("rekvisitioner/<int:pk>/", views.requisition_detail, name="requisition_detail"),
    path("rekvisitioner/<int:pk>/godkann/", views.requisition_approve, name="requisition_approve"),
    path("rekvisitioner/<int:pk>/komplettering/", views.requisition_return, name="requisition_return"),
    path("rekvisitioner/<int:pk>/avslag/", views.requisition_reject, name="requisition_reject"),
    path("utbetalningar/", views.batch_list, name="batch_list"),
    path("utbetalningar/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("utbetalningar/<int:pk>/attestera/", views.batch_approve, name="batch_approve"),
    path("utbetalningar/<int:pk>/utbetald/", views.batch_mark_paid, name="batch_mark_paid"),
    path("utbetalningar/<int:pk>/ta-bort/", views.batch_discard, name="batch_discard"),
    path("utbetalningar/<int:pk>/utbetalningsbeslut.xlsx", views.batch_export, name="batch_export"),
    path("aterbetalningar/", views.repayment_list, name="repayment_list"),
    path("aterbetalningar/ny/", views.repayment_create, name="repayment_create"),
    path("aterbetalningar/<int:pk>/", views.repayment_detail, name="repayment_detail"),
    path("aterbetalningar/<int:pk>/inbetalning/", views.repayment_payment, name="repayment_payment"),
    path("aterbetalningar/<int:pk>/faktura/", views.repayment_invoice, name="repayment_invoice"),
    path("aterbetalningar/<int:pk>/andra/", views.repayment_adjust, name="repayment_adjust"),
    path("aterrapporteringar/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
    path(
        "aterrapporteringar/<int:pk>/aterbetalning/", views.repayment_from_follow_up, name="repayment_from_follow_up"
    ),
    path("regioner/", views.region_payment_list, name="region_payment_list"),
    path("regioner/<str:code>/betalningsuppgifter/", views.region_payment_details, name="region_payment_details"),
    path("regioner/<str:code>/kalender/", views.region_calendar_link, name="region_calendar_link"),
    path("regioner/<str:code>/manadsdata/historik/", views.monthly_history, name="monthly_history"),
    path("kalender/<str:token>/tidsfrister.ics", views.region_calendar, name="region_calendar"),
]
