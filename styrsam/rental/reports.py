"""Invoice basis (fakturaunderlag) per department and month, from the ledger only, so that the
totals reconcile with the ledger exactly (G24). Exported as CSV and Excel for the finance system."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import LedgerLine
from .money import round_ore
from .selectors import ledger_list

HEADERS = ("Förvaltning", "Kod", "Utrustningstyp", "Antal", "Hyresdagar", "Belopp (kr)")


def invoice_basis(
    *, user, month: datetime.date, department: int | None = None, year_to_date: bool = False
) -> dict:
    """Rows per department and asset type with the summed ledger lines of the month (or of
    January up to and including the month), and a total per department and overall."""
    qs = ledger_list(user=user)
    if department:
        qs = qs.filter(department_id=department)
    if year_to_date:
        qs = qs.filter(month__gte=month.replace(month=1), month__lte=month)
    else:
        qs = qs.filter(month=month)
    rows = list(
        qs.values("department__name", "department__code", "asset_type__name")
        .annotate(count=Sum("asset_count"), days=Sum("asset_days"), amount=Sum("amount"))
        .order_by("department__name", "asset_type__name")
    )
    departments: dict[str, Decimal] = {}
    for row in rows:
        row["amount"] = round_ore(row["amount"])  # SQLite sums decimals as floats
        name = row["department__name"]
        departments[name] = departments.get(name, Decimal("0")) + row["amount"]
    return {
        "month": month,
        "year_to_date": year_to_date,
        "rows": rows,
        "department_totals": departments,
        "total": sum(departments.values(), Decimal("0")),
    }


def table(report: dict) -> list[list]:
    count_header = _("Antal (summa av månader)") if report["year_to_date"] else HEADERS[3]
    out = [[HEADERS[0], HEADERS[1], HEADERS[2], count_header, HEADERS[4], HEADERS[5]]]
    for r in report["rows"]:
        out.append(
            [
                r["department__name"],
                r["department__code"],
                r["asset_type__name"],
                r["count"],
                r["days"],
                r["amount"],
            ]
        )
    return out


def xlsx_footer(report: dict) -> list[list]:
    """The sum row of the Excel sheet (not in the CSV: the finance system reads every row)."""
    return [[_("Summa"), "", "", "", "", report["total"]]]


def ledger_total(*, month: datetime.date) -> Decimal:
    return round_ore(
        LedgerLine.objects.filter(month=month).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    )
