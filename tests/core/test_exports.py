"""The shared table export (styrsam.core.exports): Excel and CSV the same way for every list."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404
from django.utils import timezone

from styrsam.core.exports import Sheet, dated_filename, table_response, workbook_response
from tests.exports import csv_rows, filename, xlsx_rows

HEADERS = ["Namn", "Belopp (kr)", "Datum", "Tid", "Tom"]
AT = timezone.make_aware(datetime.datetime(2026, 11, 27, 9, 30))
ROWS = [["Åsa Öberg", Decimal("1234.5"), datetime.date(2026, 11, 27), AT, None]]


def test_csv_has_bom_semicolons_and_decimal_comma():
    response = table_response("csv", "lista-2026-11-27", HEADERS, ROWS, title="Lista")
    assert filename(response) == "lista-2026-11-27.csv"
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert rows[1] == ["Åsa Öberg", "1234,50", "2026-11-27", "2026-11-27 09:30", ""]


def test_xlsx_has_bold_frozen_header_numbers_and_dates():
    response = table_response("xlsx", "lista", HEADERS, ROWS, title="Lista", footer=[["Summa"]])
    assert filename(response) == "lista.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Lista"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["B2"].value == 1234.5 and sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == datetime.datetime(2026, 11, 27)  # Excel stores a date
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].value == datetime.datetime(2026, 11, 27, 9, 30)
    assert sheet["A4"].value == "Summa"  # after a blank row
    assert xlsx_rows(response)[0] == tuple(HEADERS)


def test_other_format_is_404():
    with pytest.raises(Http404):
        table_response("pdf", "lista", HEADERS, ROWS, title="Lista")
    with pytest.raises(Http404):
        table_response("csv", "lista", HEADERS, ROWS, title="Lista", formats=("xlsx",))


def test_workbook_with_several_sheets_and_safe_titles():
    response = workbook_response("bok", [Sheet("A/B", ["x"], [[1]]), Sheet("C", ["y"], [])])
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["A-B", "C"]


def test_dated_filename():
    assert dated_filename("arenden") == f"arenden-{timezone.localdate():%Y-%m-%d}"


HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1", "\t=1", "\r=1"]


def test_csv_writes_formula_like_text_with_a_quote_and_numbers_as_numbers():
    rows = [[name, Decimal("-5"), -3] for name in HOSTILE]
    parsed = csv_rows(table_response("csv", "x", ["=Namn", "Belopp"], rows, title="x"))
    assert parsed[0] == ["'=Namn", "Belopp"]
    assert [r[0] for r in parsed[1:]] == ["'" + name for name in HOSTILE]
    assert parsed[1][1:] == ["-5,00", "-3"]


def test_xlsx_writes_formula_like_text_as_string_cells():
    rows = [[name, Decimal("-5"), datetime.date(2026, 1, 2)] for name in HOSTILE]
    response = table_response("xlsx", "x", ["Namn", "Belopp", "Datum"], rows, title="x")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    for number, name in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=number, column=1)
        # XML reads a carriage return back as a line feed
        expected = name.replace("\r", "\n")
        assert (cell.value, cell.data_type, cell.quotePrefix) == (expected, "s", True)
        amount = sheet.cell(row=number, column=2)
        assert (amount.value, amount.data_type, amount.number_format) == (-5, "n", "#,##0.00")
        assert sheet.cell(row=number, column=3).is_date
