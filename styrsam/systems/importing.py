"""Import of systems from Excel or CSV (the list municipalities already keep).

All or nothing (convention 5): every row is validated, errors are listed by row and column in
Swedish, and nothing is saved unless every row passes. Rows match existing systems on name;
a row equal to the register changes nothing, so re-importing the same file is a no-op."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from openpyxl import Workbook

from styrsam.core.spreadsheets import FileRefused, RowError
from styrsam.core.spreadsheets import cell_text as _text
from styrsam.core.spreadsheets import read_rows as _read_rows
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import OrgUnit

from . import services
from .models import System

User = get_user_model()

# (column header, field, required, example)
COLUMNS = [
    ("Namn", "name", True, "Lifecare vård och omsorg"),
    ("Beskrivning", "description", False, "Dokumentation inom äldreomsorg och LSS"),
    ("Kategori", "category", True, "Verksamhetssystem"),
    ("Typ av kommungemensamt system", "common_kind", False, ""),
    ("Ägande förvaltning", "owner_unit", True, "vof"),
    ("Systemägare", "owner", False, "eva"),
    ("Systemansvarig", "manager", False, "therese"),
    ("Systemrepresentanter", "representatives", False, ""),
    ("Användande enheter", "using_units", False, "vof, soc"),
    ("Livscykel", "lifecycle", False, "I drift"),
    ("Kritikalitet", "criticality", False, "Större och verksamhetskritiskt"),
    ("Leverantör", "vendor", False, "Tietoevry"),
    ("Avtalet löper ut", "contract_end", False, "2027-12-31"),
    ("Antal användare", "user_count", False, "1400"),
    ("Finansieringsprincip", "financing_principle", False, "Förvaltningen finansierar själv"),
]
HEADERS = [c[0] for c in COLUMNS]
MAX_ROWS = 20_000


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "System"
    sheet.append(HEADERS)
    sheet.append([c[3] for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv() -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerow([c[3] for c in COLUMNS])
    return buffer.getvalue()


def read_rows(filename: str, data: bytes) -> list[list]:
    return _read_rows(filename, data, max_rows=MAX_ROWS)


def _choice(value: str, choices: list[tuple[str, str]]) -> str | None:
    """A code or its Swedish label (case-insensitive) to the code."""
    low = value.lower()
    for code, label in choices:
        if low in {code.lower(), str(label).lower()}:
            return code
    return None


class _RowReader:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.units = {u.code.lower(): u for u in OrgUnit.objects.filter(is_active=True)}
        self.units.update({u.name.lower(): u for u in self.units.values()})
        self.people: dict[str, object] = {}

    def load_people(self, usernames: set[str]) -> None:
        """The active people of the file, by user name, in a few queries (not one per row)."""
        names = sorted(n for n in usernames if n and "\x00" not in n)
        for start in range(0, len(names), 2000):
            chunk = names[start : start + 2000]
            self.people.update(
                {
                    u.get_username(): u
                    for u in User.objects.filter(username__in=chunk, is_active=True)
                }
            )

    def person(self, username: str):
        return self.people.get(username)

    def read(self, cells: dict[str, str], errors: list[tuple[str, str]]) -> dict:
        p = self.policy
        data: dict = {}

        def err(column: str, message: str) -> None:
            errors.append((column, message))

        for header, _field, required, _example in COLUMNS:
            if required and not cells.get(header):
                err(header, _("Värde saknas."))
        data["name"] = cells.get("Namn", "")
        data["description"] = cells.get("Beskrivning", "")
        data["vendor"] = cells.get("Leverantör", "")
        for header, name, choices in [
            ("Kategori", "category", p.system_category_choices()),
            ("Typ av kommungemensamt system", "common_kind", p.common_kind_choices()),
            ("Livscykel", "lifecycle", System.Lifecycle.choices),
            ("Kritikalitet", "criticality", System.Criticality.choices),
            (
                "Finansieringsprincip",
                "financing_principle",
                [(c, v["name"]) for c, v in p.financing_principles().items()],
            ),
        ]:
            raw = cells.get(header, "")
            if not raw:
                continue
            code = _choice(raw, choices)
            if code is None:
                err(
                    header,
                    _("Okänt värde ”%(v)s”. Tillåtna: %(ok)s.")
                    % {"v": raw, "ok": ", ".join(str(lbl) for _c, lbl in choices)},
                )
            else:
                data[name] = code
        raw = cells.get("Ägande förvaltning", "")
        if raw:
            unit = self.units.get(raw.lower())
            if unit is None:
                err(
                    "Ägande förvaltning",
                    _("Ingen enhet har koden eller namnet ”%(v)s”.") % {"v": raw},
                )
            data["owner_unit"] = unit
        data["using_units"] = []
        for code in _split(cells.get("Användande enheter", "")):
            unit = self.units.get(code.lower())
            if unit is None:
                err("Användande enheter", _("Ingen enhet har koden ”%(v)s”.") % {"v": code})
            else:
                data["using_units"].append(unit)
        for header, name in [("Systemägare", "owner"), ("Systemansvarig", "manager")]:
            raw = cells.get(header, "")
            data[name] = self.person(raw) if raw else None
            if raw and data[name] is None:
                err(header, _("Ingen aktiv person har användarnamnet ”%(v)s”.") % {"v": raw})
        data["representatives"] = []
        for username in _split(cells.get("Systemrepresentanter", "")):
            person = self.person(username)
            if person is None:
                err(
                    "Systemrepresentanter",
                    _("Ingen aktiv person har användarnamnet ”%(v)s”.") % {"v": username},
                )
            else:
                data["representatives"].append(person)
        raw = cells.get("Avtalet löper ut", "")
        data["contract_end"] = None
        if raw:
            try:
                data["contract_end"] = datetime.date.fromisoformat(raw[:10])
            except ValueError:
                err("Avtalet löper ut", _("Ange datum som ÅÅÅÅ-MM-DD."))
        raw = cells.get("Antal användare", "")
        data["user_count"] = None
        if raw:
            if raw.isdigit():
                data["user_count"] = int(raw)
            else:
                err("Antal användare", _("Ange ett heltal."))
        return data


def _split(value: str) -> list[str]:
    return [v for v in value.replace(";", ",").replace(",", " ").split() if v]


def import_systems(*, actor, filename: str, data: bytes) -> ImportResult:
    """Validate every row, then save all of them, or none (one transaction, written in bulk:
    ``services.systems_import``)."""
    result = ImportResult()
    try:
        rows = read_rows(filename, data)
    except FileRefused as exc:
        result.errors.append(RowError(1, "", str(exc)))
        return result
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        result.errors.append(
            RowError(1, "", _("Filen kunde inte läsas som Excel (.xlsx) eller CSV."))
        )
        return result
    if not rows:
        result.errors.append(RowError(1, "", _("Filen är tom.")))
        return result
    header = [_text(h) for h in rows[0]]
    missing = [h for h, _f, required, _e in COLUMNS if required and h not in header]
    if missing:
        result.errors.append(RowError(1, ", ".join(missing), _("Kolumnen saknas. Använd mallen.")))
        return result
    reader = _RowReader(get_policy())
    table = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = {h: _text(v) for h, v in zip(header, raw, strict=False) if h}
        if any(cells.values()):
            table.append((number, cells))
    reader.load_people(
        {
            name
            for _n, cells in table
            for name in (
                cells.get("Systemägare", ""),
                cells.get("Systemansvarig", ""),
                *_split(cells.get("Systemrepresentanter", "")),
            )
        }
    )
    seen: dict[str, int] = {}
    valid: list[tuple[int, dict]] = []
    for number, cells in table:
        row_errors: list[tuple[str, str]] = []
        values = reader.read(cells, row_errors)
        name = values.get("name", "")
        if name and name.lower() in seen:
            row_errors.append(("Namn", _("Samma namn som rad %(r)s.") % {"r": seen[name.lower()]}))
        seen[name.lower()] = number
        if row_errors:
            result.errors.extend(RowError(number, c, m) for c, m in row_errors)
        else:
            valid.append((number, values))
    done = services.systems_import(actor=actor, rows=valid, write=not result.errors)
    columns = {f: h for h, f, _r, _e in COLUMNS}
    result.errors.extend(RowError(e.row, columns.get(e.field, ""), e.message) for e in done.errors)
    result.errors.sort(key=lambda e: e.row)
    if not result.errors:
        result.created, result.updated, result.unchanged = (
            done.created,
            done.updated,
            done.unchanged,
        )
    return result
