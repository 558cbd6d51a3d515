from django.urls import path

from . import public, views

app_name = "documents"

urlpatterns = [
    # staff (G13, G28, G29, G12)
    path("styrdokument/", views.document_list, name="document_list"),
    path("styrdokument/export.<str:fmt>", views.document_export, name="document_export"),
    path("styrdokument/nytt/", views.document_create, name="document_create"),
    path("styrdokument/<int:pk>/", views.document_detail, name="document_detail"),
    path("styrdokument/<int:pk>/uppgifter/", views.document_edit, name="document_edit"),
    path(
        "styrdokument/<int:pk>/v/<int:number>/policyfil/",
        views.version_policy,
        name="version_policy",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/bilagor/",
        views.attachment_add,
        name="attachment_add",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/bilagor/<int:attachment>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/bilagor/<int:attachment>/ta-bort/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("styrdokument/<int:pk>/ny-version/", views.version_create, name="version_create"),
    path("styrdokument/<int:pk>/v/<int:number>/text/", views.version_text, name="version_text"),
    path(
        "styrdokument/<int:pk>/v/<int:number>/remiss/",
        views.version_consult,
        name="version_consult",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/faststall/",
        views.version_adopt,
        name="version_adopt",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/publicera/",
        views.version_publish,
        name="version_publish",
    ),
    path(
        "styrdokument/<int:pk>/v/<int:number>/upphav/", views.version_repeal, name="version_repeal"
    ),
    path("styrdokument/<int:pk>/v/<int:number>.pdf", views.version_pdf, name="version_pdf"),
    # the public register: no login, no cookie (G28)
    path("publikt/", public.register, name="public_register"),
    path("publikt/flode.atom", public.feed, name="public_feed"),
    path("publikt/sitemap.xml", public.sitemap, name="public_sitemap"),
    path("publikt/styrdokument/<int:pk>/", public.document, name="public_document"),
    path("publikt/styrdokument/<int:pk>/jamfor/", public.compare, name="public_compare"),
    path(
        "publikt/styrdokument/<int:pk>/version/<int:number>/",
        public.version,
        name="public_version",
    ),
    path(
        "publikt/styrdokument/<int:pk>/version/<int:number>/bilaga/<int:attachment>/",
        public.attachment,
        name="public_attachment",
    ),
    path(
        "publikt/styrdokument/<int:pk>/version/<int:number>.pdf",
        public.version_pdf,
        name="public_version_pdf",
    ),
]
