"""The staff list of governing documents (``styrsam.core.lists``); its FilterSet also filters
``GET /api/v1/documents/``."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.cases.lists import person_name
from styrsam.core.lists import FilterSet, ListDefinition, SearchFilter, Table

from . import selectors
from .models import Document, DocumentVersion


class DocumentFilterSet(FilterSet):
    q = SearchFilter(fields=["title"], label=_("Sök rubrik"))
    kind = filters.ChoiceFilter(
        choices=Document.Kind.choices, label=_("Slag"), empty_label=_("Alla")
    )

    class Meta:
        model = Document
        fields: list[str] = []


_STATUS = dict(DocumentVersion.Status.choices)


class DocumentTable(Table):
    title = tables.Column(_("Rubrik"), linkify=True, order_by=("title", "pk"))
    kind = tables.Column(_("Slag"), order_by=("kind", "title", "pk"))
    latest_status = tables.Column(
        _("Senaste version"), order_by=("latest_status", "title", "pk"), empty_values=()
    )
    adopted_on = tables.DateColumn(
        format="Y-m-d", verbose_name=_("Fastställd"), order_by=("adopted_on", "pk")
    )
    owner = tables.Column(_("Dokumentägare"), order_by=("owner__last_name", "pk"))
    review_date = tables.DateColumn(
        format="Y-m-d", verbose_name=_("Revideras senast"), order_by=("review_date", "pk")
    )

    class Meta(Table.Meta):
        model = Document
        fields = ()
        order_by = ("title",)
        empty_text = _("Inga styrdokument.")

    def render_kind(self, record):
        return record.get_kind_display()

    value_kind = render_kind

    def render_latest_status(self, record):
        if record.latest_number is None:
            return "–"
        return f"{record.latest_number}: {_STATUS.get(record.latest_status, '')}"

    value_latest_status = render_latest_status

    def render_owner(self, value):
        return person_name(value)

    value_owner = render_owner


class DocumentList(ListDefinition):
    permission = "documents.view_documents"
    filterset_class = DocumentFilterSet
    table_class = DocumentTable
    template = "documents/document_list.html"
    title = _("Styrdokument")
    export_name = "styrdokument"
    export_url_name = "documents:document_export"
    api_url_name = "document-list"

    def get_queryset(self):
        return selectors.document_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s styrdokument", "%(n)s styrdokument", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_add": self.request.user.has_perm("documents.draft_documents")}
