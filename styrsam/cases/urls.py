from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("arenden/", views.case_mine, name="case_mine"),
    path("arenden/export.<str:fmt>", views.case_mine_export, name="case_mine_export"),
    path("arenden/oppna/", views.case_open, name="case_open"),
    path("arenden/oppna/export.<str:fmt>", views.case_open_export, name="case_open_export"),
    path("arenden/anmal/", views.case_report, name="case_report"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/steg/<slug:step>/utfort/", views.step_complete, name="step_complete"),
    path(
        "arenden/<int:pk>/steg/<int:step_pk>/bilaga/",
        views.step_attachment,
        name="step_attachment",
    ),
    path("arenden/<int:pk>/steg/<slug:step>/behov/", views.step_needed, name="step_needed"),
    path(
        "arenden/<int:pk>/steg/<slug:step>/remiss/",
        views.consultation_open,
        name="consultation_open",
    ),
    path("arenden/<int:pk>/beslut/", views.case_decide, name="case_decide"),
    path("arenden/<int:pk>/vidarebefordra/", views.case_forward, name="case_forward"),
    path("remisser/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("remisser/<int:pk>/avsluta/", views.consultation_close, name="consultation_close"),
    path("beslut/", views.decision_list, name="decision_list"),
    path("beslut/export.<str:fmt>", views.decision_export, name="decision_export"),
    path("beslut/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("inkorg/", views.inbox, name="inbox"),
    path("inkorg/<int:pk>/las/", views.notification_read, name="notification_read"),
]
