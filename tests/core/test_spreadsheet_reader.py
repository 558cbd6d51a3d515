"""The fast .xlsx reader of the imports (issue 21: 60,000 people in under a minute): the same
values as openpyxl's ``values_only``, and an XML DOCTYPE (entities) refused."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from styrsam.core.spreadsheets import FileRefused, read_rows


def _workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["namn", "antal", "text", "datum"])
    sheet.append([1, 2.5, "Åsa Öberg", datetime.date(2027, 12, 31)])
    sheet.append([])
    sheet.append([None, None, "x", True])
    sheet["F7"] = "långt bort"
    sheet.append(["=1+1"])
    workbook.create_sheet("andra").append(["inte denna"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _openpyxl_rows(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_the_fast_reader_gives_what_openpyxl_gives():
    data = _workbook()
    fast, slow = read_rows("a.xlsx", data), _openpyxl_rows(data)
    assert len(fast) == len(slow) == 8
    for ours, theirs in zip(fast, slow, strict=True):
        # openpyxl pads every row to the sheet's width; the reader stops at the last cell
        assert ours == theirs[: len(ours)] and not any(theirs[len(ours) :])
    assert fast[1] == [1, 2.5, "Åsa Öberg", datetime.datetime(2027, 12, 31)]


def test_a_doctype_is_refused():
    data = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            body = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body[body.index(b"<worksheet") :]
            target.writestr(member.filename, body)
    with pytest.raises(FileRefused, match="DOCTYPE"):
        read_rows("a.xlsx", out.getvalue())
