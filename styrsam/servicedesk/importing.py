"""Import of the service desk's catalogue from Excel or CSV (issue 21 item 3): one row per
article, as a municipality keeps its price list.

The layout (docs/decisions/0019-organisation-import.md; Swedish headers, any order, any case):

    namn  slag  beskrivning  hyrs  utrustningstyp  system  pris  aktiv

All or nothing: every row is checked first, with the same checks as the article page
(``services.validate_item``: a rented article names an asset type, G08; a system permission
names a system of the register); one error and nothing is saved. Rows match articles on their
name (any case): a row equal to what is stored changes nothing, so importing the same file
again changes nothing; an empty cell leaves the stored value as it is. Each created or
changed article goes through ``services.catalogue_item_save`` (audited, G07). Only those who
manage the catalogue (the policy's ``orders.catalogue_managed_by``, or the coordinator) may
import."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.errors import ServiceError
from styrsam.core.spreadsheets import Column, ImportResult, read_table
from styrsam.rental.models import AssetType
from styrsam.systems.models import System

from . import services
from .models import CatalogueItem

RULE = "G07"
MAX_ROWS = 5_000  # a catalogue holds hundreds of articles
_MAX_PRICE = Decimal("9999999999.99")  # max_digits 12, decimal_places 2

COLUMNS = [
    Column(
        "namn",
        True,
        gettext_lazy("Artikelns namn; matchar en befintlig artikel"),
        "Bärbar dator",
        200,
    ),
    Column(
        "slag",
        True,
        gettext_lazy(
            "Dator, Skärm, Skrivare, Telefon och abonnemang, Systembehörighet eller Övrigt"
        ),
        "Dator",
        40,
    ),
    Column("beskrivning", False, gettext_lazy("Beskrivning för den som beställer"), "", 2000),
    Column("hyrs", False, gettext_lazy("Ja om IT-enheten hyr ut den (G08), annars nej"), "ja", 10),
    Column(
        "utrustningstyp",
        False,
        gettext_lazy("Utrustningstypens kod eller namn; krävs för en hyrd artikel"),
        "computer",
        120,
    ),
    Column(
        "system",
        False,
        gettext_lazy("Systemets namn i systemförteckningen; krävs för en systembehörighet"),
        "",
        200,
    ),
    Column("pris", False, gettext_lazy("Inköpspris i kronor"), "12000", 20),
    Column("aktiv", False, gettext_lazy("Nej tar artikeln ur katalogen"), "ja", 10),
]
HEADERS = [c.header for c in COLUMNS]
_YES = {"ja", "j", "yes", "true", "1", "x"}
_NO = {"nej", "n", "no", "false", "0"}


def _kind(value: str) -> str | None:
    low = value.lower()
    for code, label in CatalogueItem.Kind.choices:
        if low in {code, str(label).lower()}:
            return code
    return None


def _flag(value: str) -> bool | None:
    low = value.lower()
    return True if low in _YES else False if low in _NO else None


def _price(value: str) -> Decimal | None:
    text = value.replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("kr")
    try:
        price = Decimal(text)
    except InvalidOperation:
        return None
    if not price.is_finite() or price < 0 or price > _MAX_PRICE or price != round(price, 2):
        return None
    return price.quantize(Decimal("0.01"))


class _Reader:
    """Turns each row into the fields of an article, checked against what is stored."""

    def __init__(self, result: ImportResult, rows: list[tuple[int, dict[str, str]]]):
        self.result = result
        self.items = {i.name.lower(): i for i in CatalogueItem.objects.all()}
        self.asset_types = {}
        for t in AssetType.objects.all():
            self.asset_types[t.name.lower()] = t
            self.asset_types[t.code.lower()] = t
        names = {cells["system"] for _n, cells in rows if "system" in cells}
        self.systems = {s.name.lower(): s for s in System.objects.filter(name__in=sorted(names))}
        self.seen: dict[str, int] = {}
        # (row, stored item or None, the fields to write)
        self.changes: list[tuple[int, CatalogueItem | None, dict]] = []

    def err(self, row: int, column: str, message: str) -> None:
        self.result.error(row, column, message)

    def read(self, number: int, cells: dict[str, str]) -> None:
        errors = len(self.result.errors)
        name = cells.get("namn", "")
        item = None
        if not name:
            self.err(number, "namn", _("Värde saknas."))
        elif name.lower() in self.seen:
            self.err(
                number, "namn", _("Samma namn som rad %(r)s.") % {"r": self.seen[name.lower()]}
            )
        else:
            self.seen[name.lower()] = number
            item = self.items.get(name.lower())
        fields = self._fields(number, cells)
        if len(self.result.errors) > errors:
            return
        if item is not None and item.name != name or item is None:
            fields["name"] = name
        values = {f: getattr(item, f) for f in CatalogueItem.AUDITED_FIELDS} if item else {}
        if item is None:
            values = {"rented": False, "asset_type": None, "system": None, "price": 0}
        values.update(fields)
        try:
            services.validate_item(values)
        except ServiceError as exc:
            column = {
                "kind": "slag",
                "asset_type": "utrustningstyp",
                "system": "system",
                "price": "pris",
            }
            self.err(number, column.get(getattr(exc, "field", ""), "namn"), exc.detail)
            return
        changed = {f: v for f, v in fields.items() if item is None or getattr(item, f) != v}
        if item is None:
            self.result.created["items"] += 1
        elif changed:
            self.result.updated["items"] += 1
        else:
            self.result.unchanged += 1
            return
        self.changes.append((number, item, changed))

    def _fields(self, number: int, cells: dict[str, str]) -> dict:
        fields: dict = {}
        if "slag" in cells:
            kind = _kind(cells["slag"])
            if kind is None:
                self.err(number, "slag", _("Okänt slag ”%(v)s”.") % {"v": cells["slag"]})
            else:
                fields["kind"] = kind
        else:
            self.err(number, "slag", _("Värde saknas."))
        if "beskrivning" in cells:
            fields["description"] = cells["beskrivning"]
        for header, name in (("hyrs", "rented"), ("aktiv", "is_active")):
            if header in cells:
                flag = _flag(cells[header])
                if flag is None:
                    self.err(number, header, _("Skriv ja eller nej."))
                else:
                    fields[name] = flag
        if "utrustningstyp" in cells:
            asset_type = self.asset_types.get(cells["utrustningstyp"].lower())
            if asset_type is None:
                self.err(
                    number,
                    "utrustningstyp",
                    _("Okänd utrustningstyp ”%(v)s”.") % {"v": cells["utrustningstyp"]},
                )
            else:
                fields["asset_type"] = asset_type
        if "system" in cells:
            system = self.systems.get(cells["system"].lower())
            if system is None:
                self.err(
                    number,
                    "system",
                    _("Systemet ”%(v)s” finns inte i systemförteckningen.")
                    % {"v": cells["system"]},
                )
            else:
                fields["system"] = system
        if "pris" in cells:
            price = _price(cells["pris"])
            if price is None:
                self.err(number, "pris", _("Ange priset i kronor, t.ex. 12000 eller 12 000,50."))
            else:
                fields["price"] = price
        return fields


def import_catalogue(*, actor, filename: str, data: bytes, dry_run: bool = False) -> ImportResult:
    """Check every row; unless ``dry_run`` and when no row has an error, save them all (one
    transaction). ``actor`` must manage the catalogue (403, G07)."""
    services.require_catalogue_manager(actor=actor)
    result = ImportResult.counting(created=("items",), updated=("items",), dry_run=dry_run)
    rows = list(read_table(filename, data, columns=COLUMNS, result=result, max_rows=MAX_ROWS))
    if result.errors:
        return result
    reader = _Reader(result, rows)
    for number, cells in rows:
        reader.read(number, cells)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for number, item, fields in reader.changes:
            try:
                services.catalogue_item_save(actor=actor, item=item, **fields)
            except ServiceError as exc:  # changed since the rows were checked: nothing is saved
                result.error(number, "namn", exc.detail)
                transaction.set_rollback(True)
                return result
    return result
