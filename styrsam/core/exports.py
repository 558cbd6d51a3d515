"""Tables as Excel (``core.xlsx``) or CSV downloads: one way for every list page.

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
    """An Excel workbook with one worksheet per :class:`Sheet`, written row by row to a
    temporary file (``core.xlsx``: memory in proportion to one row, no cell model)."""
    from .xlsx import write_workbook

    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    write_workbook(out, [_sheet_parts(spec) for spec in sheets])
    out.seek(0)
    if stream:
        response = FileResponse(out, content_type=XLSX)
    else:
        with out:
            response = HttpResponse(out.read(), content_type=XLSX)
    return _attachment(response, f"{filename}.xlsx")


def _sheet_parts(spec: Sheet) -> tuple[str, Sequence, Iterable[Sequence], dict[int, int]]:
    """``(title, header, rows, widths)`` of a sheet: the widths from the header and the first
    ``WIDTH_SAMPLE_ROWS`` rows (a streamed worksheet has its widths before its first row);
    the footer after a blank row."""
    rows = iter(spec.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    widths: dict[int, int] = {}
    for row in [spec.headers, *sample]:
        for column, value in enumerate(row, start=1):
            widths[column] = max(widths.get(column, 0), _width(_xlsx_value(value)))
    widths = {column: min(width + 2, _MAX_WIDTH) for column, width in widths.items()}
    footer = [[], *spec.footer] if spec.footer else []
    return (
        _sheet_title(spec.title),
        spec.headers,
        itertools.chain(sample, rows, footer),
        widths,
    )


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Blad1"


def local_datetime(value: datetime.datetime) -> datetime.datetime:
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
        return local_datetime(value)
    if isinstance(value, datetime.date | datetime.time):
        return value
    return str(value)  # lazy translations, model instances: their text


def _csv_cell(value):
    if type(value) is str:  # the most common cell first
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return f"{value + 0:.2f}".replace(".", ",")  # + 0: no "-0,00" for a negative zero
    if isinstance(value, datetime.datetime):
        return f"{local_datetime(value):%Y-%m-%d %H:%M}"
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
