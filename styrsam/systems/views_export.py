"""Export of the current filtered list to Excel (openpyxl) and CSV.

The same filter as the page (``SystemFilter``), so "export what is shown" holds. Costs are
not exported: they are confidential per system (see rules.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.exports import FORMATS, MAX_ROWS, dated_filename, table_response
from styrsam.guideline.policy import get_policy

from . import selectors
from .selectors import SystemFilter
from .views import label_rows


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


@login_required
def system_export(request, fmt: str):
    require_perm(request.user, "systems.view_system")
    if fmt not in FORMATS:
        raise Http404
    headers, rows = export_rows(request)
    return table_response(fmt, dated_filename("systemforteckning"), headers, rows, title="System")
