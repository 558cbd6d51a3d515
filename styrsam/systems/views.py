"""Pages of the system register: list with filters, detail, register and edit, costs.

Thin: reads come from selectors, writes from services, refusals from ServiceError."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for
from styrsam.core.errors import ServiceError
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .forms import CostForm, SystemForm
from .models import System, SystemCost
from .selectors import SystemFilter

SORT_COLUMNS = [
    ("namn", _("Namn")),
    ("kategori", _("Kategori")),
    ("forvaltning", _("Ägande förvaltning")),
    ("livscykel", _("Livscykel")),
    ("kritikalitet", _("Kritikalitet")),
    ("leverantor", _("Leverantör")),
    ("avtal", _("Avtalet löper ut")),
]


def label_rows(systems, policy) -> list[System]:
    """Put the policy's Swedish names of category and kind on each row (no query)."""
    categories = dict(policy.system_category_choices())
    kinds = dict(policy.common_kind_choices())
    rows = list(systems)
    for s in rows:
        s.category_label = categories.get(s.category, s.category)
        s.kind_label = kinds.get(s.common_kind, "")
    return rows


@login_required
def system_list(request):
    require_perm(request.user, "systems.view_system")
    policy = get_policy()
    filters = SystemFilter.from_params(request.GET)
    systems = selectors.system_list(user=request.user, filters=filters)
    context = {
        "filters": filters,
        "category_choices": policy.system_category_choices(),
        "kind_choices": policy.common_kind_choices(),
        "unit_choices": OrgUnit.objects.filter(is_active=True)
        .order_by("kind", "name")
        .values_list("code", "name"),
        "lifecycle_choices": System.Lifecycle.choices,
        "criticality_choices": System.Criticality.choices,
        "sort_columns": SORT_COLUMNS,
        "can_add": request.user.has_perm("systems.add_system"),
        "can_import": request.user.has_perm("systems.import_systems"),
        **paginate(request, systems),
    }
    context["object_list"] = label_rows(context["object_list"], policy)
    params = request.GET.copy()
    params.pop("sort", None)
    params.pop("page", None)
    context["querystring_without_sort"] = params.urlencode()
    return render_page(
        request, "systems/system_list.html", context, partial="systems/_system_table.html"
    )


def cost_rows(system: System) -> list[dict]:
    """One row per year: licence, operation, support and the total."""
    by_year: dict[int, dict] = defaultdict(dict)
    for line in system.costs.all():
        by_year[line.year][line.kind] = line.amount
    rows = []
    for year in sorted(by_year, reverse=True):
        amounts = by_year[year]
        rows.append(
            {
                "year": year,
                **{k: amounts.get(k) for k in SystemCost.Kind.values},
                "total": sum(amounts.values()),
            }
        )
    return rows


@login_required
def system_detail(request, pk: int):
    require_perm(request.user, "systems.view_system")
    policy = get_policy()
    system = selectors.system_get(user=request.user, pk=pk)
    label_rows([system], policy)
    tab = request.GET.get("flik", "oversikt")
    can_edit = request.user.has_perm("systems.change_system", system)
    can_view_costs = request.user.has_perm("systems.view_costs", system)
    principle = policy.financing_principles().get(system.financing_principle, {})
    is_platform = system.common_kind == "it_platform"
    context = {
        "system": system,
        "tab": tab,
        "can_edit": can_edit,
        "can_view_costs": can_view_costs,
        "financing_name": principle.get("name", system.financing_principle),
        "financing_rule": principle.get("rule", ""),
        "costs": cost_rows(system) if can_view_costs else None,
        "cost_form": CostForm() if can_edit else None,
        "is_platform": is_platform,
        "connections": (
            selectors.platform_connection_rows(user=request.user, platform=system)
            if is_platform
            else None
        ),
        "can_manage_platform": is_platform and request.user.has_perm("systems.manage_platform"),
        "history": history_for(system)[:200] if tab == "historik" else None,
    }
    if tab != "historik":
        context["can_view_cases"] = request.user.has_perm("cases.view_case")
        context["cases"] = selectors.system_cases(user=request.user, system=system)
        context["decisions"] = list(selectors.system_decisions(user=request.user, system=system))
    if context["can_manage_platform"]:
        from .forms import ConnectionForm

        context["connection_form"] = ConnectionForm()
    return render(request, "systems/system_detail.html", context)


def _save_form(request, form, system: System | None):
    data = dict(form.cleaned_data)
    data["common_kind"] = data.get("common_kind") or ""
    if system is None:
        return services.system_register(actor=request.user, **data)
    return services.system_update(actor=request.user, system=system, **data)


def _edit(request, system: System | None):
    policy = get_policy()
    initial = SystemForm.initial_from(system) if system else {"lifecycle": "in_use"}
    form = SystemForm(request.POST or None, initial=initial, policy=policy)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_form(request, form, system)
        except ServiceError as exc:
            error = exc
            if exc.field in form.fields:
                form.add_error(exc.field, exc.detail)
        else:
            messages.success(request, _("Systemet %(n)s har sparats.") % {"n": saved.name})
            return redirect("systems:system_detail", pk=saved.pk)
    failed = request.method == "POST" and (error or form.errors)
    return render(
        request,
        "systems/system_form.html",
        {"form": form, "system": system, "error": error},
        status=400 if failed else 200,
    )


@login_required
def system_create(request):
    require_perm(request.user, "systems.add_system")
    return _edit(request, None)


@login_required
def system_edit(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.change_system", system)
    return _edit(request, system)


@login_required
@require_POST
def system_retire(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.change_system", system)
    try:
        services.system_retire(actor=request.user, system=system)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Systemet är markerat som avvecklat."))
    return redirect("systems:system_detail", pk=pk)


@login_required
@require_POST
def system_costs(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.change_system", system)
    form = CostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kostnaderna kunde inte sparas: kontrollera år och belopp."))
        return redirect("systems:system_detail", pk=pk)
    data = form.cleaned_data
    try:
        services.system_set_costs(
            actor=request.user,
            system=system,
            year=data["year"],
            amounts={k: data[k] for k in SystemCost.Kind.values},
        )
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Kostnaderna för %(y)s har sparats.") % {"y": data["year"]})
    return redirect("systems:system_detail", pk=pk)
