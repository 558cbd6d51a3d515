"""Every Excel and CSV export of the product writes hostile text inert and keeps numbers and
dates typed (issue #12, OWASP CSV injection). The demo municipality is loaded once, then the
names that exports show are renamed to formulas."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from tests.demo_fixture import demo_in_a_rolled_back_transaction
from tests.exports import body, csv_rows

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1", "\t=1", "\r=1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _hostile(index: int, pk) -> str:
    base = HOSTILE[index % len(HOSTILE)]
    return base if index < len(HOSTILE) else f"{base} {pk}"


def _rename(queryset, **fields) -> None:
    for index, obj in enumerate(queryset.order_by("pk")):
        type(obj).objects.filter(pk=obj.pk).update(
            **{name: _hostile(index, obj.pk) for name in fields}
        )


@pytest.fixture(scope="module")
def hostile_demo(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model

    from styrsam.cases.models import Case
    from styrsam.organisation.models import GovernanceGroup, OrgUnit, Profile
    from styrsam.rental.models import AssetType, LedgerLine, RentedAsset
    from styrsam.servicedesk.models import CatalogueItem
    from styrsam.systems.models import System

    with demo_in_a_rolled_back_transaction(django_db_blocker):
        _rename(System.objects.all(), name=True, vendor=True)
        _rename(OrgUnit.objects.all(), name=True)
        _rename(GovernanceGroup.objects.all(), name=True)
        _rename(Case.objects.all(), title=True)
        _rename(CatalogueItem.objects.all(), name=True)
        _rename(AssetType.objects.all(), name=True)
        _rename(RentedAsset.objects.all(), model=True)
        _rename(Profile.objects.all(), title=True)
        _rename(get_user_model().objects.exclude(username="admin"), first_name=True)
        from styrsam.followup.models import Instrument, Panel, Question, Survey

        _rename(Instrument.objects.all(), name=True)
        _rename(Survey.objects.all(), title=True)
        _rename(Question.objects.all(), text=True)
        _rename(Panel.objects.all(), name=True)
        month = LedgerLine.objects.order_by("-month").values_list("month", flat=True).first()
        yield {"ledger_month": f"{month:%Y-%m}"}


#: Query parameters every export gets, so that month- and year-bound ones have data; a list
#: ignores those it does not know.
COMMON_QUERY = "manad={month}&ar={year}&year={year}&active=&include_inactive=true"

#: Exports whose cells hold no text a user typed (amounts, years, statuses): nothing to neutralise.
WITHOUT_FREE_TEXT = {"finance:budget_export"}

#: Exports with neither dates nor amounts (counts and shares are numbers, checked above).
# exports with neither dates nor money: a survey's workbook, the asset types (code and name)
WITHOUT_DATES_OR_MONEY = {"followup:survey_workbook", "rental:asset_type_export"}

#: Exports that need an object of the demo: url name -> (model path, kwarg).
OBJECT_EXPORTS = {
    "followup:round_workbook": ("styrsam.followup.models.AssessmentRound", "pk"),
    "followup:survey_workbook": ("styrsam.followup.models.Survey", "pk"),
}


def _export_patterns() -> list[str]:
    """The names of every export URL of the product: ``*_export*`` patterns taking a format,
    and the workbooks of one object (``OBJECT_EXPORTS``). Found from the URL configuration,
    so a new export cannot be left out of these tests."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names = []

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                if (
                    "_export" in pattern.name
                    and set(pattern.pattern.converters) == {"fmt"}
                    or name in OBJECT_EXPORTS
                ):
                    names.append(name)

    walk(get_resolver())
    return sorted(names)


EXPORTS = [(name, fmt) for name in _export_patterns() for fmt in ("xlsx", "csv")]
XLSX = [name for name, fmt in EXPORTS if fmt == "xlsx"]


def _url(name: str, demo, fmt: str = "xlsx") -> str | None:
    """The export's URL with the common query; ``None`` for a format it does not offer."""
    from django.apps import apps
    from django.urls import reverse

    if name in OBJECT_EXPORTS:
        if fmt != "xlsx":
            return None
        model_path, kwarg = OBJECT_EXPORTS[name]
        app_label, model_name = model_path.split(".")[1], model_path.rsplit(".", 1)[1]
        obj = apps.get_model(app_label, model_name).objects.order_by("pk").first()
        path = reverse(name, kwargs={kwarg: obj.pk})
    else:
        path = reverse(name, kwargs={"fmt": fmt})
    query = COMMON_QUERY.format(month=demo["ledger_month"], year=timezone.localdate().year)
    return f"{path}?{query}"


#: Exports of "my" things, read as a demo person who has some (anna otherwise).
PERSONA = {"cases:case_mine_export": "mikael"}


def _client(template: str = ""):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=PERSONA.get(template, "anna")))
    return client


def _xlsx_cells(response):
    assert response.status_code == 200, response.status_code
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    for sheet in workbook.worksheets:
        headers = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                yield headers[cell.column - 1] if cell.column <= len(headers) else None, cell


@pytest.mark.django_db
def test_every_export_is_listed():
    """Every module that writes an export (calls ``table_response``/``workbook_response`` or
    is a list declaring ``export_name``) serves at least one of the URLs tested here, so a new
    export cannot escape the hostile-name and typed-cell checks."""
    from pathlib import Path

    from django.urls import resolve, reverse

    import styrsam

    root = Path(styrsam.__file__).parent
    writers = set()
    for path in root.rglob("*.py"):
        if (
            path.parent.name == "migrations"
            or path.name in ("exports.py", "lists.py")
            and (path.parent.name == "core")
        ):
            continue
        text = path.read_text()
        if re.search(r"(?:table|workbook|csv)_response\(|^    export_name = \"", text, re.M):
            writers.add(".".join(path.relative_to(root.parent).with_suffix("").parts))
    served = set()
    for name, fmt in EXPORTS:
        if fmt != "xlsx":
            continue
        kwargs = {"pk": 1} if name in OBJECT_EXPORTS else {"fmt": fmt}
        view = resolve(reverse(name, kwargs=kwargs)).func
        definition = getattr(view, "view_initkwargs", {}).get("definition")
        served.add((definition or view).__module__)
    missing = sorted(w for w in writers if w not in served and not w.endswith(".views"))
    views_missing = sorted(
        w
        for w in writers
        if w.endswith(".views")
        and w not in served
        and not any(m.startswith(w.rsplit(".", 1)[0] + ".") for m in served)
    )
    assert not missing and not views_missing, (missing, views_missing)
    print(f"exports tested: {len(EXPORTS)} (format, url) pairs from {len(XLSX)} export URLs")


@pytest.mark.parametrize(("template", "fmt"), EXPORTS)
def test_export_writes_hostile_text_inert(hostile_demo, template, fmt):
    url = _url(template, hostile_demo, fmt)
    if url is None:
        pytest.skip("the export has no such format")
    response = _client(template).get(url)
    if fmt == "csv" and response.status_code == 404:
        pytest.skip("the list offers no CSV")  # e.g. the people list is Excel only
    assert response.status_code == 200, url
    seen = 0
    if fmt == "csv":
        for row in csv_rows(response)[1:]:
            for text in row:
                if NUMBER_TEXT.match(text):
                    continue  # a number (a negative amount starts with "-" and is no formula)
                assert not text.startswith(FORMULA_START), (url, text)
                if text.startswith("'") and text[1:].startswith(FORMULA_START):
                    seen += 1
    else:
        for _header, cell in _xlsx_cells(response):
            assert cell.data_type != "f", (url, cell.coordinate, cell.value)
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.data_type == "s"
                seen += 1
    if template not in WITHOUT_FREE_TEXT:
        assert seen, f"{url}: no hostile name reached the export"


DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")
NUMBER_TEXT = re.compile(r"^-?\d+([.,]\d+)?$")


@pytest.mark.django_db
@pytest.mark.parametrize("template", XLSX)
def test_export_cells_are_typed(hostile_demo, template):
    """Dates are date cells with a date format, money numeric with the money format; no date or
    amount hides in a text cell."""
    url = _url(template, hostile_demo)
    typed = 0
    for header, cell in _xlsx_cells(_client(template).get(url)):
        if isinstance(cell.value, str):
            assert not DATE_TEXT.match(cell.value), (url, header, cell.value)
        if isinstance(cell.value, datetime.datetime):
            assert cell.number_format in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"), (url, header)
            typed += 1
        if header and "(kr)" in str(header) and cell.value is not None:
            assert isinstance(cell.value, int | float), (url, header, cell.value)
            if isinstance(cell.value, float):
                assert cell.number_format == "#,##0.00", (url, header)
            typed += 1
        if isinstance(cell.value, str) and header and "(kr)" in str(header):
            assert not NUMBER_TEXT.match(cell.value), (url, header, cell.value)
    assert (
        typed or template in WITHOUT_DATES_OR_MONEY or url.startswith(("/efterlevnad", "/personer"))
    ), url


def _list_exports() -> list[str]:
    """The exports that are a ``ListDefinition``'s (``ListExportView``)."""
    from django.urls import resolve, reverse

    from styrsam.core.lists import ListDefinition

    names = []
    for name in XLSX:
        if name not in OBJECT_EXPORTS:
            func = resolve(reverse(name, kwargs={"fmt": "xlsx"})).func
            definition = getattr(func, "view_initkwargs", {}).get("definition")
            # a list that writes its own file (the invoice basis) does not use export_table
            if definition and definition.export_response is ListDefinition.export_response:
                names.append(name)
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("name", _list_exports())
def test_list_export_values_are_those_of_django_tables2(hostile_demo, name):
    """Issue 18: a list's export computes each column with a getter prepared once per column;
    on the whole (hostile) demo every cell equals django-tables2's own ``get_cell_value``
    (through ``BoundRow``, as before), for every list of the product."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import resolve

    from styrsam.core import lists

    url = _url(name, hostile_demo)
    match = resolve(url.split("?")[0])
    definition_class = match.func.view_initkwargs["definition"]
    request = RequestFactory().get(url)
    request.user = get_user_model().objects.get(username=PERSONA.get(name, "anna"))
    kwargs = {k: v for k, v in match.kwargs.items() if k != "fmt"}
    definition = definition_class(request, **kwargs)
    table = definition.table(definition.filterset().qs)
    headers, rows = lists.export_table(table)
    fast = list(rows)
    slow_getters = [lists._slow_getter(table, c) for c in table.export_columns()]
    slow = [[get(row.record) for get in slow_getters] for row in table.rows]
    assert fast == slow


VALUES_EXPORTS = [
    "organisation:person_export",  # the roles of the policy (G05, G15: system owners)
    "rental:asset_export",  # G08: rented equipment
    "servicedesk:order_export",  # G07: orders through the service desk
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", VALUES_EXPORTS)
def test_large_list_exports_read_values_per_chunk(hostile_demo, name, monkeypatch):
    """Issue 18 item 4: the people, asset and order exports read ``values()`` of the printed
    fields (no model instance per row: the record path's getters are never prepared), in
    chunks — here of three rows, so that the people's roles are read for several chunks —
    and every cell still equals django-tables2's own value (G07, G08, G15 lists)."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import resolve

    from styrsam.core import lists

    url = _url(name, hostile_demo)
    definition_class = resolve(url.split("?")[0]).func.view_initkwargs["definition"]
    request = RequestFactory().get(url)
    request.user = get_user_model().objects.get(username="anna")
    definition = definition_class(request)
    table = definition.table(definition.filterset().qs)
    slow_getters = [lists._slow_getter(table, c) for c in table.export_columns()]
    slow = [[get(row.record) for get in slow_getters] for row in table.rows]
    assert len(slow) > 3  # several chunks

    def refused(*args, **kwargs):
        raise AssertionError("the export read model instances")

    monkeypatch.setattr(lists, "_getter", refused)
    monkeypatch.setattr(lists, "EXPORT_CHUNK", 3)
    _headers, rows = lists.export_table(table)
    assert list(rows) == slow
