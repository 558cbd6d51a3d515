"""Invoice basis per department and month (G24): totals reconcile exactly with the ledger."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styrsam.rental import services
from styrsam.rental.models import LedgerLine
from styrsam.rental.reports import invoice_basis
from styrsam.rental.runs import rent_run
from tests.exports import body
from tests.factories import RentedAssetFactory

D = datetime.date


@pytest.fixture
def charged(head_of_it, vof, bou, computer, screen, rent_2026):
    """Three months of runs with mid-month starts, a transfer and a late correction."""
    a = RentedAssetFactory(asset_type=computer, department=vof, start_date=D(2026, 7, 3))
    RentedAssetFactory(asset_type=screen, department=vof, start_date=D(2026, 8, 17))
    RentedAssetFactory(asset_type=computer, department=bou, start_date=D(2026, 1, 1))
    for m in (8, 9):
        rent_run(actor=head_of_it, month=D(2026, m, 1))
    services.asset_transfer(actor=head_of_it, asset=a, to_department=bou, date=D(2026, 9, 11))
    for m in (9, 10):
        rent_run(actor=head_of_it, month=D(2026, m, 1))
    return a


def _ledger_sum(**filters) -> Decimal:
    return sum(LedgerLine.objects.filter(**filters).values_list("amount", flat=True), Decimal(0))


@pytest.mark.rule("G24")
def test_g24_invoice_basis_reconciles_with_the_ledger(head_of_it, charged, vof, bou):
    for month in (D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1)):
        report = invoice_basis(user=head_of_it, month=month)
        assert report["total"] == _ledger_sum(month=month)
        for unit in (vof, bou):
            assert report["department_totals"].get(unit.name, Decimal(0)) == _ledger_sum(
                month=month, department=unit
            )
    ytd = invoice_basis(user=head_of_it, month=D(2026, 10, 1), year_to_date=True)
    assert ytd["total"] == _ledger_sum()
    assert LedgerLine.objects.filter(kind="correction").exists()


@pytest.mark.rule("G24")
def test_g24_department_economist_sees_own_department_only(
    head_of_it, economist_vof, charged, vof, bou
):
    report = invoice_basis(user=economist_vof, month=D(2026, 9, 1))
    assert set(report["department_totals"]) == {vof.name}
    assert report["total"] == _ledger_sum(month=D(2026, 9, 1), department=vof)
    # asking for another department gives nothing
    other = invoice_basis(user=economist_vof, month=D(2026, 9, 1), department=bou.pk)
    assert other["rows"] == []


@pytest.mark.rule("G24")
def test_g24_csv_and_excel_exports_reconcile(client, economist_vof, charged, vof):
    client.force_login(economist_vof)
    response = client.get(reverse("rental:invoice_export", args=["csv"]), {"manad": "2026-09"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    total = sum(Decimal(r[5].replace(",", ".")) for r in rows[1:])
    assert total == _ledger_sum(month=D(2026, 9, 1), department=vof)
    response = client.get(reverse("rental:invoice_export", args=["xlsx"]), {"manad": "2026-09"})
    sheet = load_workbook(io.BytesIO(body(response))).active
    amounts = [
        row[5]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] and row[0] != "Summa"
    ]
    assert Decimal(str(round(sum(amounts), 2))) == _ledger_sum(month=D(2026, 9, 1), department=vof)


def test_invoice_page_for_persona(client, head_of_it, economist_vof, plain_user, charged):
    url = reverse("rental:invoice") + "?manad=2026-09"
    client.force_login(head_of_it)
    assert client.get(url).status_code == 200
    client.force_login(economist_vof)
    page = client.get(url).content.decode()
    assert "Vård- och omsorgsförvaltningen" in page
    assert "Barn- och utbildningsförvaltningen</td>" not in page
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
