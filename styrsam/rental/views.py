"""Pages of the rental system: assets per department, rent levels, the rent run, the
investment budget, the ledger and the invoice basis.

Thin: the lists are declared in ``lists.py``; reads come from selectors, writes from services
through the kit's ``form_action`` (a refusal is shown once, on the bound form, with its
status)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.access import may, require_perm
from styrsam.core.actions import edit_form_page, form_action
from styrsam.core.audit import history_for
from styrsam.core.params import int_param, year_param
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .forms import (
    AssetRegisterForm,
    AssetTypeForm,
    BudgetForm,
    RentDecisionForm,
    RentLevelForm,
    RentRunForm,
    ReturnForm,
    TransferForm,
)
from .lists import AssetList, AssetTypeList, InvoiceList, LedgerList, RentRunList
from .models import AssetType
from .runs import rent_run

asset_list = AssetList.page_view()
asset_export = AssetList.export_view()
asset_type_list = AssetTypeList.page_view()
asset_type_export = AssetTypeList.export_view()
ledger = LedgerList.page_view()
ledger_export = LedgerList.export_view()
invoice_basis = InvoiceList.page_view()
invoice_export = InvoiceList.export_view()
_rent_run_list = RentRunList.page_view()


def _int(value) -> int | None:
    return int_param(str(value)) if value else None


# --- assets ---------------------------------------------------------------------------------


@login_required
def asset_create(request):
    require_perm(request.user, "rental.manage_assets")
    departments = selectors.department_choices(user=request.user)
    form = AssetRegisterForm(request.POST or None, departments=departments)

    def show(form, status=200):
        context = {"form": form, "heading": _("Registrera hyrd utrustning")}
        return render(request, "rental/form_page.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.asset_register(actor=request.user, **data),
        success_url=lambda asset: reverse("rental:asset_detail", args=[asset.pk]),
        success_message=_("Utrustningen är registrerad."),
        render=show,
    )


def _departments_but(request, asset):
    return selectors.department_choices(user=request.user).exclude(pk=asset.department_id)


def _render_asset(request, asset, *, transfer_form=None, return_form=None, status=200):
    context = {
        "asset": asset,
        "can_manage": request.user.has_perm("rental.manage_assets") and asset.end_date is None,
        "transfer_form": transfer_form
        or TransferForm(departments=_departments_but(request, asset)),
        "return_form": return_form or ReturnForm(),
        "failed_form": transfer_form or return_form,
        "history": history_for(asset)[:50],
    }
    return render(request, "rental/asset_detail.html", context, status=status)


@login_required
def asset_detail(request, pk: int):
    require_perm(request.user, "rental.view_assets")
    asset = selectors.asset_get(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_asset(request, asset)
    require_perm(request.user, "rental.manage_assets")

    def again(**forms):  # as stored: the refused service changed nothing
        fresh = selectors.asset_get(user=request.user, pk=pk)
        return _render_asset(request, fresh, **forms)

    if request.POST.get("action") == "transfer":
        form = TransferForm(request.POST, departments=_departments_but(request, asset))
        return form_action(
            request,
            form,
            lambda data: services.asset_transfer(actor=request.user, asset=asset, **data),
            success_url=lambda new: reverse("rental:asset_detail", args=[new.pk]),
            success_message=_("Utrustningen är överförd."),
            render=lambda form, status: again(transfer_form=form, status=status),
        )
    return form_action(
        request,
        ReturnForm(request.POST),
        lambda data: services.asset_return(actor=request.user, asset=asset, **data),
        success_url=reverse("rental:asset_detail", args=[pk]),
        success_message=_("Utrustningen är återlämnad."),
        render=lambda form, status: again(return_form=form, status=status),
    )


# --- rent levels (G16) ----------------------------------------------------------------------


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


def _render_levels(request, year: int, *, level_form=None, decision_form=None, status=200):
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
        "can_draft": may(request.user, "rental.draft_rent_levels"),
        "can_decide": may(request.user, "rental.decide_rent"),
        "rent_group": services.rent_group_name(),
        "level_form": level_form or RentLevelForm(initial={"year": year + 1}),
        "decision_form": decision_form or _decision_form(request, year),
        "failed_form": level_form or decision_form,
    }
    return render(request, "rental/rent_levels.html", context, status=status)


@login_required
def rent_levels(request):
    require_perm(request.user, "rental.view_rent_levels")
    year = year_param(request.GET.get("ar")) or timezone.localdate().year
    if request.method != "POST":
        return _render_levels(request, year)
    back = f"{request.path}?ar={year}"
    if request.POST.get("action") == "decide":
        return form_action(
            request,
            _decision_form(request, year, request.POST),
            lambda data: services.rent_levels_decide(actor=request.user, **data),
            success_url=back,
            success_message=_("Hyrorna är beslutade."),
            render=lambda form, status: _render_levels(
                request, year, decision_form=form, status=status
            ),
        )
    require_perm(request.user, "rental.draft_rent_levels")
    return form_action(
        request,
        RentLevelForm(request.POST),
        lambda data: services.rent_level_set(actor=request.user, **data),
        success_url=back,
        success_message=_("Förslaget är sparat."),
        render=lambda form, status: _render_levels(request, year, level_form=form, status=status),
    )


# --- the rent run (G08, G24) ----------------------------------------------------------------


def _run_message(run) -> str:
    if run.lines_added:
        text = _("Hyreskörningen för %(m)s lade till %(n)s rader, %(a)s kr.")
    else:
        text = _("Hyreskörningen för %(m)s: reskontran var redan aktuell.")
    return text % {"m": f"{run.month:%Y-%m}", "n": run.lines_added, "a": run.amount_added}


def _render_runs(request, form, status: int):
    """The run page again, with the refused form and the earlier runs."""
    definition = RentRunList(request)
    definition.check_permission()
    definition.form = form
    return render(request, definition.template, definition.page_context(), status=status)


@login_required
def rent_run_page(request):
    """GET: earlier runs under the form (``lists.RentRunList``); POST: run the rent."""
    if request.method != "POST":
        return _rent_run_list(request)
    require_perm(request.user, "rental.run_rent")
    return form_action(
        request,
        RentRunForm(request.POST),
        lambda data: rent_run(actor=request.user, month=data["month"]),
        success_url=reverse("rental:rent_run"),
        success_message=_run_message,
        render=lambda form, status: _render_runs(request, form, status),
    )


# --- the investment budget (G08) ------------------------------------------------------------


def _render_budget(request, year: int, form, status: int = 200):
    context = {
        "form": form,
        "can_manage": may(request.user, "rental.manage_budget"),
        **selectors.budget_overview(year=year),
    }
    return render(request, "rental/budget.html", context, status=status)


@login_required
def budget(request):
    require_perm(request.user, "rental.view_budget")
    year = year_param(request.GET.get("ar")) or timezone.localdate().year
    if request.method != "POST":
        return _render_budget(request, year, BudgetForm(initial={"year": year}))
    require_perm(request.user, "rental.manage_budget")
    return form_action(
        request,
        BudgetForm(request.POST),
        lambda data: services.budget_set(actor=request.user, **data),
        success_url=lambda saved: f"{request.path}?ar={saved.year}",
        success_message=_("Budgeten är sparad."),
        render=lambda form, status: _render_budget(request, year, form, status),
    )


# --- asset types (set-up, issue 21) ---------------------------------------------------------


_ASSET_TYPE_INTRO = gettext_lazy("Varje typ får sin egen hyra på sidan Hyresnivåer.")


@login_required
def asset_type_create(request):
    require_perm(request.user, "rental.manage_assets")
    form = AssetTypeForm(request.POST or None)
    del form.fields["is_active"]
    return edit_form_page(
        request,
        form,
        lambda data: services.asset_type_create(actor=request.user, **data),
        title=_("Ny utrustningstyp"),
        cancel_url=reverse("rental:asset_type_list"),
        intro=_ASSET_TYPE_INTRO,
        success_url=reverse("rental:asset_type_list"),
        success_message=lambda t: _("Utrustningstypen %(name)s är skapad.") % {"name": t.name},
    )


@login_required
def asset_type_edit(request, pk: int):
    require_perm(request.user, "rental.manage_assets")
    asset_type = get_object_or_404(AssetType, pk=pk)
    initial = {f: getattr(asset_type, f) for f in ("code", "name", "is_active")}
    return edit_form_page(
        request,
        AssetTypeForm(request.POST or None, initial=initial),
        lambda data: services.asset_type_update(actor=request.user, asset_type=asset_type, **data),
        title=_("Ändra utrustningstypen %(name)s") % {"name": asset_type.name},
        cancel_url=reverse("rental:asset_type_list"),
        intro=_ASSET_TYPE_INTRO,
        success_url=reverse("rental:asset_type_list"),
        success_message=_("Utrustningstypen är sparad."),
    )
