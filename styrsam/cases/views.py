"""Case lists and the report form. Thin: reads from selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError
from styrsam.core.exports import dated_filename, table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .forms import CaseReportForm
from .selectors import CaseFilter


def type_names() -> dict[str, str]:
    policy = get_policy()
    return {code: policy.case_type(code)["name"] for code in policy.case_type_codes()}


@login_required
def case_mine(request):
    """Cases I reported."""
    require_perm(request.user, "cases.view_case")
    cases = selectors.case_list(user=request.user, filters=CaseFilter(reporter=request.user.pk))
    context = {"type_names": type_names(), **paginate(request, cases)}
    return render_page(
        request, "cases/case_mine.html", context, partial="cases/_case_mine_table.html"
    )


@login_required
def case_open(request):
    """All open cases, grouped by what they wait for."""
    require_perm(request.user, "cases.view_case")
    groups = selectors.open_cases_by_waiting(user=request.user)
    return render(
        request,
        "cases/case_open.html",
        {"groups": groups, "type_names": type_names(), "decision": selectors.DECISION},
    )


@login_required
def case_open_export(request, fmt: str):
    """The open cases of the page, in its order, as Excel or CSV."""
    require_perm(request.user, "cases.view_case")
    names = type_names()
    headers = [
        _("Diarienummer"),
        _("Rubrik"),
        _("Ärendetyp"),
        _("Status"),
        _("System"),
        _("Anmält av"),
        _("Anmält"),
        _("Väntar på"),
    ]
    rows = [
        [
            c.registration_number,
            c.title,
            names.get(c.case_type, c.case_type),
            c.get_status_display(),
            c.system.name if c.system_id else c.proposed_system_name,
            c.reporter.get_full_name() or c.reporter.get_username(),
            timezone.localdate(c.created_at),
            _("Beslut") if label == selectors.DECISION else label,
        ]
        for label, cases in selectors.open_cases_by_waiting(user=request.user)
        for c in cases
    ]
    return table_response(fmt, dated_filename("arenden"), headers, rows, title=_("Öppna ärenden"))


@login_required
def case_report(request):
    require_perm(request.user, "cases.add_case")
    form = CaseReportForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_report(
                actor=request.user,
                case_type=data["case_type"],
                title=data["title"],
                description=data["description"],
                system=data["system"],
                proposed_system_name=data["proposed_system_name"],
                common_kind=data["common_kind"],
                amount_requested=data["amount_requested"],
                affected_units=data["affected_units"],
            )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(
                request,
                _("Ärendet är registrerat med diarienummer %(nr)s.")
                % {"nr": case.registration_number},
            )
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/case_report.html",
        {"form": form, "error": error},
        status=400 if error or form.errors else 200,
    )
