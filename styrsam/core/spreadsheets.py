"""Reading an uploaded spreadsheet (Excel .xlsx or CSV) for an import, safely (issue #12).

The file is read as a stream that stops at the row limit; an .xlsx (a zip archive) whose
declared sizes are out of proportion is refused before it is opened ("zip bomb"). Used by
every import: systems, plans' goals, the organisation (people, units, roles)."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_ROWS = 20_000
# A real register of 20,000 systems is ~10 MB of XML; 60,000 people in five columns ~15 MB.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024  # small members (styles, metadata) may compress very well


class FileRefused(Exception):
    """The file is refused before its rows are read; the message is for the user."""


def check_archive(data: bytes) -> None:
    """Refuse an .xlsx whose declared uncompressed size is out of proportion, before opening it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(
            _("Filen packas upp till %(mb)s MB; högst %(max)s MB tas emot.")
            % {"mb": total // (1024 * 1024), "max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise FileRefused(
                _("Filen är packad orimligt hårt (%(r)s:1) och tas inte emot.") % {"r": int(ratio)}
            )


def _limited(rows, limit: int) -> list[list]:
    """At most ``limit`` rows (header included) read; one more tells that the file is too long."""
    out = []
    for row in rows:
        out.append(list(row))
        if len(out) > limit:
            raise FileRefused(_("Högst %(n)s rader per fil.") % {"n": limit - 1})
    return out


def read_rows(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> list[list]:
    """The file's rows as lists of cell values (header first), read as a stream that stops at
    the row limit (``max_rows`` + the header)."""
    if filename.lower().endswith(".xlsx"):
        check_archive(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _limited(workbook.active.iter_rows(values_only=True), max_rows + 1)
        finally:
            workbook.close()
    text = data.decode("utf-8-sig", errors="replace")
    first_line = text.split("\n", 1)[0][:10_000] if text else ";"
    dialect = csv.Sniffer().sniff(first_line or ";", delimiters=";,\t")
    return _limited(csv.reader(io.StringIO(text), dialect), max_rows + 1)


def cell_text(value) -> str:
    """A cell as text: a date as ÅÅÅÅ-MM-DD, a whole float without its ``.0``, stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
