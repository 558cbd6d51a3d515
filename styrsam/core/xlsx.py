"""A streaming Excel (.xlsx) writer for the exports (``core.exports.workbook_response``).

Issue 18: openpyxl's write-only mode builds an element per cell through ``et_xmlfile`` (lxml
is not installed), about 5 µs a cell: 60,000 rows of eight columns took ~2.8 s of CPU on
their own. This module writes the same workbook — what openpyxl reads back is the same values,
types, number formats, bold frozen header, column widths and quote-prefixed formula-like text —
as plain SpreadsheetML strings straight into the zip file, row by row (no row is kept).

Only what the exports write: one or more worksheets of values (text as inline strings,
numbers, booleans, dates and times as serial numbers with their formats), a bold header row
frozen below it, column widths. Text is XML-escaped; the control characters XML cannot hold
(openpyxl refuses them with ``IllegalCharacterError``) become U+FFFD; text longer than
Excel's 32,767 characters is cut there, as openpyxl does."""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from .exports import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    FORMULA_STARTS,
    is_formula_like,
    local_datetime,
)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# cellXfs of styles.xml, by index
_PLAIN, _BOLD, _BOLD_INERT, _MONEY, _DATE, _DATETIME, _TIME, _INERT = range(8)
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
    "</fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' quotePrefix="1"/>'
    # 4: Excel's built-in "#,##0.00" (MONEY_FORMAT); 21: "h:mm:ss", openpyxl's for a time
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_FORMULA_STARTS = FORMULA_STARTS
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_MAX_TEXT = 32767
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _text(value: str) -> str:
    """The ``<is>`` of an inline string."""
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if "&" in value or "<" in value or ">" in value:
        value = value.translate(_ESCAPES)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _cell(ref: str, value) -> str:
    """One ``<c>`` element of a row; ``""`` for an empty cell (not written, as openpyxl)."""
    kind = type(value)
    if kind is str:
        if not value:
            return f'<c r="{ref}" t="inlineStr"/>'  # as openpyxl writes it: an empty cell
        if value.startswith(_FORMULA_STARTS):
            return f'<c r="{ref}" s="{_INERT}" t="inlineStr">{_text(value)}</c>'
        return f'<c r="{ref}" t="inlineStr">{_text(value)}</c>'
    if value is None:
        return ""
    if kind is int or kind is float:
        return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind is Decimal:
        return f'<c r="{ref}" s="{_MONEY}" t="n"><v>{float(value)!r}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = to_excel(local_datetime(value))
        return f'<c r="{ref}" s="{_DATETIME}" t="n"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{_DATE}" t="n"><v>{to_excel(value)!r}</v></c>'
    if isinstance(value, datetime.time):
        return f'<c r="{ref}" s="{_TIME}" t="n"><v>{to_excel(value)!r}</v></c>'
    if isinstance(value, bool):
        return _cell(ref, bool(value))
    if isinstance(value, int | float):  # a subclass (an IntEnum): its number
        return _cell(ref, float(value) if isinstance(value, float) else int(value))
    return _cell(ref, _plain_str(value))


def _header_cell(ref: str, value) -> str:
    """A header cell: bold; text, or a number (a year) as a number."""
    if value is None:
        return f'<c r="{ref}" s="{_BOLD}"/>'
    if type(value) is int or type(value) is float:
        return f'<c r="{ref}" s="{_BOLD}" t="n"><v>{value!r}</v></c>'
    text = _plain_str(value)
    style = _BOLD_INERT if is_formula_like(text) else _BOLD
    return f'<c r="{ref}" s="{style}" t="inlineStr">{_text(text)}</c>'


def _plain_str(value) -> str:
    """The text of a value as an exact ``str`` (a ``SafeString``'s ``str()`` is itself)."""
    return str.__str__(value) if isinstance(value, str) else str(value)


def _letters(letters: list[str], count: int) -> list[str]:
    """Column letters by index (0 → ``A``), grown to ``count`` columns."""
    while len(letters) < count:
        letters.append(get_column_letter(len(letters) + 1))
    return letters


def _sheet_xml(out, header: Sequence, rows: Iterable[Sequence], widths: dict[int, float]):
    """The worksheet's XML written to the binary stream ``out`` (rows one at a time)."""
    letters: list[str] = []
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in sorted(widths.items())
    )
    out.write(
        (
            f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        ).encode()
    )
    _letters(letters, len(header))
    cells = "".join(_header_cell(f"{letters[i]}1", value) for i, value in enumerate(header))
    out.write(f'<row r="1">{cells}</row>'.encode())
    buffer: list[str] = []
    for number, row in enumerate(rows, start=2):
        if len(row) > len(letters):
            _letters(letters, len(row))
        suffix = str(number)
        buffer.append(
            f'<row r="{suffix}">'
            + "".join([_cell(letters[i] + suffix, value) for i, value in enumerate(row)])
            + "</row>"
        )
        if len(buffer) >= 500:
            out.write("".join(buffer).encode())
            buffer = []
    out.write(("".join(buffer) + "</sheetData></worksheet>").encode())


def write_workbook(out, sheets: Sequence[tuple[str, Sequence, Iterable[Sequence], dict]]):
    """An .xlsx of ``sheets`` — ``(title, header, rows, {column number: width})``, the title
    already valid for Excel — written to the binary file ``out``. The package's parts come
    first (``[Content_Types].xml`` the first entry, as file-type sniffers expect), then the
    worksheets, each streamed."""
    sheets = list(sheets) or [("Blad1", [], [], {})]  # a workbook has at least one sheet
    titles: list[str] = []
    for title, *_rest in sheets:
        titles.append(_unique(title, titles))
    numbers = range(1, len(titles) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in numbers
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in numbers
    )
    entries = "".join(
        f'<sheet name={quoteattr(t)} sheetId="{n}" r:id="rId{n}"/>'
        for n, t in zip(numbers, titles, strict=True)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{entries}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{len(titles) + 1}" Type="{_REL}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        archive.writestr("xl/styles.xml", _STYLES)
        for number, (_title, header, rows, widths) in zip(numbers, sheets, strict=True):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
                _sheet_xml(part, header, rows, widths)


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
