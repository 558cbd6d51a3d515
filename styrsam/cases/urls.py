from django.urls import path

from . import views, views_case, views_consultation, views_decisions, views_inbox

app_name = "cases"

urlpatterns = [
    path("arenden/", views.case_mine, name="case_mine"),
    path("arenden/oppna/", views.case_open, name="case_open"),
    path("arenden/oppna/export.<str:fmt>", views.case_open_export, name="case_open_export"),
    path("arenden/anmal/", views.case_report, name="case_report"),
    path("arenden/<int:pk>/", views_case.case_detail, name="case_detail"),
    path(
        "arenden/<int:pk>/steg/<slug:step>/utfort/",
        views_case.step_complete,
        name="step_complete",
    ),
    path(
        "arenden/<int:pk>/steg/<int:step_pk>/bilaga/",
        views_case.step_attachment,
        name="step_attachment",
    ),
    path("arenden/<int:pk>/steg/<slug:step>/behov/", views_case.step_needed, name="step_needed"),
    path(
        "arenden/<int:pk>/steg/<slug:step>/remiss/",
        views_case.consultation_open,
        name="consultation_open",
    ),
    path("arenden/<int:pk>/beslut/", views_case.case_decide, name="case_decide"),
    path("arenden/<int:pk>/vidarebefordra/", views_case.case_forward, name="case_forward"),
    path("remisser/<int:pk>/", views_consultation.consultation_detail, name="consultation_detail"),
    path(
        "remisser/<int:pk>/avsluta/",
        views_consultation.consultation_close,
        name="consultation_close",
    ),
    path("beslut/", views_decisions.decision_list, name="decision_list"),
    path("beslut/export.xlsx", views_decisions.decision_export, name="decision_export"),
    path("beslut/<int:pk>/", views_decisions.decision_detail, name="decision_detail"),
    path("inkorg/", views_inbox.inbox, name="inbox"),
    path("inkorg/<int:pk>/las/", views_inbox.notification_read, name="notification_read"),
]
