"""The system register's list, declared once: filters, columns, sorting and export
(``styrsam.core.lists``). The page, its htmx partial, the Excel/CSV export and the API's
``/api/v1/systems/`` filters all come from here."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.access import may
from styrsam.core.lists import FilterSet, ListDefinition, SearchFilter, Table, dash, url_by_pk
from styrsam.guideline.policy import get_policy
from styrsam.organisation.selectors import unit_choices

from . import selectors
from .models import System


def _category_choices():
    return get_policy().system_category_choices()


def _kind_choices():
    return get_policy().common_kind_choices()


def _unit_choices():
    return unit_choices(active_only=True)


def person_name(person) -> str:
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


class SystemFilterSet(FilterSet):
    q = SearchFilter(
        fields=["name", "description", "vendor"],
        label=_("Sök namn, beskrivning eller leverantör"),
    )
    category = filters.ChoiceFilter(
        choices=_category_choices, label=_("Kategori"), empty_label=_("Alla")
    )
    common_kind = filters.ChoiceFilter(
        choices=_kind_choices, label=_("Typ av kommungemensamt system"), empty_label=_("Alla")
    )
    owner_unit = filters.ChoiceFilter(
        field_name="owner_unit__code",
        choices=_unit_choices,
        label=_("Ägande förvaltning"),
        empty_label=_("Alla"),
        help_text=_("Kod för ägande förvaltning, t.ex. vof"),
    )
    lifecycle = filters.ChoiceFilter(
        choices=System.Lifecycle.choices, label=_("Livscykel"), empty_label=_("Alla")
    )
    criticality = filters.ChoiceFilter(
        choices=System.Criticality.choices, label=_("Kritikalitet"), empty_label=_("Alla")
    )
    vendor = filters.CharFilter(lookup_expr="icontains", label=_("Leverantör"))
    contract_end_before = filters.DateFilter(
        field_name="contract_end",
        lookup_expr="lt",
        label=_("Avtalet löper ut före"),
        widget=filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = System
        fields: list[str] = []


class SystemTable(Table):
    name = tables.Column(_("Namn"), linkify=True, order_by=("name", "pk"))
    category = tables.Column(_("Kategori"), order_by=("category", "name"))
    common_kind = tables.Column(_("Typ av kommungemensamt system"), visible=False)
    owner_unit = tables.Column(
        _("Ägande förvaltning"), accessor="owner_unit__name", order_by=("owner_unit__name", "name")
    )
    owner = tables.Column(_("Systemägare"), orderable=False)
    manager = tables.Column(_("Systemansvarig"), visible=False)
    lifecycle = tables.Column(_("Livscykel"), order_by=("lifecycle", "name"))
    criticality = tables.Column(_("Kritikalitet"), order_by=("criticality", "name"))
    vendor = tables.Column(_("Leverantör"), order_by=("vendor", "name"))
    contract_end = tables.DateColumn(
        "Y-m-d", verbose_name=_("Avtalet löper ut"), order_by=("contract_end", "name")
    )
    user_count = tables.Column(_("Antal användare"), visible=False)
    financing_principle = tables.Column(_("Finansieringsprincip"), visible=False)

    class Meta(Table.Meta):
        model = System
        fields = ()
        order_by = ("name",)
        empty_text = _("Inga system matchar filtret.")
        template_name = "components/fast_table.html"

    # what the cells read besides the columns' fields: the kind after the category, the
    # owner's name (``person_name``)
    page_reads = ("common_kind", "owner__first_name", "owner__last_name", "owner__username")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = get_policy()
        self.category_names = dict(policy.system_category_choices())
        self.kind_names = dict(policy.common_kind_choices())
        self.financing_names = {
            code: p.get("name", code) for code, p in policy.financing_principles().items()
        }

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``; issue 18: django-tables2's
        cell per cell was most of the page's time): the same texts as the ``render_``
        methods, the choices' labels translated once per page."""
        url = url_by_pk("systems:system_detail")
        lifecycles = {value: str(label) for value, label in System.Lifecycle.choices}
        criticalities = {value: str(label) for value, label in System.Criticality.choices}
        return {
            "name": lambda s: (dash(s.name), url(s.pk)),
            "category": lambda s: (dash(s.category, self.render_category(s, s.category)), None),
            "owner_unit": lambda s: (dash(s.owner_unit.name if s.owner_unit_id else None), None),
            "owner": lambda s: (dash(s.owner_id, person_name(s.owner)), None),
            "lifecycle": lambda s: (
                dash(s.lifecycle, lifecycles.get(s.lifecycle, s.lifecycle)),
                None,
            ),
            "criticality": lambda s: (
                dash(s.criticality, criticalities.get(s.criticality, s.criticality)),
                None,
            ),
            "vendor": lambda s: (dash(s.vendor), None),
            "contract_end": lambda s: (
                dash(s.contract_end, f"{s.contract_end:%Y-%m-%d}" if s.contract_end else ""),
                None,
            ),
        }

    def render_category(self, record, value):
        label = self.category_names.get(value, value)
        kind = self.kind_names.get(record.common_kind, "")
        if kind:
            return format_html('{} <span class="muted">({})</span>', label, kind)
        return label

    def value_category(self, value):
        return self.category_names.get(value, value)

    def render_common_kind(self, value):
        return self.kind_names.get(value, value)

    def value_common_kind(self, value):
        return self.kind_names.get(value, "")

    def render_owner(self, value):
        return person_name(value)

    value_owner = render_owner
    render_manager = render_owner
    value_manager = render_owner

    def render_lifecycle(self, record):
        return record.get_lifecycle_display()

    value_lifecycle = render_lifecycle

    def render_criticality(self, record):
        return record.get_criticality_display()

    value_criticality = render_criticality

    def render_financing_principle(self, value):
        return self.financing_names.get(value, value)

    value_financing_principle = render_financing_principle


class SystemList(ListDefinition):
    """The register: every system, for every member of staff (costs are never listed)."""

    permission = "systems.view_system"
    filterset_class = SystemFilterSet
    table_class = SystemTable
    template = "systems/system_list.html"
    title = _("System")
    export_name = "systemforteckning"
    export_url_name = "systems:system_export"
    api_url_name = "system-list"

    def get_queryset(self):
        return selectors.system_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s system", "%(n)s system", count) % {"n": count}

    def get_context(self) -> dict:
        user = self.request.user
        return {
            "can_add": may(user, "systems.add_system"),
            "can_import": may(user, "systems.import_systems"),
        }
