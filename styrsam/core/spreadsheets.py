"""Reading an uploaded spreadsheet (Excel .xlsx or CSV) for an import, safely (issue #12).

The file is read as a stream that stops at the row limit; an .xlsx (a zip archive) whose
declared sizes are out of proportion is refused before it is opened ("zip bomb"). Used by
every import: systems, plans' goals, the organisation (people, units, roles), the service
desk's catalogue.

Besides reading, the parts every all-or-nothing import with a preview shares (docs/decisions/
0019): ``Column`` (a header with its meaning, shown on the page and in the template file),
``ImportResult`` (counts and the errors by row and column), ``read_table`` (the file to rows of
``{header: text}`` with the header checked and every cell checked for formulas, control
characters and length) and the template files ``template_xlsx``/``template_csv``."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from .bounds import has_control_characters

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


# --- what every import with a preview shares ------------------------------------------------

# Text beginning so may be a formula when the file is opened again in a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Column(NamedTuple):
    """One column of an import: its (lower-case, Swedish) header, whether it is required, what
    it holds (shown on the page), an example (the template file's second row) and its longest
    accepted text."""

    header: str
    required: bool
    meaning: str
    example: str
    max_length: int = 300


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """What an import did or, with ``dry_run``, would do: counts per kind of object, and the
    errors by row (the file's row number, the header being row 1) and column."""

    created: dict[str, int]
    updated: dict[str, int]
    dry_run: bool = False
    unchanged: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def counting(cls, *, created, updated, dry_run: bool = False) -> ImportResult:
        return cls(
            created=dict.fromkeys(created, 0), updated=dict.fromkeys(updated, 0), dry_run=dry_run
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def errors_by_row(self) -> dict[str, list[dict[str, str]]]:
        """The errors as the API's ``errors``: row number → its problems (column, message)."""
        out: dict[str, list[dict[str, str]]] = {}
        for e in self.errors:
            out.setdefault(str(e.row), []).append({"column": e.column, "message": e.message})
        return out

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _cell_error(value: str, max_length: int) -> str | None:
    if value.startswith(FORMULA_START):
        return _("Värdet får inte börja med =, +, -, @ eller tabb (det kan vara en formel).")
    if has_control_characters(value):
        return _("Värdet innehåller otillåtna kontrolltecken.")
    if len(value) > max_length:
        return _("Högst %(n)s tecken.") % {"n": max_length}
    return None


def read_table(
    filename: str, data: bytes, *, columns: list[Column], result: ImportResult, max_rows: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows with content as ``(row number, {header: text})``, the known columns
    only (headers in any order and case; other columns ignored). ``result.rows`` counts them.
    A file that cannot be read, is empty or lacks a required column, and every cell that is
    not safe (a formula, a control character, too long), goes into ``result.errors``; a row
    with such a cell is not yielded."""
    try:
        rows = read_rows(filename, data, max_rows=max_rows)
    except FileRefused as exc:
        result.error(1, "", str(exc))
        return
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        result.error(1, "", _("Filen kunde inte läsas som Excel (.xlsx) eller CSV."))
        return
    if not rows:
        result.error(1, "", _("Filen är tom."))
        return
    header = [cell_text(h).lower() for h in rows[0]]
    missing = [c.header for c in columns if c.required and c.header not in header]
    if missing:
        result.error(1, ", ".join(missing), _("Kolumnen saknas. Se kolumnerna på sidan."))
        return
    limits = {c.header: c.max_length for c in columns}
    wanted = [(i, h) for i, h in enumerate(header) if h in limits]
    for number, raw in enumerate(rows[1:], start=2):
        width = len(raw)
        cells = {}
        for i, h in wanted:
            if i < width and raw[i] is not None:
                text = cell_text(raw[i])
                if text:
                    cells[h] = text
        if not cells:
            continue
        result.rows += 1
        bad = False
        for h, text in cells.items():
            problem = _cell_error(text, limits[h])
            if problem:
                result.error(number, h, problem)
                bad = True
        if not bad:
            yield number, cells


def template_xlsx(columns: list[Column], *, title: str) -> bytes:
    """An Excel file with the headers and one example row, to fill in and import."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    sheet.append([c.example for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(columns: list[Column]) -> str:
    """The same as CSV (UTF-8 with BOM, semicolons: what a Swedish Excel opens)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([c.header for c in columns])
    writer.writerow([c.example for c in columns])
    return buffer.getvalue()
