"""The invoice basis per department and month (G24) and the ledger, with CSV/Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.exports import MAX_ROWS, dated_filename, table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.core.params import int_param

from . import reports, selectors
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
    if fmt in ("csv", "xlsx"):
        headers, *rows = reports.table(report)
        footer = reports.xlsx_footer(report) if fmt == "xlsx" else ()
        return table_response(fmt, name, headers, rows, title=f"{month:%Y-%m}", footer=footer)
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


def _ledger_lines(request):
    month, department = _month(request), _department(request)
    return (
        month,
        department,
        selectors.ledger_list(user=request.user, month=month, department=department),
    )


@login_required
def ledger(request):
    require_perm(request.user, "rental.view_ledger")
    month, department, lines = _ledger_lines(request)
    context = {
        "month_text": f"{month:%Y-%m}",
        "departments": selectors.department_choices(user=request.user),
        "department": department,
        **paginate(request, lines),
    }
    return render_page(request, "rental/ledger.html", context, partial="rental/_ledger_table.html")


@login_required
def ledger_export(request, fmt: str):
    """The ledger lines of the page's month and department as Excel or CSV."""
    require_perm(request.user, "rental.view_ledger")
    month, _department, lines = _ledger_lines(request)
    headers = [
        _("Månad"),
        _("Förvaltning"),
        _("Kod"),
        _("Typ"),
        _("Slag"),
        _("Antal"),
        _("Hyresdagar"),
        _("Månadshyra"),
        _("Belopp (kr)"),
        _("Körning"),
    ]
    rows = (
        [
            f"{line.month:%Y-%m}",
            line.department.name,
            line.department.code,
            line.asset_type.name,
            line.get_kind_display(),
            line.asset_count,
            line.asset_days,
            line.monthly_amount,
            line.amount,
            line.run.run_at,
        ]
        for line in lines[:MAX_ROWS]
    )
    return table_response(
        fmt,
        dated_filename("hyresreskontra"),
        headers,
        rows,
        title=_("Reskontra %(month)s") % {"month": f"{month:%Y-%m}"},
    )
