"""The invoice basis per department and month (G24) and the ledger, with CSV/Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from styrsam.core.access import require_perm
from styrsam.core.api import int_param
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate

from . import reports, selectors
from .exports import csv_response, xlsx_response
from .money import parse_month


def _month(request):
    return parse_month(request.GET.get("manad", "")) or timezone.localdate().replace(day=1)


def _department(request) -> int | None:
    value = request.GET.get("forvaltning")
    return int_param(value)


@login_required
def invoice_basis(request):
    require_perm(request.user, "rental.view_ledger")
    month, department = _month(request), _department(request)
    ytd = request.GET.get("ack") == "1"
    report = reports.invoice_basis(
        user=request.user, month=month, department=department, year_to_date=ytd
    )
    name = f"fakturaunderlag-{month:%Y-%m}" + ("-ack" if ytd else "")
    fmt = request.GET.get("format")
    if fmt == "csv":
        return csv_response(reports.table(report), name)
    if fmt == "xlsx":
        return xlsx_response(reports.as_xlsx(report), name)
    context = {
        "report": report,
        "month_text": f"{month:%Y-%m}",
        "departments": selectors.department_choices(user=request.user),
        "department": department,
        "ytd": ytd,
        "querystring": request.GET.urlencode(),
    }
    return render_page(
        request, "rental/invoice.html", context, partial="rental/_invoice_table.html"
    )


@login_required
def ledger(request):
    require_perm(request.user, "rental.view_ledger")
    month, department = _month(request), _department(request)
    lines = selectors.ledger_list(user=request.user, month=month, department=department)
    context = {
        "month_text": f"{month:%Y-%m}",
        "departments": selectors.department_choices(user=request.user),
        "department": department,
        **paginate(request, lines),
    }
    return render_page(request, "rental/ledger.html", context, partial="rental/_ledger_table.html")
