"""Import of systems: template, row-by-row validation, all-or-nothing, idempotent."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrsam.core.models import AuditEntry
from styrsam.systems.importing import HEADERS, import_systems
from styrsam.systems.models import System

pytestmark = pytest.mark.django_db


def _csv(*rows) -> bytes:
    lines = [";".join(HEADERS)]
    for row in rows:
        cells = dict.fromkeys(HEADERS, "")
        cells.update(row)
        lines.append(";".join(cells[h] for h in HEADERS))
    return ("\n".join(lines) + "\n").encode("utf-8")


LIFECARE = {
    "Namn": "Lifecare",
    "Kategori": "Verksamhetssystem",
    "Ägande förvaltning": "vof",
    "Systemägare": "eva",
    "Användande enheter": "vof, bou",
    "Livscykel": "I drift",
    "Kritikalitet": "Större och verksamhetskritiskt",
    "Leverantör": "Tietoevry",
    "Avtalet löper ut": "2027-12-31",
    "Antal användare": "1400",
}
UNIKUM = {"Namn": "Unikum", "Kategori": "business", "Ägande förvaltning": "bou"}


def test_import_creates_systems(it_strategist, owner, vof, bou):
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE, UNIKUM))
    assert result.ok, result.errors
    assert sorted(result.created) == ["Lifecare", "Unikum"]
    lifecare = System.objects.get(name="Lifecare")
    assert lifecare.owner == owner and lifecare.user_count == 1400
    assert lifecare.criticality == "larger_critical"
    assert sorted(u.code for u in lifecare.using_units.all()) == ["bou", "vof"]


def test_reimporting_the_same_file_changes_nothing(it_strategist, owner, vof, bou):
    data = _csv(LIFECARE, UNIKUM)
    import_systems(actor=it_strategist, filename="s.csv", data=data)
    entries = AuditEntry.objects.count()
    result = import_systems(actor=it_strategist, filename="s.csv", data=data)
    assert result.ok and sorted(result.unchanged) == ["Lifecare", "Unikum"]
    assert AuditEntry.objects.count() == entries


def test_import_updates_by_name(it_strategist, owner, vof, bou):
    import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE))
    result = import_systems(
        actor=it_strategist, filename="s.csv", data=_csv({**LIFECARE, "Leverantör": "CGI"})
    )
    assert result.updated == ["Lifecare"]
    assert System.objects.get(name="Lifecare").vendor == "CGI"


def test_import_is_all_or_nothing_with_errors_by_row_and_column(it_strategist, owner, vof, bou):
    bad = {
        "Namn": "Trasig",
        "Kategori": "Okänd",
        "Ägande förvaltning": "xyz",
        "Antal användare": "många",
    }
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE, bad))
    assert not result.ok
    assert not System.objects.exists()
    where = {(e.row, e.column) for e in result.errors}
    assert {(3, "Kategori"), (3, "Ägande förvaltning"), (3, "Antal användare")} <= where
    assert any("Okänt värde" in e.message for e in result.errors)


@pytest.mark.rule("G18")
def test_g18_import_of_two_finance_systems_refused(it_strategist, vof):
    a = {
        "Namn": "Raindance",
        "Kategori": "Kommungemensamt system",
        "Typ av kommungemensamt system": "Ekonomisystem",
        "Ägande förvaltning": "vof",
        "Finansieringsprincip": "allocated",
    }
    b = {**a, "Namn": "Agresso"}
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(a, b))
    assert not result.ok
    assert result.errors[0].row == 3
    assert "G18" in result.errors[0].message
    assert not System.objects.exists()


def test_import_reads_xlsx_template(client, it_strategist, vof):
    client.force_login(it_strategist)
    response = client.get(reverse("systems:import_template", args=["xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == HEADERS
    sheet.delete_rows(2)
    sheet.append(["Ecos", "", "Verksamhetssystem", "", "vof"])
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("system.xlsx", out.getvalue())
    response = client.post(reverse("systems:system_import"), {"file": upload})
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert System.objects.filter(name="Ecos").exists()


def test_import_page_only_for_the_it_strategist(client, owner):
    client.force_login(owner)
    assert client.get(reverse("systems:system_import")).status_code == 403


def test_import_page_shows_errors(client, it_strategist, vof):
    client.force_login(it_strategist)
    upload = SimpleUploadedFile(
        "s.csv", _csv({"Namn": "X", "Kategori": "?", "Ägande förvaltning": "vof"})
    )
    response = client.post(reverse("systems:system_import"), {"file": upload})
    assert response.status_code == 400
    assert "Ingenting sparades" in response.content.decode()
