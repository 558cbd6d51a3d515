"""The Excel (.xlsx) writer of the exports (``core.exports.workbook_response``), on XlsxWriter.

Issue 18: openpyxl's write-only mode builds an element per cell through ``et_xmlfile`` (lxml
is not installed), about 5 µs a cell: 60,000 rows of eight columns took ~2.8 s of CPU on
their own. XlsxWriter (a maintained writer, docs/decisions/0021-xlsx-writer.md) in its
``constant_memory`` mode writes each row to a temporary file as soon as the next one begins
(no row is kept) and needs about half that time. This module maps the exports' values onto
it: text as strings (inline strings in that mode), numbers, booleans, ``Decimal`` with the
money format, dates and times as Excel serials with their formats, a bold header row frozen
below it, column widths, and formula-like text as text shown with Excel's quote prefix
(never a formula). Control characters XML cannot hold (openpyxl refused them with
``IllegalCharacterError``) become U+FFFD; text longer than Excel's 32,767 characters is cut
there; a carriage return becomes a line feed, as XML reads it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter

from .exports import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    FORMULA_STARTS,
    MONEY_FORMAT,
    is_formula_like,
    local_datetime,
)

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_MAX_TEXT = 32767
TIME_FORMAT = "h:mm:ss"


def _clean(value: str) -> str:
    """Text Excel can hold: cut at its limit, control characters replaced, a carriage return
    a line break (Excel's line break in a cell; XML read it so before)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    return value


def _plain_str(value) -> str:
    """The text of a value as an exact ``str`` (a ``SafeString``'s ``str()`` is itself)."""
    return str.__str__(value) if isinstance(value, str) else str(value)


class _Formats:
    """The workbook's cell formats, made once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.bold = book.add_format({"bold": True})
        self.bold_inert = book.add_format({"bold": True, "quote_prefix": True})
        self.inert = book.add_format({"quote_prefix": True})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.datetime = book.add_format({"num_format": DATETIME_FORMAT})
        self.time = book.add_format({"num_format": TIME_FORMAT})


def _write_cell(sheet, formats: _Formats, row: int, col: int, value) -> None:
    kind = type(value)
    if kind is str:
        if not value:
            return
        if value.startswith(FORMULA_STARTS):
            sheet.write_string(row, col, _clean(value), formats.inert)
        else:
            sheet.write_string(row, col, _clean(value))
    elif value is None:
        return
    elif kind is int or kind is float:
        sheet.write_number(row, col, value)
    elif kind is bool:
        sheet.write_boolean(row, col, value)
    elif kind is Decimal:
        sheet.write_number(row, col, float(value), formats.money)
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, local_datetime(value), formats.datetime)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, value, formats.date)
    elif isinstance(value, datetime.time):
        sheet.write_datetime(row, col, value, formats.time)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float):  # a subclass (an IntEnum): its number
        sheet.write_number(row, col, value)
    else:  # lazy translations, SafeStrings, model instances: their text
        _write_cell(sheet, formats, row, col, _plain_str(value))


def _write_header(sheet, formats: _Formats, header: Sequence) -> None:
    """The header: bold; text, or a number (a year) as a number; frozen below it."""
    for col, value in enumerate(header):
        if value is None:
            sheet.write_blank(0, col, None, formats.bold)
        elif type(value) is int or type(value) is float:
            sheet.write_number(0, col, value, formats.bold)
        else:
            text = _plain_str(value)
            style = formats.bold_inert if is_formula_like(text) else formats.bold
            sheet.write_string(0, col, _clean(text), style)
    sheet.freeze_panes(1, 0)


def write_workbook(out, sheets: Sequence[tuple[str, Sequence, Iterable[Sequence], dict]]):
    """An .xlsx of ``sheets`` — ``(title, header, rows, {column number: width})``, the title
    already valid for Excel — written to the binary file ``out``, row by row."""
    sheets = list(sheets) or [("Blad1", [], [], {})]  # a workbook has at least one sheet
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    formats = _Formats(book)
    titles: list[str] = []
    for title, header, rows, widths in sheets:
        titles.append(_unique(title, titles))
        sheet = book.add_worksheet(titles[-1])
        for column, width in sorted(widths.items()):  # before the first row (constant memory)
            sheet.set_column(column - 1, column - 1, width)
        _write_header(sheet, formats, header)
        write = sheet.write_string
        for number, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if type(value) is str and value and not value.startswith(FORMULA_STARTS):
                    write(number, col, _clean(value))  # the most common cell, inline
                else:
                    _write_cell(sheet, formats, number, col, value)
    book.close()


def _unique(title: str, taken: list[str]) -> str:
    """``title``, or ``title`` with the next free number, as openpyxl names a repeated title
    (sheet names are case-insensitive in Excel)."""
    lower = {t.lower() for t in taken}
    if title.lower() not in lower:
        return title
    number = 1
    while f"{title}{number}".lower() in lower:
        number += 1
    return f"{title}{number}"
