"""Pages of the system register: list with filters, detail, register and edit, costs.

Thin: the list is declared in ``lists.py``; reads come from selectors, writes from services
through the kit's ``form_action``/``button_action`` (a refusal is shown once, on the form)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for, readable_history
from styrsam.core.exports import CSV, XLSX
from styrsam.core.paging import paginate
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .forms import ConnectionForm, CostForm, ImportForm, MessageForm, SystemForm
from .hooks import rendered_sections
from .importing import COLUMNS, import_systems, template_csv, template_xlsx
from .lists import SystemList
from .models import System, SystemCost
from .services import messages as message_services


def label_system(system: System, policy) -> System:
    """Put the policy's Swedish names of category and kind on the system (no query)."""
    system.category_label = dict(policy.system_category_choices()).get(
        system.category, system.category
    )
    system.kind_label = dict(policy.common_kind_choices()).get(system.common_kind, "")
    return system


system_list = SystemList.page_view()
system_export = SystemList.export_view()


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


def _render_detail(
    request, system: System, *, cost_form=None, connection_form=None, status: int = 200
):
    policy = get_policy()
    label_system(system, policy)
    tab = request.GET.get("flik", "oversikt")
    can_edit = may(request.user, "systems.change_system", system)
    can_view_costs = request.user.has_perm("systems.view_costs", system)
    principle = policy.financing_principles().get(system.financing_principle, {})
    is_platform = bool(system.common_kind) and system.common_kind == policy.platform_kind()
    can_manage_platform = is_platform and may(request.user, "systems.manage_platform")
    context = {
        "system": system,
        "tab": tab,
        "can_edit": can_edit,
        "can_view_costs": can_view_costs,
        "financing_name": principle.get("name", system.financing_principle),
        "financing_rule": principle.get("rule", ""),
        "costs": cost_rows(system) if can_view_costs else None,
        "cost_form": (cost_form or CostForm()) if can_edit else None,
        "is_platform": is_platform,
        "it_unit_code": policy.it_unit_code(),  # G10: a manager in the IT unit
        # who reads the costs, as the policy names them (issue 21)
        "unit_cost_readers": policy.capability_name("read_unit_costs", conjunction=_(" och ")),
        "cost_readers": policy.capability_name(
            "coordinate", "read_all_costs", conjunction=_(" och ")
        ),
        "connections": (
            selectors.platform_connection_rows(user=request.user, platform=system)
            if is_platform
            else None
        ),
        "can_manage_platform": can_manage_platform,
        "connection_form": (connection_form or ConnectionForm()) if can_manage_platform else None,
        "history": (
            readable_history(history_for(system)[:200], user=request.user, objects=[system])
            if tab == "historik"
            else None
        ),
        "sections": (
            rendered_sections(user=request.user, system=system) if tab != "historik" else []
        ),
    }
    return render(request, "systems/system_detail.html", context, status=status)


@login_required
def system_detail(request, pk: int):
    require_perm(request.user, "systems.view_system")
    return _render_detail(request, selectors.system_get(user=request.user, pk=pk))


def _save_form(request, cleaned_data, system: System | None):
    data = dict(cleaned_data)
    data["common_kind"] = data.get("common_kind") or ""
    if system is None:
        return services.system_register(actor=request.user, **data)
    return services.system_update(actor=request.user, system=system, **data)


def _edit(request, system: System | None):
    policy = get_policy()
    initial = SystemForm.initial_from(system) if system else {"lifecycle": "in_use"}
    may_change_register = system is None or may(request.user, "systems.change_register", system)
    form = SystemForm(
        request.POST or None,
        initial=initial,
        policy=policy,
        may_change_register=may_change_register,
    )

    def show(form, status=200):
        return render(
            request, "systems/system_form.html", {"form": form, "system": system}, status=status
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: _save_form(request, data, system),
        success_url=lambda saved: reverse("systems:system_detail", args=[saved.pk]),
        success_message=lambda saved: _("Systemet %(n)s har sparats.") % {"n": saved.name},
        render=show,
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
    return button_action(
        request,
        lambda: services.system_retire(actor=request.user, system=system),
        success_url=reverse("systems:system_detail", args=[pk]),
        success_message=_("Systemet är markerat som avvecklat."),
    )


@login_required
@require_POST
def system_costs(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.change_system", system)
    form = CostForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.system_set_costs(
            actor=request.user,
            system=system,
            year=data["year"],
            amounts={k: data[k] for k in SystemCost.Kind.values},
        ),
        success_url=reverse("systems:system_detail", args=[pk]),
        success_message=lambda _saved: (
            _("Kostnaderna för %(y)s har sparats.") % {"y": form.cleaned_data["year"]}
        ),
        render=lambda form, status: _render_detail(request, system, cost_form=form, status=status),
    )


# --- import (all-or-nothing, errors by row and column) -----------------------------------


@login_required
def system_import(request):
    require_perm(request.user, "systems.import_systems")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_systems(actor=request.user, filename=upload.name, data=upload.read())
    status = 400 if (result and not result.ok) or form.errors else 200
    return render(
        request,
        "systems/system_import.html",
        {"form": form, "result": result, "columns": COLUMNS},
        status=status,
    )


@login_required
def import_template(request, fmt: str):
    require_perm(request.user, "systems.view_system")
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type=CSV)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="systemmall.{fmt}"'
    return response


# --- G20: the IT platform's one network and one telephone number, companies included ------


@login_required
def platform_compliance(request):
    require_perm(request.user, "systems.view_system")
    platform = selectors.it_platform()
    rows = selectors.platform_connection_rows(user=request.user, platform=platform)
    gaps = [r for r in rows if not r.compliant]
    context = {
        "platform": platform,
        "rows": rows,
        "gaps": gaps,
        "companies_with_gaps": [r for r in gaps if r.unit.kind == "company"],
    }
    return render(request, "systems/platform_compliance.html", context)


@login_required
@require_POST
def platform_connection(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.manage_platform")
    form = ConnectionForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.platform_connection_set(actor=request.user, system=system, **data),
        success_url=reverse("systems:system_detail", args=[pk]),
        success_message=lambda _c: (
            _("Anslutningen för %(u)s har sparats.") % {"u": form.cleaned_data["unit"].name}
        ),
        render=lambda form, status: _render_detail(
            request, system, connection_form=form, status=status
        ),
    )


# --- information to the system owners and representatives (G15) ----------------------------


@login_required
def message_list(request):
    """The messages to the system owners the user received (all of them for the coordinator,
    who also writes new ones)."""
    require_perm(request.user, "systems.view_system")
    context = paginate(request, selectors.messages_for(user=request.user))
    context["can_send"] = may(request.user, "systems.send_message")
    return render(request, "systems/message_list.html", context)


@login_required
def message_create(request):
    require_perm(request.user, "systems.send_message")
    form = MessageForm(request.POST or None)

    def show(form, status=200):
        return render(request, "systems/message_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: message_services.system_message_send(
            actor=request.user, subject=data["subject"], body=data["body"], systems=data["systems"]
        ),
        success_url=lambda message: message.get_absolute_url(),
        success_message=lambda message: (
            ngettext(
                "Meddelandet har skickats till %(n)s mottagare.",
                "Meddelandet har skickats till %(n)s mottagare.",
                message.deliveries.count(),
            )
            % {"n": message.deliveries.count()}
        ),
        render=show,
    )


@login_required
def message_detail(request, pk: int):
    message = selectors.message_get(user=request.user, pk=pk)
    return render(
        request,
        "systems/message_detail.html",
        {"message": message, "can_send": may(request.user, "systems.send_message")},
    )


@login_required
@require_POST
def message_read(request, pk: int):
    message = selectors.message_get(user=request.user, pk=pk)
    return button_action(
        request,
        lambda: message_services.system_message_mark_read(actor=request.user, message=message),
        success_url=reverse("home"),
        success_message=_("Meddelandet är markerat som läst."),
        failure_url=message.get_absolute_url(),
    )
