"""The finance app's lists, declared once (``styrsam.core.lists``): budget proposals and
allocation keys. The pages, their exports and the API's filters come from here."""

from __future__ import annotations

from decimal import Decimal

import django_filters as filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.access import may
from styrsam.core.lists import FilterSet, IdFilter, ListDefinition, SearchFilter, Table, YearFilter

from . import selectors
from .models import AllocationKey, BudgetKind, BudgetPlan
from .selectors import keys_in_force_q


class BudgetPlanFilterSet(FilterSet):
    year = YearFilter(method="filter_year", label=_("År"), help_text=_("Förslag som omfattar året"))
    kind = filters.ChoiceFilter(
        choices=BudgetKind.choices, label=_("Budgetslag"), empty_label=_("Alla")
    )
    status = filters.ChoiceFilter(
        choices=BudgetPlan.Status.choices, label=_("Status"), empty_label=_("Alla")
    )

    class Meta:
        model = BudgetPlan
        fields: list[str] = []

    def filter_year(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(first_year__lte=value, last_year__gte=value)


def _amounts(plan: BudgetPlan) -> str:
    return ", ".join(f"{f.year}: {f.amount:,.0f}".replace(",", "\u00a0") for f in plan.frames.all())


class BudgetPlanTable(Table):
    plan = tables.Column(
        _("Budget"),
        accessor="pk",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("kind", "first_year", "pk"),
    )
    kind = tables.Column(_("Budgetslag"), visible=False)
    first_year = tables.Column(_("Första år"), order_by=("first_year", "kind", "pk"))
    last_year = tables.Column(_("Sista år"), order_by=("last_year", "kind", "pk"))
    amounts = tables.Column(
        _("Belopp per år"), accessor="pk", orderable=False, exclude_from_export=True
    )
    total = tables.Column(_("Summa för åren (kr)"), accessor="pk", visible=False)
    status = tables.Column(_("Status"), order_by=("status", "-first_year", "pk"))
    proposed_reference = tables.Column(_("Föreslagen"), orderable=False)
    decided_reference = tables.Column(_("Beslut"), order_by=("decided_on", "pk"))
    decided_on = tables.DateColumn("Y-m-d", verbose_name=_("Beslutsdatum"), visible=False)

    class Meta(Table.Meta):
        model = BudgetPlan
        fields = ()
        order_by = ("-first_year",)
        empty_text = _("Inga budgetförslag matchar filtret.")

    def render_plan(self, record):
        return str(record)

    value_plan = render_plan

    def render_kind(self, record):
        return record.get_kind_display()

    value_kind = render_kind

    def render_amounts(self, record):
        return _amounts(record)

    def value_total(self, record):
        """The plan's amounts over its years, as a number (the page lists them per year)."""
        return sum((f.amount for f in record.frames.all()), Decimal(0))

    def render_status(self, record):
        return record.get_status_display()

    value_status = render_status


class BudgetPlanList(ListDefinition):
    permission = "finance.view_budgets"
    filterset_class = BudgetPlanFilterSet
    table_class = BudgetPlanTable
    template = "finance/budget_list.html"
    title = _("Budgetförslag och beslut")
    export_name = "budgetforslag"
    export_url_name = "finance:budget_export"
    api_url_name = "budget-list"

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s budgetförslag", "%(n)s budgetförslag", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_change": may(self.request.user, "finance.change_budget")}


class AllocationKeyFilterSet(FilterSet):
    q = SearchFilter(fields=["system__name", "note"], label=_("Sök system eller kommentar"))
    system = IdFilter(field_name="system_id", label=_("System (id)"))
    basis = filters.ChoiceFilter(
        choices=AllocationKey.Basis.choices, label=_("Fördelningsgrund"), empty_label=_("Alla")
    )
    valid_from = YearFilter(lookup_expr="exact", label=_("Gäller från år"))
    year = YearFilter(
        method="filter_year", label=_("Gäller år"), help_text=_("Nycklar som gäller året")
    )

    class Meta:
        model = AllocationKey
        fields: list[str] = []

    def filter_year(self, qs, name, value):
        """The keys in force in ``value``: from a year ≤ it, with no later key of the same
        system from a year ≤ it."""
        if value is None:
            return qs
        return qs.filter(keys_in_force_q(value))


class AllocationKeyTable(Table):
    system = tables.Column(
        _("System"), accessor="system__name", order_by=("system__name", "-valid_from", "pk")
    )
    valid_from = tables.Column(
        _("Gäller från"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("valid_from", "system__name", "pk"),
    )
    basis = tables.Column(_("Fördelningsgrund"), order_by=("basis", "system__name", "pk"))
    departments = tables.Column(_("Förvaltningar"), accessor="pk", orderable=False)
    note = tables.Column(_("Kommentar"), orderable=False)
    created_at = tables.DateColumn(
        "Y-m-d", verbose_name=_("Registrerad"), order_by=("created_at", "pk")
    )

    class Meta(Table.Meta):
        model = AllocationKey
        fields = ()
        order_by = ("system",)
        empty_text = _("Inga fördelningsnycklar matchar filtret.")

    def render_basis(self, record):
        return record.get_basis_display()

    value_basis = render_basis

    def render_departments(self, record):
        return len(record.weights.all())

    value_departments = render_departments


class AllocationKeyList(ListDefinition):
    permission = "finance.view_allocations"
    filterset_class = AllocationKeyFilterSet
    table_class = AllocationKeyTable
    template = "finance/allocation_list.html"
    title = _("Fördelningsnycklar")
    export_name = "fordelningsnycklar"
    export_url_name = "finance:allocation_export"
    api_url_name = "cost-allocation-list"

    def get_queryset(self):
        return selectors.allocation_key_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s fördelningsnyckel", "%(n)s fördelningsnycklar", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_manage": may(self.request.user, "finance.manage_allocation")}
