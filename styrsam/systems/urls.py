from django.urls import path

from . import views

app_name = "systems"

urlpatterns = [
    path("system/", views.system_list, name="system_list"),
    path("system/nytt/", views.system_create, name="system_create"),
    path("system/export.<str:fmt>", views.system_export, name="system_export"),
    path("system/import/", views.system_import, name="system_import"),
    path("system/mall.<str:fmt>", views.import_template, name="import_template"),
    path("system/g20/", views.platform_compliance, name="platform_compliance"),
    path("system/meddelanden/", views.message_list, name="message_list"),
    path("system/meddelanden/nytt/", views.message_create, name="message_create"),
    path("system/meddelanden/<int:pk>/", views.message_detail, name="message_detail"),
    path("system/meddelanden/<int:pk>/last/", views.message_read, name="message_read"),
    path("system/<int:pk>/", views.system_detail, name="system_detail"),
    path("system/<int:pk>/andra/", views.system_edit, name="system_edit"),
    path("system/<int:pk>/avveckla/", views.system_retire, name="system_retire"),
    path("system/<int:pk>/kostnader/", views.system_costs, name="system_costs"),
    path(
        "system/<int:pk>/anslutningar/",
        views.platform_connection,
        name="platform_connection",
    ),
]
