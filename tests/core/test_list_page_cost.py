"""What a list page costs in Python (issue 18), without changing what it shows: the page's
rows load only what they read (``Table.page_reads``, ``core.lists.page_queryset``), a table's
columns are copied cheaply per table (``_BaseColumns``), and ``FastSelect`` writes Django's
select HTML straight from the choices."""

from __future__ import annotations

import datetime

import django_filters
import django_tables2 as tables
import pytest
from django import forms
from django.db.models import Model
from django.test import Client, RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from styrsam.core.lists import BooleanSelect, FastSelect, Table, _fast_widget_class, page_queryset
from styrsam.systems import selectors as system_selectors
from styrsam.systems.lists import SystemTable

# the same lists, on the same demo (loaded once for this module too)
from .test_fast_tables import FAST_LISTS, demo  # noqa: F401 - a fixture


@pytest.fixture
def deferred_loads(monkeypatch):
    """Every load of a deferred field (a query per record): ``(model, fields)``."""
    loads = []
    original = Model.refresh_from_db

    def refresh_from_db(self, *args, **kwargs):
        loads.append((type(self).__name__, kwargs.get("fields")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Model, "refresh_from_db", refresh_from_db)
    return loads


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona"), FAST_LISTS)
def test_a_page_reads_no_field_it_did_not_load(url, persona, demo, deferred_loads):
    """For every sort of every column: the page loads what its cells read (a field left out
    of ``page_reads`` would cost a query per row, and is caught here)."""
    client = Client()
    client.force_login(type(demo.people[persona]).objects.get(username=persona))
    table = client.get(url).context["table"]
    sorts = [None] + [c.name for c in table.columns if c.orderable]
    deferred_seen = False
    for sort in sorts:
        for order in [sort, f"-{sort}"] if sort else [None]:
            response = client.get(url, {"sort": order} if order else {})
            assert response.status_code == 200
            assert deferred_loads == [], f"{url}?sort={order}"
            records = response.context["object_list"]
            assert records, f"{url}: the demo has rows"
            deferred_seen |= bool(records[0].get_deferred_fields())
    assert deferred_seen == (table.page_reads is not None), "only what the cells read is loaded"


@pytest.mark.django_db
def test_a_read_left_out_of_page_reads_is_caught(demo, deferred_loads):
    """The check above can fail: a table forgetting that a cell reads the system's kind."""

    class Forgetful(SystemTable):
        page_reads = ("owner__first_name", "owner__last_name", "owner__username")

    request = RequestFactory().get("/system/")
    request.user = type(demo.people["anna"]).objects.get(username="anna")
    table = Forgetful(system_selectors.system_list(user=request.user), request=request)
    table.data.data = page_queryset(table, table.data.data)
    table.page = table.paginator.page(1)
    table.page_rows_html()
    assert ("System", ["common_kind"]) in deferred_loads


@pytest.mark.django_db
def test_page_queryset_loads_the_visible_columns_and_the_reads(demo):
    request = RequestFactory().get("/system/")
    request.user = type(demo.people["anna"]).objects.get(username="anna")
    table = SystemTable(system_selectors.system_list(user=request.user), request=request)
    queryset = page_queryset(table, table.data.data)
    system = queryset.first()
    loaded = {f.attname for f in type(system)._meta.concrete_fields} - system.get_deferred_fields()
    assert loaded == {
        "id",
        "name",
        "category",
        "common_kind",
        "owner_unit_id",
        "owner_id",
        "lifecycle",
        "criticality",
        "vendor",
        "contract_end",
    }
    assert queryset.query.select_related == {"owner_unit": {}, "owner": {}}  # not the manager
    assert system.owner_unit.get_deferred_fields() == {
        f.attname for f in type(system.owner_unit)._meta.concrete_fields
    } - {"id", "name"}
    assert list(queryset.values_list("pk", flat=True)) == list(
        table.data.data.values_list("pk", flat=True)
    ), "the same rows in the same order"


@pytest.mark.django_db
def test_a_table_without_page_reads_loads_whole_records(demo):
    class Whole(SystemTable):
        page_reads = None

    queryset = system_selectors.system_list(user=None)
    assert page_queryset(Whole(queryset), queryset) is queryset


@pytest.mark.django_db
def test_a_relation_shown_whole_is_loaded_whole(demo):
    """A column showing a related record (its ``str``) without ``page_reads`` naming fields
    of it: the record is loaded whole, with what the queryset joins to it."""

    class Owners(SystemTable):
        page_reads = ("common_kind",)

    queryset = system_selectors.system_list(user=None).filter(owner__isnull=False)
    system = page_queryset(Owners(queryset), queryset).first()
    assert system.owner.get_deferred_fields() == set()


# --- the columns' copies ----------------------------------------------------------------------


def test_each_table_changes_its_own_columns_only():
    class Small(Table):
        a = tables.Column(attrs={"td": {"class": "a"}})
        b = tables.Column(linkify=("systems:system_detail", [tables.A("pk")]))

    first, second = Small([]), Small([])
    first.columns.hide("a")
    first.columns["b"].column.attrs["td"] = {"class": "changed"}
    first.columns["b"].column.link.reverse_args["viewname"] = "changed"
    assert [c.name for c in first.columns] == ["b"]
    assert [c.name for c in second.columns] == ["a", "b"]
    assert [c.name for c in Small([]).columns] == ["a", "b"]
    assert Small.base_columns["a"].visible is True
    assert Small.base_columns["b"].attrs.get("td") is None
    assert Small.base_columns["b"].link.reverse_args["viewname"] == "systems:system_detail"
    assert first.columns["a"].column is not Small.base_columns["a"]


def test_the_table_keeps_django_tables2s_sorting_and_columns():
    class Small(Table):
        name = tables.Column(order_by=("name", "pk"))
        kind = tables.Column(orderable=False)

        class Meta(Table.Meta):
            sequence = ("kind", "name")

    rows = [{"name": "b", "kind": 1}, {"name": "a", "kind": 2}]
    table = Small(rows, order_by="-name")
    assert [c.name for c in table.columns] == ["kind", "name"]
    assert [r.get_cell("name") for r in table.rows] == ["b", "a"]
    assert table.columns["kind"].orderable is False
    assert table.columns["name"].is_ordered


# --- the selects ------------------------------------------------------------------------------

_CHOICES = [
    ("", gettext_lazy("Alla")),
    ("a", "A & <b>"),
    ("b", gettext_lazy("Livscykel")),
    ("a", "A again"),  # the same value twice: only the first is selected
    (None, "none"),
    ("grupp", [("x", "X"), ("y", 'Y "quoted"')]),
    ("", [("z", "Z")]),  # a group without a name
    (3, "three"),
]


@pytest.mark.parametrize("value", [None, "", "a", "y", "3", 3, ["a", "x"], "missing"])
@pytest.mark.parametrize("multiple", [False, True])
def test_fast_select_writes_djangos_html(value, multiple):
    attrs = {"id": "f-x", "class": "c", "data-q": 'a"b', "disabled": True, "hidden": False}
    django = forms.SelectMultiple if multiple else forms.Select
    fast = (
        type("FastMultiple", (FastSelect,), {"allow_multiple_selected": True})
        if multiple
        else FastSelect
    )
    expected = django(attrs={"class": "c"}, choices=_CHOICES).render("x<", value, attrs=attrs)
    written = fast(attrs={"class": "c"}, choices=_CHOICES).render("x<", value, attrs=attrs)
    assert written == expected


_INPUTS = [forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput, forms.EmailInput]


@pytest.mark.parametrize("widget_class", _INPUTS)
@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "a<b&\"c'",
        5,
        2.5,
        datetime.date(2026, 12, 1),
        mark_safe("<i>"),
        gettext_lazy("Alla"),
    ],
)
def test_fast_inputs_write_djangos_html(widget_class, value):
    attrs = {"id": "f-x<", "required": True, "disabled": False, "min": 3, "type": "date"}
    widget = widget_class(attrs={"class": "c"})
    expected = widget.render("x<", value, attrs=attrs)
    widget.__class__ = _fast_widget_class(widget)
    assert widget.__class__ is not widget_class
    assert widget.render("x<", value, attrs=attrs) == expected


def test_a_widget_with_its_own_template_or_rendering_keeps_it():
    own_template = forms.TextInput()
    own_template.template_name = "django/forms/widgets/textarea.html"
    assert _fast_widget_class(own_template) is forms.TextInput
    assert _fast_widget_class(forms.CheckboxInput()) is forms.CheckboxInput
    assert _fast_widget_class(forms.NullBooleanSelect()) is forms.NullBooleanSelect
    assert _fast_widget_class(forms.Select()) is FastSelect


@pytest.mark.parametrize("value", [None, "", True, False, "true", "1", "0", "x"])
def test_boolean_select_writes_django_filters_html(value):
    choices = [("true", gettext_lazy("Hyrs nu")), ("false", "Åter<lämnade"), ("", "Alla")]
    slow = django_filters.widgets.BooleanWidget(attrs={"class": "c"})
    slow.choices = choices
    assert BooleanSelect(choices, attrs={"class": "c"}).render("a", value, {"id": "f-a"}) == (
        slow.render("a", value, {"id": "f-a"})
    )


@pytest.mark.django_db
def test_a_filter_form_renders_its_fields_in_python():
    from styrsam.systems.lists import SystemFilterSet

    form = SystemFilterSet({"q": "x", "contract_end_before": "2026-01-01"}).form
    kinds = {name: type(field.widget) for name, field in form.fields.items()}
    assert kinds["owner_unit"] is FastSelect
    assert issubclass(kinds["q"], forms.TextInput) and kinds["q"] is not forms.TextInput
    assert issubclass(kinds["contract_end_before"], forms.DateInput)
    assert (
        'type="date" name="contract_end_before" value="2026-01-01" id="f-contract_end_before"'
        in str(form["contract_end_before"])
    )
