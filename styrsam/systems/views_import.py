"""Import page: upload Excel/CSV, see errors by row and column, or the summary."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from styrsam.core.access import require_perm

from .importing import COLUMNS, import_systems, template_csv, template_xlsx

MAX_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (Excel .xlsx eller CSV)"),
        help_text=_("Första raden ska vara kolumnrubrikerna i mallen."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Välj en fil som slutar på .xlsx eller .csv."))
        if f.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return f


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
        response = HttpResponse(
            template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="systemmall.{fmt}"'
    return response
