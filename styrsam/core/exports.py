"""Tables as Excel (openpyxl) or CSV downloads: one way for every list page.

- Excel: bold, frozen header row; ``Decimal`` as a number (two decimals shown), dates as dates,
  aware datetimes in local time; column widths from the content.
- CSV: ``;`` as delimiter and a UTF-8 BOM, so that Swedish Excel opens it with å, ä, ö; decimals
  with a decimal comma (``1234,50``), dates as ``YYYY-MM-DD``.
- Inert text (OWASP "CSV injection"): a text that begins with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return — a system called ``=HYPERLINK(...)`` — is written so that it cannot run:
  in CSV with a leading single quote, in Excel as a string cell (never a formula) shown with
  Excel's quote prefix. Numbers (``int``, ``float``, ``Decimal``) stay numbers and dates dates,
  so a negative amount is still a number.

Views build ``headers`` and ``rows`` from the same selector and filter as the page, so that
"export what is shown" holds, and call :func:`table_response`."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
MAX_ROWS = 100_000
_MAX_WIDTH = 60


@dataclass
class Sheet:
    """One worksheet: a title, a header row, the rows and (Excel only) rows after a blank row,
    e.g. a sum that a finance system reading the CSV must not take for data."""

    title: str
    headers: Sequence
    rows: Iterable[Sequence]
    footer: Sequence[Sequence] = field(default_factory=tuple)


def dated_filename(stem: str) -> str:
    """``arenden`` → ``arenden-2026-11-27`` (today in the local time zone)."""
    return f"{stem}-{timezone.localdate():%Y-%m-%d}"


def table_response(
    fmt: str,
    filename: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    title: str,
    footer: Sequence[Sequence] = (),
    formats: Sequence[str] = FORMATS,
) -> HttpResponse:
    """The table as ``filename.<fmt>``; 404 for a format not in ``formats``."""
    if fmt not in formats:
        raise Http404
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    return workbook_response(filename, [Sheet(title, headers, rows, footer)])


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly (å, ä, ö)
    writer = csv.writer(buffer, delimiter=";")
    if headers:
        writer.writerow([_csv_cell(v) for v in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return _attachment(HttpResponse(buffer.getvalue(), content_type=CSV), f"{filename}.csv")


def workbook_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An Excel workbook with one worksheet per :class:`Sheet`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(_sheet_title(spec.title))
        widths: dict[int, int] = {}
        sheet.append([_xlsx_value(v) for v in spec.headers])
        for cell in sheet[1]:
            _make_inert(cell)
            cell.font = Font(bold=True)
            widths[cell.column] = len(str(cell.value or ""))
        sheet.freeze_panes = "A2"
        footer = [[], *spec.footer] if spec.footer else []
        # Cells are reached by row number: ``sheet.max_row`` scans every cell on each call,
        # which made a 3,000-row export take seconds instead of under one.
        for number, row in enumerate([*spec.rows, *footer], start=2):
            sheet.append([_xlsx_value(v) for v in row])
            cells = (sheet.cell(row=number, column=i) for i in range(1, len(row) + 1))
            for value, cell in zip(row, cells, strict=False):
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(cell.value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
                else:
                    _make_inert(cell)
                widths[cell.column] = max(widths.get(cell.column, 0), _width(cell.value))
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    out = io.BytesIO()
    workbook.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX), f"{filename}.xlsx")


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Blad1"


def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(microsecond=0)


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet take this text for a formula?"""
    return text.startswith(FORMULA_STARTS)


def _xlsx_value(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date | datetime.time):
        return value
    return str(value)  # lazy translations, model instances: their text


def _make_inert(cell) -> None:
    """A text cell stays text: openpyxl takes every string that begins with ``=`` for a formula
    (``data_type == "f"``); such a cell is written as a string with Excel's quote prefix."""
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return f"{value + 0:.2f}".replace(".", ",")  # + 0: no "-0,00" for a negative zero
    if isinstance(value, datetime.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return len(str(value))
