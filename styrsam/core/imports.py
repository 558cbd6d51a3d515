"""The page and the API operation of an all-or-nothing spreadsheet import with a preview
(docs/decisions/0019): the organisation (HR/AD extract) and the service desk's catalogue.

An app describes its import once with ``SpreadsheetImport`` (who may, the function that
checks and saves, the columns, the texts) and gets:

- ``page_view()``: upload → preview (every row checked, nothing saved; the upload kept in the
  default storage under ``tmp/<key>/``) → confirm (all rows saved) or the errors by row and
  column in Swedish (400);
- ``template_view()``: the columns as an Excel or CSV file to fill in;
- ``ImportAPIView``: ``POST`` multipart ``file`` (+ ``dry_run``) → the counts (200) or
  ``{"code": "import_invalid", "detail", "rule", "errors": {row: [{column, message}]}}`` (400).

The import function is ``run(*, actor, filename, data, dry_run) -> ImportResult`` and checks
the actor's permission itself (the service's rule: 403 from the API as from the page)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from .access import require_perm
from .exports import CSV, XLSX
from .spreadsheets import Column, ImportResult, template_csv, template_xlsx

MAX_IMPORT_BYTES = 50 * 1024 * 1024
_SUFFIXES = (".xlsx", ".csv")


def _check_upload(f, error):
    if not f.name.lower().endswith(_SUFFIXES):
        raise error(_("Välj en fil som slutar på .xlsx eller .csv."))
    if f.size > MAX_IMPORT_BYTES:
        raise error(_("Filen är större än 50 MB."))
    return f


class ImportUploadForm(forms.Form):
    """The upload of an import (Excel .xlsx or CSV, at most 50 MB)."""

    file = forms.FileField(
        label=gettext_lazy("Fil (Excel .xlsx eller CSV)"),
        help_text=gettext_lazy("Första raden ska vara kolumnrubrikerna nedan."),
    )

    def clean_file(self):
        return _check_upload(self.cleaned_data["file"], forms.ValidationError)


@dataclass(frozen=True)
class SpreadsheetImport:
    """One import: ``key`` names the session entry and the storage folder of a pending upload;
    ``permission`` opens the page; ``preview`` lists (label, key of ``created``, key of
    ``updated`` or None) for the preview's table; ``done`` is the message after confirming."""

    key: str
    permission: str
    run: Callable[..., ImportResult]
    columns: list[Column]
    title: str
    intro: str
    preview: list[tuple[str, str, str | None]]
    done: Callable[[ImportResult], str]
    url_name: str
    template_url_name: str
    success_url_name: str
    template_name: str  # the template file's name, without the suffix

    # --- the page ------------------------------------------------------------------------

    def _render(self, request, *, form=None, result=None, token="", status=200):
        rows = []
        if result is not None and result.ok:
            rows = [
                (
                    label,
                    result.created.get(created, 0),
                    result.updated.get(updated) if updated else None,
                )
                for label, created, updated in self.preview
            ]
        context = {
            "spec": self,
            "form": form or ImportUploadForm(),
            "result": result,
            "preview_rows": rows,
            "token": token,
            "columns": self.columns,
        }
        return render(request, "core/import_page.html", context, status=status)

    def page_view(self):
        @login_required
        def view(request):
            require_perm(request.user, self.permission)
            if request.method != "POST":
                return self._render(request)
            if "token" in request.POST:
                return self._confirm(request)
            form = ImportUploadForm(request.POST, request.FILES)
            if not form.is_valid():
                return self._render(request, form=form, status=400)
            upload = form.cleaned_data["file"]
            data = upload.read()
            result = self.run(actor=request.user, filename=upload.name, data=data, dry_run=True)
            if not result.ok:
                return self._render(request, form=form, result=result, status=400)
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            token = secrets.token_urlsafe(16)
            default_storage.save(self._path(token, suffix), ContentFile(data))
            request.session[self.key] = {"token": token, "suffix": suffix}
            return self._render(request, result=result, token=token)

        return view

    def _path(self, token: str, suffix: str) -> str:
        return f"tmp/{self.key.replace('_', '-')}/{token}{suffix}"

    def _expired(self, request):
        request.session.pop(self.key, None)
        messages.error(request, _("Förhandsvisningen har gått ut. Ladda upp filen igen."))
        return redirect(self.url_name)

    def _confirm(self, request):
        pending = request.session.get(self.key) or {}
        if not pending or request.POST.get("token") != pending.get("token"):
            return self._expired(request)
        path = self._path(pending["token"], pending["suffix"])
        try:
            with default_storage.open(path) as stored:
                data = stored.read()
        except FileNotFoundError:
            return self._expired(request)
        result = self.run(
            actor=request.user, filename=f"fil{pending['suffix']}", data=data, dry_run=False
        )
        default_storage.delete(path)
        del request.session[self.key]
        if not result.ok:  # the data changed since the preview
            return self._render(request, result=result, status=400)
        messages.success(request, self.done(result))
        return redirect(self.success_url_name)

    def template_view(self):
        @login_required
        def view(request, fmt: str):
            require_perm(request.user, self.permission)
            if fmt == "xlsx":
                response = HttpResponse(
                    template_xlsx(self.columns, title=self.template_name), content_type=XLSX
                )
            elif fmt == "csv":
                response = HttpResponse(template_csv(self.columns), content_type=CSV)
            else:
                raise Http404
            response["Content-Disposition"] = f'attachment; filename="{self.template_name}.{fmt}"'
            return response

        return view

    def template_urls(self) -> dict[str, str]:
        return {fmt: reverse(self.template_url_name, args=[fmt]) for fmt in ("xlsx", "csv")}


# --- the API -------------------------------------------------------------------------------


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Excel (.xlsx) eller CSV.")
    dry_run = serializers.BooleanField(
        default=False, help_text="Kontrollera bara (förhandsvisning): ingenting sparas."
    )

    def validate_file(self, value):
        return _check_upload(value, serializers.ValidationError)


class ImportCountsSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(help_text="Rader med innehåll i filen.")
    created = serializers.DictField(child=serializers.IntegerField())
    updated = serializers.DictField(child=serializers.IntegerField())
    unchanged = serializers.IntegerField(help_text="Rader som redan stämde med det sparade.")


class ImportAPIView(GenericAPIView):
    """Base of an import operation: a subclass sets ``serializer_class`` (an
    ``ImportRequestSerializer``), ``rule`` and ``run`` (a staticmethod), and decorates ``post``
    with its schema (``extend_schema``); ``permission`` is asked first."""

    parser_classes = [MultiPartParser]
    serializer_class = ImportRequestSerializer
    permission = ""  # asked before the file is read: 403 before 400
    rule = ""
    run: Callable[..., ImportResult]

    def post(self, request):
        require_perm(request.user, self.permission)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = type(self).run(
            actor=request.user,
            filename=upload.name,
            data=upload.read(),
            dry_run=serializer.validated_data["dry_run"],
        )
        if not result.ok:
            n = len(result.errors)
            return Response(
                {
                    "code": "import_invalid",
                    "detail": ngettext(
                        "Ingenting importerades: %(n)s fel.",
                        "Ingenting importerades: %(n)s fel.",
                        n,
                    )
                    % {"n": n},
                    "rule": self.rule,
                    "errors": result.errors_by_row(),
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(result.as_dict())
