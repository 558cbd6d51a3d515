"""Export of the rent ledger (Excel and CSV) with the page's month and department, and the
asset and invoice exports after the move to the shared export."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.rental.runs import rent_run
from tests.exports import assert_rows_do_not_add_queries, csv_rows, filename, xlsx_rows
from tests.factories import OrgUnitFactory

from .test_api_and_views import _assets

pytestmark = pytest.mark.django_db

D = datetime.date
SEPTEMBER = {"manad": "2026-09"}
HEADERS = [
    "Månad",
    "Förvaltning",
    "Kod",
    "Typ",
    "Slag",
    "Antal",
    "Hyresdagar",
    "Månadshyra",
    "Belopp (kr)",
    "Körning",
]


@pytest.fixture
def charged(head_of_it, vof, bou, computer, rent_2026):
    _assets(2, asset_type=computer, department=vof, start_date=D(2026, 9, 1))
    _assets(1, asset_type=computer, department=bou, start_date=D(2026, 9, 1))
    rent_run(actor=head_of_it, month=D(2026, 9, 1))


def test_ledger_export_xlsx_of_month_and_department(client, head_of_it, vof, charged):
    client.force_login(head_of_it)
    response = client.get(
        reverse("rental:ledger_export", args=["xlsx"]), {**SEPTEMBER, "department": vof.code}
    )
    assert filename(response) == f"hyresreskontra-{timezone.localdate():%Y-%m-%d}.xlsx"
    rows = xlsx_rows(response)
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    row = rows[1]
    assert row[:4] == ("2026-09", "Vård- och omsorgsförvaltningen", "vof", "Dator")
    assert row[5:9] == (2, 60, 300, 600)  # numbers, not text
    assert isinstance(row[9], datetime.datetime)


def test_ledger_export_csv_with_decimal_comma(client, head_of_it, charged):
    client.force_login(head_of_it)
    rows = csv_rows(client.get(reverse("rental:ledger_export", args=["csv"]), SEPTEMBER))
    assert rows[0] == HEADERS
    assert [r[2] for r in rows[1:]] == ["bou", "vof"]
    assert rows[2][7:9] == ["300,00", "600,00"]
    assert sum(Decimal(r[8].replace(",", ".")) for r in rows[1:]) == Decimal("900.00")


def test_ledger_export_only_the_economists_department(client, economist_vof, charged):
    client.force_login(economist_vof)
    rows = csv_rows(client.get(reverse("rental:ledger_export", args=["csv"]), SEPTEMBER))
    assert [r[2] for r in rows[1:]] == ["vof"]


def test_ledger_export_refused_like_the_page(client, plain_user, head_of_it, charged):
    url = reverse("rental:ledger_export", args=["xlsx"])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(reverse("rental:ledger")).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(head_of_it)
    assert client.get(reverse("rental:ledger_export", args=["pdf"])).status_code == 404


def test_ledger_results_link_to_the_exports_with_the_filter(client, head_of_it, vof, charged):
    client.force_login(head_of_it)
    params = {**SEPTEMBER, "department": vof.code}
    body = client.get(reverse("rental:ledger"), params, HTTP_HX_REQUEST="true").content.decode()
    query = f"?manad=2026-09&amp;department={vof.code}"
    assert reverse("rental:ledger_export", args=["xlsx"]) + query in body
    assert reverse("rental:ledger_export", args=["csv"]) + query in body


def test_ledger_export_query_count_same_for_1_and_20(
    client, head_of_it, computer, rent_2026, django_assert_num_queries
):
    client.force_login(head_of_it)

    def grow(n):
        for _ in range(n):
            unit = OrgUnitFactory()
            _assets(1, asset_type=computer, department=unit, start_date=D(2026, 9, 1))
        rent_run(actor=head_of_it, month=D(2026, 9, 1))

    url = reverse("rental:ledger_export", args=["xlsx"])
    assert_rows_do_not_add_queries(client, url, grow, django_assert_num_queries, SEPTEMBER)


def test_asset_export_keeps_its_columns(client, head_of_it, vof, computer):
    (asset,) = _assets(1, asset_type=computer, department=vof, start_date=D(2026, 9, 1))
    client.force_login(head_of_it)
    rows = xlsx_rows(client.get(reverse("rental:asset_export", args=["xlsx"])))
    assert rows[0] == (
        "Förvaltning",
        "Typ",
        "Inventarienummer",
        "Serienummer",
        "Modell",
        "Användare",
        "Hyrs från",
        "Sista hyresdag",
    )
    assert rows[1][2] == asset.tag and rows[1][6] == datetime.datetime(2026, 9, 1)  # a date cell
    rows = csv_rows(client.get(reverse("rental:asset_export", args=["csv"])))
    assert rows[1][2] == asset.tag


def test_invoice_excel_keeps_the_sum_row_and_csv_has_none(client, head_of_it, charged):
    client.force_login(head_of_it)
    xlsx = client.get(reverse("rental:invoice_export", args=["xlsx"]), SEPTEMBER)
    assert filename(xlsx) == "fakturaunderlag-2026-09.xlsx"
    rows = xlsx_rows(xlsx)
    assert rows[-1][0] == "Summa" and rows[-1][5] == 900
    assert all(v is None for v in rows[-2])  # a blank row before the sum
    rows = csv_rows(client.get(reverse("rental:invoice_export", args=["csv"]), SEPTEMBER))
    assert all(r[0] != "Summa" for r in rows)
