"""Allocation keys of the common systems (G26): the list, a key with its period and the
departments' shares of a year's cost, and the form that sets a new key."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may, require_perm
from styrsam.core.actions import form_action
from styrsam.core.audit import history_for
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy
from styrsam.systems.models import System

from .. import selectors, services
from ..allocation import allocate
from ..forms import AllocationKeyForm
from ..lists import AllocationKeyList
from ..pickers import shared_systems

allocation_list = AllocationKeyList.page_view()
allocation_export = AllocationKeyList.export_view()


@login_required
def allocation_create(request):
    require_perm(request.user, "finance.manage_allocation")
    initial = {}
    system_id = int_param(request.GET.get("system"))
    if system_id:
        initial["system"] = system_id
    form = AllocationKeyForm(
        request.POST or None,
        systems=shared_systems(),
        units=selectors.chargeable_units(),
        initial=initial,
    )

    def show(form, status=200):
        return render(request, "finance/allocation_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.allocation_key_create(
            actor=request.user,
            system=data["system"],
            basis=data["basis"],
            valid_from=data["valid_from"],
            weights=form.weights(),
            note=data["note"],
        ),
        success_url=lambda key: key.get_absolute_url(),
        success_message=_("Fördelningsnyckeln är fastställd."),
        render=show,
    )


def key_shares(key, year: int) -> dict:
    """The departments' shares of the system's cost in ``year`` by ``key`` (G26)."""
    costs = selectors.yearly_costs(year=year, systems=System.objects.filter(pk=key.system_id))
    cost = costs.get(key.system_id, ("", None))[1]
    weights = list(key.weights.all())
    total_weight = sum((w.weight for w in weights), 0)
    shares = allocate(cost, [(w.department_id, w.weight) for w in weights]) if cost else {}
    rows = [
        {
            "department": w.department,
            "weight": w.weight,
            "exact": (cost * w.weight / total_weight) if cost and total_weight else None,
            "share": shares.get(w.department_id),
        }
        for w in weights
    ]
    return {
        "year": year,
        "cost": cost,
        "rows": rows,
        "total_weight": total_weight,
        "sum": sum((r["share"] or 0 for r in rows), 0) if cost else None,
    }


@login_required
def allocation_detail(request, pk: int):
    require_perm(request.user, "finance.view_allocations")
    key = selectors.allocation_key_get(user=request.user, pk=pk)
    periods = selectors.key_periods(key.system_id)
    period_end = next((end for k, end in periods if k.pk == key.pk), None)
    year = int_param(request.GET.get("ar")) or max(key.valid_from, timezone.localdate().year)
    if not (2000 <= year <= 2100):
        year = key.valid_from
    policy = get_policy()
    context = {
        "key": key,
        "period_end": period_end,
        "periods": periods,
        "year": year,
        "in_period": key.valid_from <= year and (period_end is None or year <= period_end),
        "shares": key_shares(key, year),
        "central": key.system.financing_principle in policy.central_principles(),
        "history": history_for(key)[:50],
        "can_manage": may(request.user, "finance.manage_allocation"),
    }
    return render(request, "finance/allocation_detail.html", context)
