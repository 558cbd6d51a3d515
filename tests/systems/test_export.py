"""Export of the current filtered list (Excel and CSV)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.exports import body
from tests.factories import SystemCostFactory, SystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_systems(vof, bou):
    SystemFactory(name="Lifecare", owner_unit=vof, vendor="Tietoevry")
    unikum = SystemFactory(name="Unikum", owner_unit=bou, vendor="Unikum AB")
    SystemCostFactory(system=unikum, amount=777777)


def test_export_xlsx_of_filtered_list(client, plain_user, two_systems):
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_export", args=["xlsx"]), {"owner_unit": "bou"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Namn"
    assert [r[0] for r in rows[1:]] == ["Unikum"]
    assert rows[1][3] == "Barn- och utbildningsförvaltningen"


def test_export_csv_of_filtered_list(client, plain_user, two_systems):
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_export", args=["csv"]), {"q": "life"})
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Namn"
    assert [r[0] for r in rows[1:]] == ["Lifecare"]
    assert "777777" not in text  # costs are confidential and never exported


def test_export_unknown_format_is_404(client, plain_user, two_systems):
    client.force_login(plain_user)
    assert client.get(reverse("systems:system_export", args=["pdf"])).status_code == 404
