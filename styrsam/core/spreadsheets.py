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
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

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


# --- a fast reader of the active sheet's values (issue 21: 60,000 people in under a minute) ---
# openpyxl's read-only mode parses each cell through its style and type machinery; an import
# needs the values only. This reads the sheet's XML with the standard library's (expat) parser
# and turns shared strings, inline strings, numbers, booleans and dates (a number in a date
# format, as openpyxl decides it) into the values openpyxl's ``values_only`` gives.
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class _NoDoctype(ElementTree.TreeBuilder):
    """A tree builder refusing a DOCTYPE (and so every entity declaration: no "billion
    laughs", no external entities); a spreadsheet's XML never has one. With ``rows`` it hands
    each finished ``row`` element to the list and clears it, so that a large sheet is never
    held as a tree."""

    def __init__(self, row_tag: str | None = None):
        super().__init__()
        self.row_tag = row_tag
        self.rows: list = []

    def doctype(self, name, pubid, system):
        raise FileRefused(_("Filen innehåller en DOCTYPE (entiteter) och tas inte emot."))

    def end(self, tag):
        element = super().end(tag)
        if tag == self.row_tag:
            self.rows.append(element)
        return element


def _parser(builder: _NoDoctype) -> ElementTree.XMLParser:
    return ElementTree.XMLParser(target=builder)  # noqa: S314 - the builder refuses a DOCTYPE


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    parser = _parser(_NoDoctype())
    parser.feed(archive.read(name))
    return parser.close()


def _text(element) -> str:
    """A shared or inline string: its ``t``, or the ``t`` of each rich-text run (not the
    phonetic ``rPh``)."""
    plain = element.find(f"{_MAIN}t")
    if plain is not None:
        return plain.text or ""
    return "".join(t.text or "" for t in element.iterfind(f"{_MAIN}r/{_MAIN}t"))


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> set[int]:
    if "xl/styles.xml" not in names:
        return set()
    styles = _xml(archive, "xl/styles.xml")
    formats = dict(BUILTIN_FORMATS)
    for fmt in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
    out = set()
    for index, xf in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        code = formats.get(int(xf.get("numFmtId", 0)))
        if code and is_date_format(code):
            out.add(index)
    return out


def _sheet_rows(data: bytes) -> Iterator[tuple]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        yield from _archive_rows(archive)


def _archive_rows(archive: zipfile.ZipFile) -> Iterator[tuple]:
    names = set(archive.namelist())
    workbook = _xml(archive, "xl/workbook.xml")
    view = workbook.find(f"{_MAIN}bookViews/{_MAIN}workbookView")
    active = int(view.get("activeTab", 0)) if view is not None else 0
    sheet = list(workbook.iterfind(f"{_MAIN}sheets/{_MAIN}sheet"))[active]
    props = workbook.find(f"{_MAIN}workbookPr")
    epoch = (
        CALENDAR_MAC_1904
        if props is not None and props.get("date1904") in {"1", "true"}
        else CALENDAR_WINDOWS_1900
    )
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    target = next(
        r.get("Target")
        for r in rels.iter(f"{_PKG_REL}Relationship")
        if r.get("Id") == sheet.get(f"{_REL}id")
    )
    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    shared = []
    if "xl/sharedStrings.xml" in names:
        shared = [_text(si) for si in _xml(archive, "xl/sharedStrings.xml").iter(f"{_MAIN}si")]
    dates = _date_styles(archive, names)
    yield from _parse_sheet(archive, posixpath.normpath(path), shared, dates, epoch)


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isdigit():
            break
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rows_of(archive, path: str, row_tag: str) -> Iterator[ElementTree.Element]:
    builder = _NoDoctype(row_tag)
    parser = _parser(builder)
    with archive.open(path) as stream:
        while chunk := stream.read(256 * 1024):
            parser.feed(chunk)
            yield from builder.rows
            builder.rows.clear()
    parser.close()
    yield from builder.rows


def _parse_sheet(archive, path, shared, dates, epoch) -> Iterator[tuple]:
    row_tag, cell_tag, v_tag, is_tag = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
    expected = 1
    for row in _rows_of(archive, path, row_tag):
        number = int(row.get("r", expected))
        while expected < number:  # rows missing from the XML are empty rows
            yield ()
            expected += 1
        values: list = []
        for cell in row.iter(cell_tag):
            ref = cell.get("r")
            if ref:
                index = _column(ref)
                if index > len(values):
                    values.extend([None] * (index - len(values)))
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(is_tag)
                values.append(_text(inline) if inline is not None else None)
                continue
            v = cell.find(v_tag)
            raw = v.text if v is not None else None
            if raw is None:
                values.append(None)
            elif kind == "s":
                values.append(shared[int(raw)])
            elif kind == "n":
                number_value = float(raw) if any(c in raw for c in ".eE") else int(raw)
                if int(cell.get("s", 0)) in dates:
                    number_value = from_excel(number_value, epoch)
                values.append(number_value)
            elif kind == "b":
                values.append(raw == "1")
            elif kind == "d":
                values.append(datetime.datetime.fromisoformat(raw))
            else:  # "str" (a formula's text), "e" (an error such as #N/A)
                values.append(raw)
        row.clear()
        expected = number + 1
        yield tuple(values)


def read_rows(filename: str, data: bytes, *, max_rows: int = MAX_ROWS) -> list[list]:
    """The file's rows as lists of cell values (header first), read as a stream that stops at
    the row limit (``max_rows`` + the header)."""
    if filename.lower().endswith(".xlsx"):
        check_archive(data)
        try:
            return _limited(_sheet_rows(data), max_rows + 1)
        except (KeyError, ValueError, IndexError, ElementTree.ParseError):
            pass  # a layout the fast reader does not know: openpyxl reads it (5 times slower)
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
