"""Export of the current filtered list to Excel (openpyxl) and CSV.

The same filter as the page (``SystemFilter``), so "export what is shown" holds. Costs are
not exported: they are confidential per system (see rules.py)."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from styrsam.core.access import require_perm
from styrsam.guideline.policy import get_policy

from . import selectors
from .selectors import SystemFilter
from .views import label_rows

MAX_ROWS = 100_000


def export_columns():
    return [
        (_("Namn"), lambda s: s.name),
        (_("Kategori"), lambda s: s.category_label),
        (_("Typ av kommungemensamt system"), lambda s: s.kind_label),
        (_("Ägande förvaltning"), lambda s: s.owner_unit.name),
        (_("Systemägare"), lambda s: s.owner.get_full_name() if s.owner else ""),
        (_("Systemansvarig"), lambda s: s.manager.get_full_name() if s.manager else ""),
        (_("Livscykel"), lambda s: s.get_lifecycle_display()),
        (_("Kritikalitet"), lambda s: s.get_criticality_display()),
        (_("Leverantör"), lambda s: s.vendor),
        (_("Avtalet löper ut"), lambda s: s.contract_end.isoformat() if s.contract_end else ""),
        (_("Antal användare"), lambda s: s.user_count if s.user_count is not None else ""),
        (_("Finansieringsprincip"), lambda s: s.financing_principle),
    ]


def export_rows(request):
    filters = SystemFilter.from_params(request.GET)
    systems = selectors.system_list(user=request.user, filters=filters)[:MAX_ROWS]
    columns = export_columns()
    rows = [[get(s) for _h, get in columns] for s in label_rows(systems, get_policy())]
    return [h for h, _g in columns], rows


def _filename(ext: str) -> str:
    return f"systemforteckning-{timezone.localdate():%Y-%m-%d}.{ext}"


@login_required
def system_export(request, fmt: str):
    require_perm(request.user, "systems.view_system")
    headers, rows = export_rows(request)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly (å, ä, ö)
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "System"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{_filename(fmt)}"'
    return response
