from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("grupper/", views.group_list, name="group_list"),
    path("grupper/<slug:code>/", views.group_detail, name="group_detail"),
    path("medlemskap/<int:pk>/avsluta/", views.membership_end, name="membership_end"),
    path("organisation/", views.unit_list, name="unit_list"),
    path("organisation/importera/", views.organisation_import, name="organisation_import"),
    path(
        "organisation/importera/mall.<str:fmt>",
        views.organisation_import_template,
        name="organisation_import_template",
    ),
    path("organisation/enhet/ny/", views.unit_create, name="unit_create"),
    path("organisation/enhet/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("organisation/namnd/ny/", views.committee_create, name="committee_create"),
    path("organisation/namnd/<int:pk>/", views.committee_edit, name="committee_edit"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/export.<str:fmt>", views.person_export, name="person_export"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("roller/<int:pk>/avsluta/", views.role_end, name="role_end"),
]
