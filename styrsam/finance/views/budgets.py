"""The IT budgets (G13, G16): the frames in force year by year against their outcome, the
proposals, and the pages that draft, propose and decide them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from .. import selectors, services
from ..forms import BudgetPlanForm, MinutesForm
from ..lists import BudgetPlanList
from ..models import KIND_RULES, BudgetKind, BudgetPlan

budget_list = BudgetPlanList.page_view()
budget_export = BudgetPlanList.export_view()


def _year(request) -> int:
    year = int_param(request.GET.get("ar"))
    today = timezone.localdate().year
    return year if year and 2000 <= year <= today + 10 else today


def frame_table(year: int) -> dict:
    """Kinds × years (two back, this, three ahead): the frame in force, the outcome and
    what is left (G08, G13, G16, G27), and the rent the ledger charged (G24). Five queries."""
    years = list(range(year - 2, year + 4))
    in_force = selectors.frames_in_force(years=years)
    outcomes = selectors.budget_outcomes(years=[y for y in years if y <= year])
    rows = []
    for kind in BudgetKind:
        cells = []
        for y in years:
            frame = in_force.get((kind.value, y))
            outcome = outcomes.get((kind.value, y)) if y <= year else None
            cells.append(
                {
                    "year": y,
                    "frame": frame,
                    "outcome": outcome,
                    "remaining": (frame.amount - outcome)
                    if frame is not None and outcome is not None
                    else None,
                }
            )
        rows.append({"kind": kind, "rule": KIND_RULES[kind], "cells": cells})
    income = selectors.rent_income(years=[y for y in years if y <= year])
    rent = [income.get(y) if y <= year else None for y in years]
    return {"years": years, "rows": rows, "rent": rent}


@login_required
def budget_overview(request):
    require_perm(request.user, "finance.view_finance")
    year = _year(request)
    policy = get_policy()
    low, high = policy.budget_horizon()
    open_plans = selectors.plan_list(user=request.user).exclude(status=BudgetPlan.Status.DECIDED)
    context = {
        "year": year,
        "table": frame_table(year) if request.user.has_perm("finance.view_budgets") else None,
        "open_plans": open_plans,
        "horizon": (low, high),
        "deciding_group": _group_name(policy.budget_decided_by_group()),
        # who proposes, as the policy names them (issue 21, G16)
        "proposing_roles": policy.capability_name("propose_budget", conjunction=_(" och ")),
        "platform_group": _group_name(policy.budget_proposed_by_group(BudgetKind.PLATFORM)),
        "can_change": may(request.user, "finance.change_budget"),
        "can_statements": request.user.has_perm("finance.view_statements"),
        "can_overview": request.user.has_perm("finance.view_overview"),
    }
    return render(request, "finance/budget_overview.html", context)


def _group_name(code: str | None) -> str:
    policy = get_policy()
    return policy.group(code).name if code and code in policy.groups else ""


def _plan_form(request, data=None):
    _low, high = get_policy().budget_horizon()
    initial = {"first_year": timezone.localdate().year + 1}
    return BudgetPlanForm(data, years=high, initial=initial)


@login_required
def budget_create(request):
    require_perm(request.user, "finance.change_budget")
    form = _plan_form(request, request.POST or None)

    def show(form, status=200):
        low, high = get_policy().budget_horizon()
        context = {"form": form, "horizon": (low, high)}
        return render(request, "finance/budget_form.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.budget_plan_create(
            actor=request.user,
            kind=data["kind"],
            first_year=data["first_year"],
            amounts=form.amounts(),
            note=data["note"],
        ),
        success_url=lambda plan: plan.get_absolute_url(),
        success_message=_("Budgetförslaget är sparat."),
        render=show,
    )


def _minutes_form(request, group, prefix, data=None):
    items = selectors.budget_minute_items(group=group, today=timezone.localdate())
    return MinutesForm(data, minute_items=items, prefix=prefix, group_name=_group_name(group))


def _render_plan(request, plan, *, forms=None, status=200):
    policy = get_policy()
    forms = forms or {}
    user = request.user
    proposer = policy.budget_proposed_by_group(plan.kind)
    decider = policy.budget_decided_by_group()
    draft = plan.status == BudgetPlan.Status.DRAFT
    can_record = may(user, "finance.decide_budget")
    years = list(range(plan.first_year, plan.last_year + 1))
    history = selectors.frame_history(kind=plan.kind, years=years)
    outcomes = selectors.budget_outcomes(years=years)
    frames = []
    for frame in plan.frames.all():
        decided = history.get(frame.year, [])
        frames.append(
            {
                "frame": frame,
                "in_force": bool(decided) and decided[0].pk == frame.pk,
                "in_force_frame": decided[0] if decided else None,
                "earlier": [f for f in decided if f.pk != frame.pk],
                "outcome": outcomes.get((plan.kind, frame.year)),
            }
        )
    edit_form = forms.get("edit")
    if edit_form is None and draft and may(user, "finance.change_budget"):
        initial = {f"amount_{i}": f.amount for i, f in enumerate(plan.frames.all())}
        initial["note"] = plan.note
        edit_form = BudgetPlanForm(years=len(years), fixed=True, initial=initial)
    may_propose = bool(proposer) and draft and can_record
    may_decide = can_record and not plan.is_decided and (not proposer or not draft)
    context = {
        "plan": plan,
        "frames": frames,
        "rule": KIND_RULES[plan.kind],
        "proposer_name": _group_name(proposer),
        "decider_name": _group_name(decider),
        "edit_form": edit_form if draft else None,
        "propose_form": forms.get("propose")
        or (_minutes_form(request, proposer, "propose") if may_propose else None),
        "decide_form": forms.get("decide")
        or (_minutes_form(request, decider, "decide") if may_decide else None),
        "history": history_for(plan)[:100],
    }
    return render(request, "finance/budget_detail.html", context, status=status)


@login_required
def budget_detail(request, pk: int):
    require_perm(request.user, "finance.view_budgets")
    return _render_plan(request, selectors.plan_get(user=request.user, pk=pk))


@login_required
@require_POST
def budget_edit(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, "finance.change_budget")
    form = BudgetPlanForm(request.POST, years=plan.last_year - plan.first_year + 1, fixed=True)
    return form_action(
        request,
        form,
        lambda data: services.budget_plan_update(
            actor=request.user,
            plan=plan,
            amounts=[data[f"amount_{i}"] or 0 for i in range(form.year_count)],
            note=data["note"],
        ),
        success_url=plan.get_absolute_url(),
        success_message=_("Förslaget är ändrat."),
        render=lambda form, status: _render_plan(
            request, plan, forms={"edit": form}, status=status
        ),
    )


@login_required
@require_POST
def budget_withdraw(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, "finance.change_budget")
    return button_action(
        request,
        lambda: services.budget_plan_withdraw(actor=request.user, plan=plan),
        success_url=reverse("finance:budget_overview"),
        success_message=_("Förslaget är återtaget."),
        failure_url=plan.get_absolute_url(),
    )


@login_required
@require_POST
def budget_propose(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, "finance.view_budgets")
    group = get_policy().budget_proposed_by_group(plan.kind)
    form = _minutes_form(request, group, "propose", request.POST)
    return form_action(
        request,
        form,
        lambda data: services.budget_plan_propose(
            actor=request.user, plan=plan, **form.service_kwargs("proposed_on")
        ),
        success_url=plan.get_absolute_url(),
        success_message=_("Förslaget är registrerat som gruppens förslag."),
        render=lambda form, status: _render_plan(
            request, plan, forms={"propose": form}, status=status
        ),
    )


@login_required
@require_POST
def budget_decide(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    require_perm(request.user, "finance.view_budgets")
    group = get_policy().budget_decided_by_group()
    form = _minutes_form(request, group, "decide", request.POST)
    return form_action(
        request,
        form,
        lambda data: services.budget_plan_decide(
            actor=request.user, plan=plan, **form.service_kwargs("decided_on")
        ),
        success_url=reverse("finance:budget_detail", args=[pk]),
        success_message=_("Budgeten är beslutad."),
        render=lambda form, status: _render_plan(
            request, plan, forms={"decide": form}, status=status
        ),
    )
