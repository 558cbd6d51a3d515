"""The policy's versions, declared once (``styrsam.core.lists``): the history pager of the
policy page."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from styrsam.core.lists import FilterSet, ListDefinition, Table

from . import selectors
from .models import PolicyVersion


class PolicyVersionFilterSet(FilterSet):
    """Versions are few and numbered: nothing to filter."""

    class Meta:
        model = PolicyVersion
        fields: list[str] = []


class PolicyVersionTable(Table):
    number = tables.Column(
        gettext_lazy("Version"),
        order_by=("number",),
        linkify=lambda record: reverse("guideline:version", args=[record.number]),
    )
    name = tables.Column(gettext_lazy("Namn"), orderable=False)
    source = tables.Column(gettext_lazy("Källa"), orderable=False)
    loaded_at = tables.DateTimeColumn(
        "Y-m-d H:i", verbose_name=gettext_lazy("Laddad"), order_by=("loaded_at", "number")
    )
    loaded_by = tables.Column(gettext_lazy("Av"), orderable=False, empty_values=())
    is_active = tables.Column(gettext_lazy("Status"), orderable=False)
    effective_date = tables.DateColumn(
        "Y-m-d", verbose_name=gettext_lazy("Gäller från"), orderable=False
    )

    class Meta(Table.Meta):
        model = PolicyVersion
        fields = ()
        empty_text = gettext_lazy("Ingen version har laddats.")

    def render_loaded_by(self, value):
        if value is None:
            return _("systemet")
        return value.get_full_name() or value.get_username()

    def render_is_active(self, value, record):
        if record.status == PolicyVersion.Status.DRAFT:
            return _("Utkast")
        if value:
            return format_html('<span class="status ok">{}</span>', _("Gällande"))
        if record.effective_date and record.effective_date > timezone.localdate():
            return _("Antagen, gäller ännu inte")
        return _("Tidigare")


class PolicyVersionList(ListDefinition):
    """Every policy file ever loaded, newest first; the active one marked (G29)."""

    permission = "guideline.view_policy"
    filterset_class = PolicyVersionFilterSet
    table_class = PolicyVersionTable
    template = "guideline/policy.html"
    title = gettext_lazy("Riktlinje och policy")
    per_page = 20

    def get_queryset(self):
        return selectors.policy_versions(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s sparad policyversion", "%(n)s sparade policyversioner", count) % {
            "n": count
        }
