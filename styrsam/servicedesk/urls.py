from django.urls import path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("kundservice/", views.catalogue, name="catalogue"),
    path("kundservice/importera/", views.catalogue_import, name="catalogue_import"),
    path(
        "kundservice/importera/mall.<str:fmt>",
        views.catalogue_import_template,
        name="catalogue_import_template",
    ),
    path("kundservice/artiklar/ny/", views.item_edit, name="item_create"),
    path("kundservice/artiklar/<int:pk>/", views.item_edit, name="item_edit"),
    path("kundservice/bestall/<int:item_id>/", views.order_create, name="order_create"),
    path("kundservice/mina-bestallningar/", views.my_orders, name="my_orders"),
    path("kundservice/bestallningar/", views.order_list, name="order_list"),
    path("kundservice/bestallningar/export.<str:fmt>", views.order_export, name="order_export"),
    path("kundservice/bestallningar/<int:pk>/", views.order_detail, name="order_detail"),
    path(
        "kundservice/bestallningar/<int:pk>/<str:action>/", views.order_action, name="order_action"
    ),
    path("kundservice/att-godkanna/", views.approvals, name="approvals"),
    path("kundservice/att-leverera/", views.fulfilment, name="fulfilment"),
]
