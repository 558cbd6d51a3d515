"""Pages of the rental system: assets per department, rent levels, the rent run and the
investment budget. Thin: selectors read, services write, ServiceError speaks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for
from styrsam.core.errors import ServiceError
from styrsam.core.exports import table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .forms import (
    AssetRegisterForm,
    BudgetForm,
    RentDecisionForm,
    RentLevelForm,
    RentRunForm,
    ReturnForm,
    TransferForm,
)
from .runs import rent_run


def _int(value) -> int | None:
    return int_param(str(value)) if value else None


def _asset_rows(assets) -> list[list]:
    rows = [["Förvaltning", "Typ", "Inventarienummer", "Serienummer", "Modell", "Användare"]]
    rows[0] += ["Hyrs från", "Sista hyresdag"]
    for a in assets:
        rows.append(
            [
                a.department.name,
                a.asset_type.name,
                a.tag,
                a.serial_number,
                a.model,
                a.user.get_username() if a.user else "",
                a.start_date.isoformat(),
                a.end_date.isoformat() if a.end_date else "",
            ]
        )
    return rows


@login_required
def asset_list(request):
    require_perm(request.user, "rental.view_assets")
    params = request.GET
    active = {"ja": True, "nej": False, "alla": None}.get(params.get("aktiva", "ja"), True)
    department, asset_type = _int(params.get("forvaltning")), _int(params.get("typ"))
    q = params.get("q", "").strip()
    assets = selectors.asset_list(
        user=request.user, department=department, asset_type=asset_type, q=q, active=active
    )
    fmt = params.get("format")
    if fmt in ("csv", "xlsx"):
        headers, *rows = _asset_rows(assets)
        return table_response(fmt, "hyrd-utrustning", headers, rows, title="Hyrd utrustning")
    context = {
        "departments": selectors.department_choices(user=request.user),
        "asset_types": selectors.asset_type_list(user=request.user),
        "department": department,
        "asset_type": asset_type,
        "q": q,
        "aktiva": params.get("aktiva", "ja"),
        "can_manage": request.user.has_perm("rental.manage_assets"),
        **paginate(request, assets),
    }
    return render_page(
        request, "rental/asset_list.html", context, partial="rental/_asset_table.html"
    )


@login_required
def asset_create(request):
    require_perm(request.user, "rental.manage_assets")
    departments = selectors.department_choices(user=request.user)
    form = AssetRegisterForm(request.POST or None, departments=departments)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_register(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Utrustningen är registrerad."))
            return redirect("rental:asset_detail", pk=asset.pk)
    status = 400 if error or form.errors else 200
    context = {"form": form, "error": error, "heading": _("Registrera hyrd utrustning")}
    return render(request, "rental/form_page.html", context, status=status)


@login_required
def asset_detail(request, pk: int):
    require_perm(request.user, "rental.view_assets")
    asset = selectors.asset_get(user=request.user, pk=pk)
    can_manage = request.user.has_perm("rental.manage_assets")
    departments = selectors.department_choices(user=request.user).exclude(pk=asset.department_id)
    transfer_form = TransferForm(departments=departments)
    return_form = ReturnForm()
    error = None
    if request.method == "POST":
        require_perm(request.user, "rental.manage_assets")
        try:
            if request.POST.get("action") == "transfer":
                transfer_form = TransferForm(request.POST, departments=departments)
                if transfer_form.is_valid():
                    new = services.asset_transfer(
                        actor=request.user, asset=asset, **transfer_form.cleaned_data
                    )
                    messages.success(request, _("Utrustningen är överförd."))
                    return redirect("rental:asset_detail", pk=new.pk)
            else:
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    services.asset_return(
                        actor=request.user, asset=asset, **return_form.cleaned_data
                    )
                    messages.success(request, _("Utrustningen är återlämnad."))
                    return redirect("rental:asset_detail", pk=pk)
        except ServiceError as exc:
            error = exc
    context = {
        "asset": asset,
        "can_manage": can_manage and asset.end_date is None,
        "transfer_form": transfer_form,
        "return_form": return_form,
        "error": error,
        "history": history_for(asset)[:50],
    }
    status = 200 if request.method == "GET" else 400
    return render(request, "rental/asset_detail.html", context, status=status)


def _decision_form(request, year: int, data=None) -> RentDecisionForm:
    """The form registering the deciding group's decision, with that group's recent § (G16).
    The choices are a lazy queryset, read once when the form is shown."""
    policy = get_policy()
    code = policy.rent_decided_by_group()
    return RentDecisionForm(
        data,
        initial={"year": year + 1},
        minute_items=selectors.rent_minute_items(user=request.user, today=timezone.localdate()),
        group_name=policy.group(code).name if code in policy.groups else "",
    )


def _shown_decision(user, decision) -> dict | None:
    """A year's decision with the meeting of its § when the user may open it."""
    if decision is None:
        return None
    item = decision.minute_item
    meeting = item.meeting if item is not None else None
    if meeting is not None and not user.has_perm("meetings.view_meeting", meeting):
        meeting = None
    return {"decision": decision, "meeting": meeting}


@login_required
def rent_levels(request):
    require_perm(request.user, "rental.view_rent_levels")
    year = _int(request.GET.get("ar")) or timezone.localdate().year
    can_draft = request.user.has_perm("rental.draft_rent_levels")
    can_decide = request.user.has_perm("rental.decide_rent")
    level_form = RentLevelForm(initial={"year": year + 1})
    decision_form = _decision_form(request, year)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decide":
                decision_form = _decision_form(request, year, request.POST)
                if decision_form.is_valid():
                    services.rent_levels_decide(actor=request.user, **decision_form.cleaned_data)
                    messages.success(request, _("Hyrorna är beslutade."))
                    return redirect(f"{request.path}?ar={year}")
            else:
                require_perm(request.user, "rental.draft_rent_levels")
                level_form = RentLevelForm(request.POST)
                if level_form.is_valid():
                    services.rent_level_set(actor=request.user, **level_form.cleaned_data)
                    messages.success(request, _("Förslaget är sparat."))
                    return redirect(f"{request.path}?ar={year}")
        except ServiceError as exc:
            error = exc
    rows = selectors.rent_comparison(year=year)
    decisions = selectors.rent_decisions(rows)
    context = {
        "year": year,
        "next_year": year + 1,
        "rows": rows,
        "decisions": [
            (y, shown)
            for y, key in ((year, "current"), (year + 1, "next"))
            if (shown := _shown_decision(request.user, decisions[key])) is not None
        ],
        "can_draft": can_draft,
        "can_decide": can_decide,
        "level_form": level_form,
        "decision_form": decision_form,
        "error": error,
    }
    status = 200 if request.method == "GET" else (error.status if error else 400)
    return render(request, "rental/rent_levels.html", context, status=status)


@login_required
def rent_run_page(request):
    require_perm(request.user, "rental.run_rent")
    form = RentRunForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            run = rent_run(actor=request.user, month=form.cleaned_data["month"])
        except ServiceError as exc:
            error = exc
        else:
            if run.lines_added:
                text = _("Hyreskörningen för %(m)s lade till %(n)s rader, %(a)s kr.")
            else:
                text = _("Hyreskörningen för %(m)s: reskontran var redan aktuell.")
            messages.success(
                request,
                text % {"m": f"{run.month:%Y-%m}", "n": run.lines_added, "a": run.amount_added},
            )
            return redirect("rental:rent_run")
    context = {
        "form": form,
        "error": error,
        **paginate(request, selectors.rent_run_list(user=request.user)),
    }
    status = 200 if request.method == "GET" else (error.status if error else 400)
    return render(request, "rental/rent_run.html", context, status=status)


@login_required
def budget(request):
    require_perm(request.user, "rental.view_budget")
    year = _int(request.GET.get("ar")) or timezone.localdate().year
    can_manage = request.user.has_perm("rental.manage_budget")
    form = BudgetForm(request.POST or None, initial={"year": year})
    error = None
    if request.method == "POST":
        require_perm(request.user, "rental.manage_budget")
        if form.is_valid():
            try:
                services.budget_set(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                error = exc
            else:
                messages.success(request, _("Budgeten är sparad."))
                return redirect(f"{request.path}?ar={form.cleaned_data['year']}")
    overview = selectors.budget_overview(year=year)
    context = {"form": form, "error": error, "can_manage": can_manage, **overview}
    status = 200 if request.method == "GET" else 400
    return render(request, "rental/budget.html", context, status=status)
