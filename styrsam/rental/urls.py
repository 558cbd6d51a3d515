from django.urls import path

from . import views

app_name = "rental"

urlpatterns = [
    path("hyra/utrustning/", views.asset_list, name="asset_list"),
    path("hyra/utrustning/export.<str:fmt>", views.asset_export, name="asset_export"),
    path("hyra/utrustning/ny/", views.asset_create, name="asset_create"),
    path("hyra/utrustning/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("hyra/utrustningstyper/", views.asset_type_list, name="asset_type_list"),
    path(
        "hyra/utrustningstyper/export.<str:fmt>",
        views.asset_type_export,
        name="asset_type_export",
    ),
    path("hyra/utrustningstyper/ny/", views.asset_type_create, name="asset_type_create"),
    path("hyra/utrustningstyper/<int:pk>/", views.asset_type_edit, name="asset_type_edit"),
    path("hyra/hyresnivaer/", views.rent_levels, name="rent_levels"),
    path("hyra/korning/", views.rent_run_page, name="rent_run"),
    path("hyra/investeringsbudget/", views.budget, name="budget"),
    path("hyra/fakturaunderlag/", views.invoice_basis, name="invoice"),
    path("hyra/fakturaunderlag/export.<str:fmt>", views.invoice_export, name="invoice_export"),
    path("hyra/reskontra/", views.ledger, name="ledger"),
    path("hyra/reskontra/export.<str:fmt>", views.ledger_export, name="ledger_export"),
]
