"""Spreadsheet import with limits (issue #12): rows read as a stream that stops at the limit,
zip bombs refused from their declared sizes before they are opened."""

from __future__ import annotations

import io
import itertools
import zipfile

import openpyxl
import pytest

from styrsam.core import spreadsheets
from styrsam.systems import importing
from styrsam.systems.importing import HEADERS, FileRefused, import_systems
from styrsam.systems.models import System

pytestmark = pytest.mark.django_db


def test_rows_are_read_as_a_stream_that_stops_at_the_limit():
    endless = ([n] for n in itertools.count())
    with pytest.raises(FileRefused, match="Högst 5 rader"):
        spreadsheets._limited(endless, 6)


def _xlsx(rows: int) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("System")
    sheet.append(HEADERS)
    for n in range(rows):
        sheet.append([f"System {n}", "", "Verksamhetssystem", "", "vof"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_more_rows_than_the_limit_is_refused(it_strategist, vof, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 50)
    result = import_systems(actor=it_strategist, filename="s.xlsx", data=_xlsx(500))
    assert [(e.row, e.message) for e in result.errors] == [(1, "Högst 50 rader per fil.")]
    assert not System.objects.exists()


def test_csv_with_more_rows_than_the_limit_is_refused(it_strategist, vof, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    lines = [";".join(HEADERS)] + [f"S{n};;Verksamhetssystem;;vof" for n in range(10)]
    result = import_systems(actor=it_strategist, filename="s.csv", data="\n".join(lines).encode())
    assert [e.message for e in result.errors] == ["Högst 3 rader per fil."]


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * size)
    return out.getvalue()


def test_zip_bomb_is_refused_by_its_compression_ratio(it_strategist, vof):
    data = _bomb(8 * 1024 * 1024)
    assert len(data) < 100_000
    result = import_systems(actor=it_strategist, filename="s.xlsx", data=data)
    (error,) = result.errors
    assert "orimligt hårt" in error.message


def test_zip_bomb_is_refused_by_its_declared_size(it_strategist, vof, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    monkeypatch.setattr(spreadsheets, "MAX_COMPRESSION_RATIO", 10**9)
    result = import_systems(actor=it_strategist, filename="s.xlsx", data=_bomb(2 * 1024 * 1024))
    (error,) = result.errors
    assert "packas upp till 2 MB" in error.message


def test_a_normal_workbook_passes_the_archive_check(it_strategist, vof):
    spreadsheets.check_archive(_xlsx(2000))
