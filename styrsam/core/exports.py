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
import itertools
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
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
    stream: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """The table as ``filename.<fmt>``; 404 for a format not in ``formats``. ``stream``: sent
    as a streaming response (a list's export of tens of thousands of rows): the CSV is
    written while it is sent, the workbook to a temporary file that is then sent in chunks."""
    if fmt not in formats:
        raise Http404
    if fmt == "csv":
        return csv_response(filename, headers, rows, stream=stream)
    return workbook_response(filename, [Sheet(title, headers, rows, footer)], stream=stream)


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for ``csv.writer``)."""

    def write(self, value: str) -> str:
        return value


_CSV_ROWS_PER_CHUNK = 500


def _csv_chunks(headers: Sequence, rows: Iterable[Sequence]):
    writer = csv.writer(_Echo(), delimiter=";")
    chunk = ["\ufeff"]  # Excel opens UTF-8 with a BOM correctly (å, ä, ö)
    if headers:
        chunk.append(writer.writerow([_csv_cell(v) for v in headers]))
    for row in rows:
        chunk.append(writer.writerow([_csv_cell(v) for v in row]))
        if len(chunk) >= _CSV_ROWS_PER_CHUNK:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def csv_response(
    filename: str, headers: Sequence, rows: Iterable[Sequence], *, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    chunks = _csv_chunks(headers, rows)
    if stream:
        response = StreamingHttpResponse(chunks, content_type=CSV)
    else:
        response = HttpResponse(b"".join(chunks), content_type=CSV)
    return _attachment(response, f"{filename}.csv")


#: Column widths are taken from the header and the first rows (a write-only worksheet must
#: have its widths before its first row).
WIDTH_SAMPLE_ROWS = 1000


def workbook_response(
    filename: str, sheets: Sequence[Sheet], *, stream: bool = False
) -> HttpResponse | FileResponse:
    """An Excel workbook with one worksheet per :class:`Sheet`, written row by row
    (openpyxl's write-only mode: memory and time in proportion to the rows, no cell model)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    workbook.save(out)
    out.seek(0)
    if stream:
        response = FileResponse(out, content_type=XLSX)
    else:
        with out:
            response = HttpResponse(out.read(), content_type=XLSX)
    return _attachment(response, f"{filename}.xlsx")


def _write_sheet(workbook, spec: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_title(spec.title))
    rows = iter(spec.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    widths: dict[int, int] = {}
    for row in [spec.headers, *sample]:
        for column, value in enumerate(row, start=1):
            widths[column] = max(widths.get(column, 0), _width(_xlsx_value(value)))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for value in spec.headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
        _make_inert(cell)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    footer = [[], *spec.footer] if spec.footer else []
    for row in itertools.chain(sample, rows, footer):
        sheet.append([_xlsx_cell(sheet, WriteOnlyCell, v) for v in row])


def _xlsx_cell(sheet, cell_class, value):
    """A plain value where openpyxl writes it as it should be (text, number, date), else a
    cell with its number format (money, date and time) or made inert (formula-like text)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return _formatted(cell_class(sheet, value=float(value)), MONEY_FORMAT)
    if isinstance(value, datetime.datetime):
        return _formatted(cell_class(sheet, value=_local(value)), DATETIME_FORMAT)
    if isinstance(value, datetime.date | datetime.time):
        return value  # openpyxl gives a date the format yyyy-mm-dd (DATE_FORMAT)
    text = str(value)
    if is_formula_like(text):
        cell = cell_class(sheet, value=text)
        _make_inert(cell)
        return cell
    return text


def _formatted(cell, number_format: str):
    cell.number_format = number_format
    return cell


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
