"""The Excel writer of the exports (``styrsam.core.xlsx`` on XlsxWriter, issue 18 item 4): what
openpyxl reads back is what the exports wrote with openpyxl's write-only mode before — values,
cell types, number formats, the bold frozen header, column widths, inert formula-like text —
and text XML cannot hold does not break the file. (The lists' exports on the whole hostile
demo: ``test_exports_hostile.py``, G07/G08 lists among them.)"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
from django.utils import timezone
from django.utils.safestring import mark_safe

from styrsam.core.exports import Sheet, table_response, workbook_response
from tests.exports import body

AT = timezone.make_aware(datetime.datetime(2026, 11, 27, 9, 30, 15, 123456))


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def test_every_kind_of_value_reads_back_typed():
    row = [
        "Åsa & <Öberg>",
        "",
        None,
        7,
        2.5,
        True,
        Decimal("-1234.5"),
        datetime.date(2026, 11, 27),
        AT,
        datetime.time(8, 15),
        mark_safe("säker <b>text</b>"),  # noqa: S308 - a constant
        "  leading and trailing  ",
    ]
    sheet = _sheet(table_response("xlsx", "x", [f"K{i}" for i in range(12)], [row], title="x"))
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    values = [c.value for c in cells]
    assert values[:7] == ["Åsa & <Öberg>", None, None, 7, 2.5, True, -1234.5]
    assert values[7] == datetime.datetime(2026, 11, 27)
    assert values[8] == datetime.datetime(2026, 11, 27, 9, 30, 15)  # local time, whole seconds
    assert values[9] == datetime.time(8, 15)
    assert values[10:] == ["säker <b>text</b>", "  leading and trailing  "]
    types = [c.data_type for c in cells]
    # "" and None: an empty cell
    assert types[:7] == ["s", "n", "n", "n", "n", "b", "n"]
    formats = [c.number_format for c in cells]
    assert formats[6:10] == ["#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "h:mm:ss"]
    assert [c.is_date for c in cells[7:10]] == [True, True, True]


def test_header_is_bold_frozen_and_widths_follow_the_content():
    headers = ["Namn", 2026, "=Summa"]
    rows = [["x" * 20, 1, "a"], ["kort", 2, "b"]]
    sheet = _sheet(table_response("xlsx", "x", headers, rows, title="x"))
    assert [c.value for c in sheet[1]] == ["Namn", 2026, "=Summa"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["C1"].data_type == "s" and sheet["C1"].quotePrefix  # a header is inert too
    assert sheet.freeze_panes == "A2"
    # the longest value + 2 characters (XlsxWriter stores Excel's width with its padding)
    assert round(sheet.column_dimensions["A"].width) == 23
    assert round(sheet.column_dimensions["B"].width) == 7  # the header "2026" + 2


def test_text_that_xml_cannot_hold_is_replaced_not_a_server_error():
    """openpyxl refused control characters (IllegalCharacterError: a 500 for a system whose
    description was pasted with one); the writer writes U+FFFD and cuts at Excel's limit."""
    rows = [["före\x00\x07efter"], ["x" * 40000]]
    sheet = _sheet(table_response("xlsx", "x", ["Text"], rows, title="x"))
    assert sheet["A2"].value == "före\ufffd\ufffdefter"
    assert len(sheet["A3"].value) == 32767


def test_several_sheets_footer_and_repeated_titles():
    response = workbook_response(
        "bok",
        [
            Sheet("Grupper", ["x"], [[1]], footer=[["Summa", 1]]),
            Sheet("grupper", ["y"], []),
            Sheet("Grupper", ["z"], [[3]]),
        ],
    )
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["Grupper", "grupper1", "Grupper2"]
    first = list(workbook["Grupper"].iter_rows(values_only=True))
    assert first == [("x", None), (1, None), (None, None), ("Summa", 1)]
    assert list(workbook["grupper1"].iter_rows(values_only=True)) == [("y",)]
