"""Import of the service desk's catalogue from Excel or CSV (issue 21 item 3): all or nothing,
safe to re-run, audited, only for those who manage the catalogue (the policy's
``orders.catalogue_managed_by``, G07). Runs on the policy of ``STYRSAM_TEST_POLICY``."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from styrsam.core.errors import NotAllowed
from styrsam.core.models import AuditEntry
from styrsam.servicedesk.importing import HEADERS, import_catalogue
from styrsam.servicedesk.models import CatalogueItem
from tests.factories import AssetTypeFactory, SystemFactory, UserFactory, person_with_role
from tests.organisation.test_import import _csv, _xlsx, kommun_policy  # noqa: F401 - fixture


@pytest.fixture
def manager(kommun_policy):  # noqa: F811 - the fixture imported above
    return person_with_role(kommun_policy.catalogue_manager_roles()[0], username="katalog")


@pytest.fixture
def catalogue_data(db):
    AssetTypeFactory(code="computer", name="Dator")
    SystemFactory(name="Procapita")


def _rows():
    return [
        {
            "namn": "Bärbar dator",
            "slag": "Dator",
            "beskrivning": "14 tum, dockningsstation ingår",
            "hyrs": "ja",
            "utrustningstyp": "computer",
            "pris": "12 000,50",
        },
        {"namn": "Behörighet Procapita", "slag": "Systembehörighet", "system": "Procapita"},
        {"namn": "Headset", "slag": "other", "hyrs": "nej", "pris": "450", "aktiv": "ja"},
    ]


def _state():
    return (CatalogueItem.objects.count(), AuditEntry.objects.count())


@pytest.mark.rule("G07")
def test_g07_import_creates_articles_each_audited(manager, catalogue_data):
    result = import_catalogue(actor=manager, filename="katalog.xlsx", data=_xlsx(_rows(), HEADERS))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == ({"items": 3}, {"items": 0}, 0)
    laptop = CatalogueItem.objects.get(name="Bärbar dator")
    assert (laptop.kind, laptop.rented, laptop.asset_type.code, laptop.price) == (
        "computer",
        True,
        "computer",
        Decimal("12000.50"),
    )
    assert CatalogueItem.objects.get(name="Behörighet Procapita").system.name == "Procapita"
    assert AuditEntry.objects.filter(action="catalogue.create", actor=manager).count() == 3


@pytest.mark.rule("G07")
def test_g07_importing_the_same_file_again_changes_nothing(manager, catalogue_data):
    data = _csv(_rows(), HEADERS)
    import_catalogue(actor=manager, filename="katalog.csv", data=data)
    before = _state()
    again = import_catalogue(actor=manager, filename="katalog.csv", data=data)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == ({"items": 0}, {"items": 0}, 3)
    assert _state() == before


@pytest.mark.rule("G07")
def test_g07_a_changed_row_updates_the_article_and_an_empty_cell_keeps_the_stored_value(
    manager, catalogue_data
):
    import_catalogue(actor=manager, filename="katalog.csv", data=_csv(_rows(), HEADERS))
    rows = _rows()
    rows[2] = {"namn": "headset", "slag": "Övrigt", "pris": "500", "aktiv": "nej"}
    result = import_catalogue(actor=manager, filename="katalog.csv", data=_csv(rows, HEADERS))
    assert (result.created, result.updated, result.unchanged) == ({"items": 0}, {"items": 1}, 2)
    item = CatalogueItem.objects.get(name="headset")  # matched in any case, renamed to the file's
    assert (item.price, item.is_active, item.rented) == (Decimal("500.00"), False, False)
    entry = AuditEntry.objects.get(action="catalogue.update")
    assert set(entry.after) == {"name", "price", "is_active"}


@pytest.mark.rule("G08")
@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"utrustningstyp": ""}, "utrustningstyp", "Hyrd utrustning måste ha en utrustningstyp"),
        ({"slag": "Surfplatta"}, "slag", "Okänt slag ”Surfplatta”."),
        ({"pris": "tolv"}, "pris", "Ange priset i kronor"),
        ({"pris": "-5"}, "pris", "Värdet får inte börja med"),
        ({"hyrs": "kanske"}, "hyrs", "Skriv ja eller nej."),
        ({"utrustningstyp": "tablet"}, "utrustningstyp", "Okänd utrustningstyp ”tablet”."),
        ({"namn": "Headset"}, "namn", "Samma namn som rad 2."),
        ({"beskrivning": "=HYPERLINK(1)"}, "beskrivning", "det kan vara en formel"),
    ],
)
def test_g08_a_bad_row_refuses_the_whole_file(manager, catalogue_data, change, column, message):
    rows = _rows()
    rows[0].update(change)
    before = _state()
    result = import_catalogue(actor=manager, filename="katalog.csv", data=_csv(rows, HEADERS))
    assert not result.ok
    assert [e.column for e in result.errors] == [column]  # row 2, or 4 for the repeated name
    assert message in result.errors[0].message
    assert _state() == before


def test_a_system_permission_names_a_system_of_the_register(manager, catalogue_data):
    rows = _rows()
    rows[1]["system"] = "Okänt system"
    result = import_catalogue(actor=manager, filename="k.csv", data=_csv(rows, HEADERS))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "system", "Systemet ”Okänt system” finns inte i systemförteckningen.")
    ]
    assert CatalogueItem.objects.count() == 0


def test_missing_columns_are_named(manager):
    result = import_catalogue(actor=manager, filename="k.csv", data=_csv([], ["namn", "pris"]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "slag")]


def test_dry_run_counts_but_saves_nothing(manager, catalogue_data):
    before = _state()
    result = import_catalogue(
        actor=manager, filename="k.csv", data=_csv(_rows(), HEADERS), dry_run=True
    )
    assert result.ok and result.created == {"items": 3}
    assert _state() == before


@pytest.mark.rule("G07")
def test_g07_only_those_who_manage_the_catalogue_may_import(kommun_policy, catalogue_data):  # noqa: F811
    before = _state()
    with pytest.raises(NotAllowed):
        import_catalogue(
            actor=UserFactory(username="anstalld"), filename="k.csv", data=_csv(_rows(), HEADERS)
        )
    assert _state() == before


# --- the API ---------------------------------------------------------------------------------


def _upload(client, data: bytes, name="katalog.csv", **extra):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("api-catalogue-import"), {"file": file, **extra}, format="multipart")


@pytest.mark.rule("G07")
def test_g07_api_import_with_dry_run_then_for_real(api_client, manager, catalogue_data):
    api_client.force_authenticate(manager)
    data = _csv(_rows(), HEADERS)
    dry = _upload(api_client, data, dry_run="true")
    assert dry.status_code == 200
    assert dry.json() == {
        "dry_run": True,
        "rows": 3,
        "created": {"items": 3},
        "updated": {"items": 0},
        "unchanged": 0,
    }
    assert CatalogueItem.objects.count() == 0
    assert _upload(api_client, data).status_code == 200
    assert CatalogueItem.objects.count() == 3
    assert _upload(api_client, data).json()["unchanged"] == 3


@pytest.mark.rule("G08")
def test_g08_api_import_errors_as_json_rows(api_client, manager, catalogue_data):
    api_client.force_authenticate(manager)
    rows = _rows()
    rows[0]["utrustningstyp"] = ""
    before = _state()
    response = _upload(api_client, _csv(rows, HEADERS))
    assert response.status_code == 400
    assert response.json() == {
        "code": "import_invalid",
        "detail": "Ingenting importerades: 1 fel.",
        "rule": "G07",
        "errors": {
            "2": [
                {
                    "column": "utrustningstyp",
                    "message": "Hyrd utrustning måste ha en utrustningstyp (G08).",
                }
            ]
        },
    }
    assert _state() == before


@pytest.mark.rule("G07")
def test_g07_api_import_refuses_an_employee_and_anonymous(api_client, kommun_policy):  # noqa: F811
    data = _csv(_rows(), HEADERS)
    assert _upload(api_client, data).status_code == 401
    api_client.force_authenticate(UserFactory(username="anstalld"))
    response = _upload(api_client, data)
    assert response.status_code == 403
    assert CatalogueItem.objects.count() == 0


def test_api_import_is_in_the_openapi_schema(client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/catalogue/import/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]


# --- the page: upload → preview → confirm ------------------------------------------------------


@pytest.mark.rule("G07")
def test_g07_page_upload_preview_confirm(client, manager, catalogue_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager)
    url = reverse("servicedesk:catalogue_import")
    assert client.get(url).status_code == 200
    file = io.BytesIO(_xlsx(_rows(), HEADERS))
    file.name = "katalog.xlsx"
    preview = client.post(url, {"file": file})
    assert preview.status_code == 200
    assert "Förhandsvisning" in preview.content.decode()
    assert CatalogueItem.objects.count() == 0
    done = client.post(url, {"token": client.session["catalogue_import"]["token"]})
    assert done.status_code == 302
    assert CatalogueItem.objects.count() == 3
    assert not list(tmp_path.rglob("*.xlsx"))  # the stored upload is removed


def test_page_shows_row_errors_in_swedish(client, manager, catalogue_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(manager)
    rows = _rows()
    rows[2]["slag"] = "Surfplatta"
    file = io.BytesIO(_csv(rows, HEADERS))
    file.name = "katalog.csv"
    response = client.post(reverse("servicedesk:catalogue_import"), {"file": file})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting sparades" in html and "Okänt slag ”Surfplatta”." in html
    assert CatalogueItem.objects.count() == 0
    assert "catalogue_import" not in client.session


def test_page_and_template_refuse_an_employee(client, kommun_policy):  # noqa: F811
    client.force_login(UserFactory(username="anstalld"))
    assert client.get(reverse("servicedesk:catalogue_import")).status_code == 403
    template = reverse("servicedesk:catalogue_import_template", args=["xlsx"])
    assert client.get(template).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_imports_as_it_is(client, manager, catalogue_data, fmt):
    client.force_login(manager)
    response = client.get(reverse("servicedesk:catalogue_import_template", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="katalogmall.{fmt}"'
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == HEADERS
    result = import_catalogue(actor=manager, filename=f"mall.{fmt}", data=response.content)
    assert result.ok, result.errors
    assert result.created == {"items": 1}
