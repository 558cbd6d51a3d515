"""A list is declared once (convention 13).

One :class:`ListDefinition` per list — the queryset restricted to the viewer, a django-filter
``FilterSet``, a django-tables2 ``Table`` (columns with Swedish labels, sort keys, which columns
are exported) — drives:

- the page and its htmx partial (:class:`ListPageView`: filter form, sortable table, paging),
- the Excel/CSV export of exactly what the page shows (:class:`ListExportView`, through
  ``core.exports``), read from ``values()`` of the printed fields when every column allows it
  (``Table.export_fields`` and ``Table.export_chunk`` for the columns that need more: a
  person's name, roles; ``export_table``),
- the API list's filtering: the viewset names the same ``FilterSet`` as ``filterset_class`` and
  DRF's ``DjangoFilterBackend`` applies it, so every filter is in ``/api/schema/`` and an
  invalid value answers 400 instead of being ignored.

Worked example (``styrsam/systems/lists.py``)::

    class SystemFilterSet(FilterSet):
        q = SearchFilter(fields=["name", "description", "vendor"], label=_("Sök …"))
        lifecycle = filters.ChoiceFilter(choices=System.Lifecycle.choices, label=_("Livscykel"))

    class SystemTable(Table):
        name = tables.Column(_("Namn"), linkify=True, order_by=("name", "pk"))
        vendor = tables.Column(_("Leverantör"))

        class Meta(Table.Meta):
            model = System
            fields = ()
            order_by = ("name",)

    class SystemList(ListDefinition):
        permission = "systems.view_system"
        filterset_class = SystemFilterSet
        table_class = SystemTable
        template = "systems/system_list.html"
        export_name = "systemforteckning"
        export_url_name = "systems:system_export"
        export_title = _("System")

        def get_queryset(self, request):
            return selectors.system_list(user=request.user)

    urlpatterns = [
        path("system/", SystemList.page_view(), name="system_list"),
        path("system/export.<str:fmt>", SystemList.export_view(), name="system_export"),
    ]

The page template extends ``core/list_page.html``; the results (caption, export links, table,
pagination) are ``components/list_results.html``, which is also the htmx partial.
"""

from __future__ import annotations

import abc
import copy
import datetime
import html
import operator
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any, ClassVar

import django_filters as filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from drf_spectacular.utils import extend_schema_field

from .access import require_perm
from .exports import FORMATS, MAX_ROWS, dated_filename, table_response
from .htmx import render_page
from .params import MAX_DB_INT, MAX_YEAR, MIN_YEAR, int_param

SORT_PARAM = "sort"
PAGE_PARAM = "page"


class SearchFilter(filters.CharFilter):
    """Free-text search over several fields (case-insensitive ``contains`` on each)."""

    def __init__(self, *args, fields: Sequence[str], **kwargs):
        self.search_fields = tuple(fields)
        kwargs.setdefault("label", _("Sök"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        if connection.vendor == "postgresql" and len(self.search_fields) > 1:
            # one indexed lookup per field (trigram indexes, ``core.db.TrigramSearchIndexes``),
            # united: an OR across joined tables would scan every row (issue 18)
            base = qs.model._default_manager.order_by()
            matches = [
                base.filter(**{f"{name}__icontains": value}).values("pk")
                for name in self.search_fields
            ]
            return qs.filter(pk__in=matches[0].union(*matches[1:]))
        condition = reduce(
            operator.or_, (Q(**{f"{name}__icontains": value}) for name in self.search_fields)
        )
        return qs.filter(condition)


@extend_schema_field(
    {
        "type": "integer",
        "minimum": MIN_YEAR,
        "maximum": MAX_YEAR,
        "description": "Kalenderår; ett år utanför intervallet ger 400 invalid.",
    }
)
class YearFilter(filters.NumberFilter):
    """A calendar year within ``MIN_YEAR``..``MAX_YEAR`` (a date's ``year`` lookup, or an
    integer year field with ``lookup_expr="exact"``); anything else — ``1e3``, ``2026.5``,
    ``0000`` — is invalid (400 in the API, a field error on the page)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("label", _("År"))
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


@extend_schema_field(
    {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_DB_INT,
        "description": "Id; ett id som inte är ett positivt heltal ger 400 invalid.",
    }
)
class IdFilter(filters.NumberFilter):
    """The id of a related row (``meeting=12``): a positive 64-bit integer, else invalid."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_DB_INT)
        super().__init__(*args, **kwargs)


def _escaped(text) -> str:
    """``conditional_escape(text)`` as a plain string, without its lazy wrapper and the
    ``SafeString`` per call (hundreds of cells and options a page: issue 18): text already
    safe as it is, anything else escaped as ``django.utils.html.escape`` does."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _attrs_html(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html`` in Python."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """A select rendering the same HTML as Django's ``select.html`` and ``select_option.html``
    in Python: Django's template renderer includes a template per option and one per
    option's attributes, a few milliseconds for a filter form of a page (docs/performance.md).
    The options are written straight from the choices, as ``ChoiceWidget.optgroups`` selects
    them (the first option whose value is the field's, each one of a multiple select), without
    its dictionary per option (issue 18: the units' select has a hundred options)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            attrs["multiple"] = True
        values = self.format_value(value)
        parts = [f'<select name="{html.escape(str(name))}"{_attrs_html(attrs)}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, list | tuple):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, ((option_value, option_label),)
            if group_name:
                parts.append(f'\n  <optgroup label="{_escaped(group_name)}">')
            for subvalue, sublabel in options:
                selected = (not has_selected or multiple) and str(subvalue) in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_escaped(subvalue)}"'
                    f"{' selected' if selected else ''}>{_escaped(sublabel)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every name, value and label escaped


class BooleanSelect(filters.widgets.BooleanWidget, FastSelect):
    """A yes/no filter as a select with the list's own words, e.g. ``[("true", _("Hyrs nu")),
    ("false", _("Återlämnade")), ("", _("Alla"))]``; the API reads ``true``/``false`` as for
    any ``BooleanFilter``. Rendered as a ``FastSelect`` (after django-filters' mapping of the
    value to ``true``/``false``)."""

    def __init__(self, choices, attrs=None):
        super().__init__(attrs)
        self.choices = list(choices)


class _FastInput:
    """An input rendered as Django's ``input.html`` (and the ``text.html``, ``number.html``
    … that only include it) in Python, from the widget's own ``get_context``: the template
    renderer costs a few tenths of a millisecond per field of a filter form (issue 18)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        shown = "" if value is None else f' value="{_escaped(value)}"'
        return mark_safe(  # noqa: S308 - the type, name, value and attributes escaped
            f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
            f"{shown}{_attrs_html(widget['attrs'])}>"
        )


# the templates of Django's inputs that are ``input.html`` alone
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "number", "date", "datetime", "time", "email", "url", "hidden", "search")
)
_FAST_WIDGETS: dict[type, type] = {forms.Select: FastSelect}


def _fast_widget_class(widget) -> type:
    """The class rendering ``widget`` the same in Python: ``FastSelect`` for a plain select,
    a ``_FastInput`` subclass of an input class whose template is ``input.html`` alone and
    whose rendering is Django's; else the widget's own class."""
    cls = type(widget)
    if cls not in _FAST_WIDGETS:
        plain_input = (
            issubclass(cls, forms.widgets.Input)
            and cls.render is forms.Widget.render
            and cls.template_name in _INPUT_TEMPLATES
        )
        _FAST_WIDGETS[cls] = type(cls.__name__, (_FastInput, cls), {}) if plain_input else cls
    fast = _FAST_WIDGETS[cls]
    if fast is not cls and widget.template_name != cls.template_name:
        return cls  # a template of the widget's own
    return fast


def _read_once(read: Callable[[], Any]) -> Callable[[], Any]:
    """``read`` called at the first call only, its answer returned by every call."""
    answers: list = []

    def once():
        if not answers:
            answers.append(read())
        return answers[0]

    return once


class FilterSet(filters.FilterSet):
    """Base of every list's filters: no filter is required, an empty value filters nothing,
    and the form's fields have the ids ``f-<name>`` on the page."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for filter_ in self.filters.values():  # this filterset's own copies
                choices = filter_.extra.get("choices")
                if callable(choices):
                    # read once for the form: its validation and its select read the same
                    # list (a callable is called again by each, a query each: issue 18); still
                    # a callable, which the form's copy of its fields does not copy
                    filter_.extra["choices"] = _read_once(choices)
            form_class = self.get_form_class()
            data = self.data if self.is_bound else None
            self._form = form_class(data, prefix=self.form_prefix, auto_id="f-%s")
            for field in self._form.fields.values():
                field.required = False
                field.widget.__class__ = _fast_widget_class(field.widget)  # the same HTML
        return self._form


@dataclass(frozen=True)
class ExportFields:
    """A column of an export read from ``values()`` rows: the ``fields`` it needs and
    ``value``, a function of the row (a dict of those fields) or the name of a table method
    taking the row, giving the cell. ``value`` left out: the one field's value itself."""

    fields: tuple[str, ...]
    value: Callable[[dict], Any] | str | None = None


class _BaseColumns(OrderedDict):
    """A table class's ``base_columns``, whose deep copy (django-tables2's ``Table.__init__``
    deep-copies them for every table) copies each column and its containers one level down
    instead of the whole object graph (labels, accessors, ``order_by`` tuples, link
    transforms): a third of a list page's table set-up (issue 18). What django-tables2 and
    the project change on a table's columns — ``visible`` (``columns.hide``), ``accessor``,
    ``localize``, the rows' ``current_value``/``current_record`` — are attributes of the
    column, set on the table's own copy; a dict, list or set of a column (``attrs``) and its
    link (``LinkTransform``) are copied too, so changing one in place stays in the table."""

    def __deepcopy__(self, memo):
        return OrderedDict((name, _copy_column(column)) for name, column in self.items())


def _copy_column(column):
    copied = copy.copy(column)
    for name, value in vars(copied).items():
        if isinstance(value, dict | list | set | tables.columns.base.LinkTransform):
            setattr(copied, name, _copy_container(value))
    return copied


def _copy_container(value):
    if isinstance(value, tables.columns.base.LinkTransform):
        link = copy.copy(value)
        for name, inner in vars(link).items():
            if isinstance(inner, dict | list | set):
                setattr(link, name, copy.copy(inner))
        return link
    return copy.copy(value)


class Table(tables.Table):
    """Base of every list's table: Swedish empty text, ``–`` for missing values, and the
    project's accessible table template (caption, ``aria-sort``, sort links keeping the
    filters)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_columns = _BaseColumns(cls.base_columns)

    class Meta:
        template_name = "components/table.html"
        default = "–"
        empty_text = _("Inga rader matchar filtret.")
        order_by_field = SORT_PARAM
        page_field = PAGE_PARAM
        per_page = 50
        attrs: ClassVar[dict] = {}

    #: How the export reads a column from ``values()`` rows when the column's own value needs
    #: the model instance (a person's name, a choice's text): ``{column name: ExportFields}``.
    #: A column not named here is read from ``values()`` on its own when its accessor is a
    #: field path and its value method takes only the value (``export_table``).
    export_fields: ClassVar[dict[str, ExportFields]] = {}

    #: What the page's rows read of a record besides the visible columns' own fields (field
    #: paths: ``common_kind``, ``owner__first_name``): the ``cell_texts``/``render_`` methods'
    #: other reads, and what the page's template reads of ``object_list``. Set, the page loads
    #: only these and the visible columns' fields (``page_queryset``; a related record a column
    #: shows whole, e.g. ``owner``, is loaded whole unless fields of it are named here).
    #: ``None``: the page loads whole records. The export reads its own fields either way.
    page_reads: ClassVar[Sequence[str] | None] = None

    def export_columns(self) -> list[tables.columns.BoundColumn]:
        return [c for c in self.columns.iterall() if not c.column.exclude_from_export]

    def export_chunk(self, rows: list[dict]) -> None:
        """Add to each ``values()`` row of a chunk (up to ``EXPORT_CHUNK`` rows) what a column
        reads that ``values()`` cannot give (a person's roles). Called for every chunk; a table
        may read once for the whole export (``PersonTable`` reads the roles of the people its
        query selects on the first chunk)."""

    def cell_texts(self) -> dict[str, Callable[[Any], tuple[Any, str | None]]]:
        """For the default ``page_cells()``: ``{column name: record → (text, link or None)}``,
        the same text as the column's ``render_`` method and django-tables2's default ("–" for
        an empty value). A visible column not named here is rendered by django-tables2."""
        return {}

    def page_cells(self) -> list[list[tuple[Any, str | None]]]:
        """The page's cells as (text, link or ``None``) per visible column, for
        ``page_rows_html``: ``cell_texts()``'s function per column, in one pass over the page's
        records (django-tables2's own cell for a column without one)."""
        columns = [(column.name, self._cell_text(column.name)) for column in self.columns]
        return [
            [text(row.record) if text else (row.get_cell(name), None) for name, text in columns]
            for row in self.page.object_list
        ]

    def _cell_text(self, name: str):
        if not hasattr(self, "_cell_texts"):
            self._cell_texts = self.cell_texts()
        return self._cell_texts.get(name)

    def header_html(self, querystring_without_sort: str = "") -> str:
        """The ``<th>`` cells of ``components/table.html``'s header for
        ``components/fast_table.html``, written as its template loop writes them (sort state
        in ``aria-sort``, a sort link keeping the filters, the header escaped), without the
        template engine's dozen nodes per column (issue 18)."""
        keep = (
            f"{html.escape(str(querystring_without_sort))}&amp;" if querystring_without_sort else ""
        )
        cells = []
        for column in self.columns:
            ordered = column.is_ordered
            alias = column.order_by_alias if ordered or column.orderable else None
            sort = ""
            if ordered:
                sort = (
                    ' aria-sort="descending"' if alias.is_descending else ' aria-sort="ascending"'
                )
            header = _escaped(column.header)
            if column.orderable:
                header = f'<a href="?{keep}sort={_escaped(alias.next)}">{header}</a>'
            cells.append(f'\n    <th scope="col"{sort}>{header}</th>\n  ')
        return mark_safe("".join(cells))  # noqa: S308 - the header and the link escaped above

    def page_rows_html(self) -> str:
        """The page's ``<tr>`` rows for ``components/fast_table.html``, escaped as the template
        would: a table rendered so defines ``page_cells()``, the page's cells as (text, link or
        ``None``) per visible column computed in one pass (django-tables2 calls a ``render_``
        method per cell through a signature inspection and reverses a URL per link:
        docs/performance.md). Empty when the page has no rows."""
        rows = []
        for row in self.page_cells():
            cells = []
            for text, url in row:
                text = _escaped(text)
                cells.append(
                    f'<td><a href="{html.escape(str(url))}">{text}</a></td>'
                    if url
                    else f"<td>{text}</td>"
                )
            rows.append(f"\n    <tr>{''.join(cells)}</tr>\n  ")
        return mark_safe("".join(rows))  # noqa: S308 - every text and link escaped above


def url_by_pk(viewname: str) -> Callable[[Any], str]:
    """``pk → reverse(viewname, args=[pk])`` with one ``reverse()`` per page, not per row
    (for ``Table.cell_texts``; the URL must end in ``<pk>/``)."""
    base = reverse(viewname, args=[0])
    if not base.endswith("/0/"):
        raise ValueError(f"{viewname}: the URL does not end in <pk>/ ({base})")
    prefix = base[: -len("0/")]
    return lambda pk: f"{prefix}{pk}/"


def dash(value: Any, text: Any = None) -> Any:
    """django-tables2's text of a cell: "–" for an empty value (``None`` or ""), else
    ``text`` (the value itself when left out)."""
    if value is None or value == "":
        return "–"
    return value if text is None else text


class ListDefinition(abc.ABC):
    """The one declaration of a list. Subclass it and set the attributes below."""

    permission: str | None = None
    filterset_class: type[FilterSet] | None = None  # None: no filters (the table's model)
    table_class: type[Table]
    template: str = "core/list_page.html"
    partial: str = "components/list_results.html"
    per_page: int = 50
    # export: the file name's stem ("systemforteckning" → systemforteckning-2026-11-30.xlsx)
    export_name: str | None = None
    export_title: Any = ""
    export_formats: Sequence[str] = FORMATS
    export_url_name: str | None = None  # the URL of ``export_view()``, with a ``fmt`` argument
    # the page: its heading and the caption of its table (``caption(count)``)
    title: Any = ""
    api_url_name: str | None = None  # the API list's URL name, linked as "JSON (API)"
    # What a filter of the page shows when its parameter is absent (not when it is empty):
    # ``{"active": "true"}``; a callable gives the value per request. The page, its htmx
    # partial and its export use them; the API list keeps the FilterSet's own defaults.
    filter_defaults: dict[str, Any] = {}
    # The relations the page's visible columns read, when fewer than the queryset's
    # ``select_related`` (which the export's hidden columns need): the page joins only these.
    # A join of a large table (60,000 people) made PostgreSQL hash the whole table before
    # sorting a list by a key without an index (issue 18). ``None``: the queryset's own.
    page_select_related: Sequence[str] | None = None

    def __init__(self, request, **kwargs):
        self.request = request
        self.kwargs = kwargs
        # the filters' cleaned values once ``filterset()`` has run (invalid ones left out)
        self.filter_values: dict = {}

    # --- what a subclass provides -------------------------------------------------------
    @abc.abstractmethod
    def get_queryset(self) -> QuerySet:
        """The rows of the list, before the filters, the search and the order."""

    def get_context(self) -> dict:
        """Extra context of the page (buttons the user may use, help text …)."""
        return {}

    def caption(self, count: int) -> str:
        return f"{self.title} ({count})"

    def has_permission(self) -> bool:
        """More than ``permission`` (e.g. a role); ``False`` answers 403."""
        return True

    # --- the machinery -------------------------------------------------------------------
    def check_permission(self) -> None:
        if self.permission:
            require_perm(self.request.user, self.permission)
        if not self.has_permission():
            raise PermissionDenied

    def filter_data(self):
        """The query with ``filter_defaults`` for the parameters it lacks; ``None`` if empty."""
        data = self.request.GET
        missing = {k: v for k, v in self.filter_defaults.items() if k not in data}
        if missing:
            data = data.copy()
            for name, value in missing.items():
                data[name] = value() if callable(value) else value
        return data or None

    def filterset(self) -> FilterSet:
        filterset_class = self.filterset_class or _no_filters(self.table_class._meta.model)
        filterset = filterset_class(
            self.filter_data(), queryset=self.get_queryset(), request=self.request
        )
        filterset.is_valid()  # an invalid value is shown on its field and filters nothing
        self.filter_values = getattr(filterset.form, "cleaned_data", {})
        return filterset

    def table(self, queryset) -> Table:
        table = self.table_class(queryset, request=self.request)
        sort = self.request.GET.get(SORT_PARAM)
        if sort:
            table.order_by = sort
        return table

    def page_context(self) -> dict:
        filterset = self.filterset()
        queryset = filterset.qs
        if self.page_select_related is not None:
            queryset = queryset.select_related(None).select_related(*self.page_select_related)
        table = self.table(queryset)
        table.data.data = page_queryset(table, table.data.data)  # sorted already: kept so
        paginator = Paginator(table.rows, self.per_page)
        page = paginator.get_page(int_param(self.request.GET.get(PAGE_PARAM)) or 1)
        # the page's rows made once: the context's records and the cells read the same rows
        page.object_list = list(page.object_list)
        table.paginator, table.page = paginator, page
        params = self.request.GET.copy()
        params.pop(PAGE_PARAM, None)
        querystring = params.urlencode()
        params.pop(SORT_PARAM, None)
        querystring_without_sort = params.urlencode()
        context = {
            "list": self,
            "filter": filterset,
            "table": table,
            "page_obj": page,
            "object_list": [row.record for row in page.object_list],
            "caption": self.caption(paginator.count),
            "querystring": querystring,
            "querystring_without_page": f"{querystring}&" if querystring else "",
            "querystring_without_sort": querystring_without_sort,
            "export_links": self.export_links(querystring),
            "api_url": reverse(self.api_url_name) if self.api_url_name else None,
        }
        context.update(self.get_context())
        return context

    def export_links(self, querystring: str) -> list[tuple[str, str]]:
        """(label, URL) of each export format, carrying the page's filters and sort."""
        if not (self.export_name and self.export_url_name):
            return []
        labels = {"xlsx": _("Excel"), "csv": _("CSV")}
        links = []
        for fmt in self.export_formats:
            url = reverse(self.export_url_name, kwargs={"fmt": fmt, **self.kwargs})
            links.append((labels.get(fmt, fmt), f"{url}?{querystring}" if querystring else url))
        return links

    def export_response(self, fmt: str) -> HttpResponseBase:
        if fmt not in self.export_formats or not self.export_name:
            raise Http404
        filterset = self.filterset()
        table = self.table(filterset.qs)
        headers, rows = export_table(table)
        return table_response(
            fmt,
            dated_filename(self.export_name),
            headers,
            rows,
            title=force_str(self.export_title or self.title),
            formats=self.export_formats,
            stream=True,
        )

    # --- views ---------------------------------------------------------------------------
    @classmethod
    def page_view(cls):
        return ListPageView.as_view(definition=cls)

    @classmethod
    def export_view(cls):
        return ListExportView.as_view(definition=cls)


def page_queryset(table: Table, queryset: QuerySet) -> QuerySet:
    """``queryset`` loading only what the page's rows read (``Table.page_reads``, issue 18:
    whole records of the list's model and of each joined relation were most of a page's
    database work in Python — a model instance per related row, every timestamp parsed):
    the key, the visible columns' fields, ``page_reads``, the foreign keys the queryset's
    prefetches follow; of its ``select_related`` only the relations these fields read.
    Unchanged when the table does not say what it reads, or for a query ``only()`` does not
    apply to (``values()``, a union, ``select_related()`` of every relation)."""
    if table.page_reads is None:
        return queryset
    query = queryset.query
    if query.combinator or query.values_select or query.select_related is True:
        return queryset
    selected = query.select_related or {}
    model = queryset.model
    paths: dict[str, None] = {model._meta.pk.name: None}  # ordered, without repeats
    for column in table.columns:  # the visible ones
        path = _field_path(model, tables.A(column.accessor).bits)
        if path:
            paths[path] = None
    paths.update(dict.fromkeys(table.page_reads))
    for lookup in queryset._prefetch_related_lookups:
        first = getattr(lookup, "prefetch_through", lookup).split("__")[0]
        field = _forward_field(model, first)
        if field is not None:
            paths[field.name] = None
    fields: dict[str, None] = {}
    relations: dict[str, None] = {}
    wholes = []
    for path in paths:
        field_path, used, whole = _within_selected(model, path.split("__"), selected)
        fields[field_path or model._meta.pk.name] = None
        relations.update(dict.fromkeys(used))
        if whole is not None:
            wholes.append((field_path, whole))
    for prefix, level in wholes:
        # a joined record read whole (``owner``) unless other paths say what of it is read
        if not any(path.startswith(f"{prefix}__") for path in fields):
            for path, related in _whole(prefix, level):
                relations[path] = None
                fields.update(
                    dict.fromkeys(f"{path}__{f.name}" for f in related._meta.concrete_fields)
                )
    return queryset.select_related(None).select_related(*relations).only(*fields)


def _forward_field(model, name: str):
    """The foreign key or one-to-one field ``name`` of ``model`` (not a reverse relation)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and (field.many_to_one or field.one_to_one) else None


def _field_path(model, bits: Sequence[str]) -> str | None:
    """The field path a column's accessor reads: the path itself when it is one of fields
    (through foreign keys and one-to-ones, either way), cut at a relation to many (its key
    is enough to follow it); ``None`` when it reads no model field (a method, an annotation:
    ``page_reads`` names what it reads)."""
    path: list[str] = []
    for bit in bits:
        if bit == "pk":
            return "__".join([*path, model._meta.pk.name])
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return "__".join(path) or None
        if field.many_to_many or field.one_to_many:
            return "__".join(path) or model._meta.pk.name
        path.append(bit)
        if not (field.many_to_one or field.one_to_one):
            break  # a field's own lookups (a date's year) read the field
        model = field.related_model
    return "__".join(path)


def _within_selected(model, bits: list[str], selected: dict):
    """``(path, relations, whole)``: the field path cut at the first relation the queryset
    does not join (its key alone is read from the row — the relation loads when read, as
    without ``only()`` — or nothing for a reverse one-to-one), the joined relations it goes
    through (for ``select_related``), and for a path ending on a joined relation (a record
    read whole) ``(its model, what the queryset joins below it)``, else ``None``."""
    relations: list[str] = []
    level = selected
    for number, bit in enumerate(bits):
        field = _relation(model, bit)
        if field is None:  # a field of the record
            return "__".join(bits), relations, None
        if bit not in level:  # not joined: the key only
            return "__".join(bits[: number + 1 if field.concrete else number]), relations, None
        relations.append("__".join(bits[: number + 1]))
        level = level[bit]
        model = field.related_model
    return "__".join(bits), relations, (model, level)


def _whole(prefix: str, whole) -> list[tuple[str, Any]]:
    """``(path, model)`` of a joined record read whole and of each record the queryset joins
    below it (read whole too, as without ``only()``)."""
    model, level = whole
    found = [(prefix, model)]
    for name, deeper in level.items():
        found += _whole(f"{prefix}__{name}", (_relation(model, name).related_model, deeper))
    return found


def _relation(model, name: str):
    """The relation to one record (foreign key, one-to-one either way) ``name`` of ``model``."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.many_to_one or field.one_to_one else None


def _no_filters(model) -> type[FilterSet]:
    """An empty FilterSet for a list without filters."""
    return filters.filterset_factory(model, filterset=FilterSet, fields=[])


def export_table(table: Table, limit: int | None = None) -> tuple[list, Iterable[list]]:
    """The header row and the value rows of ``table`` (every exported column, visible or not,
    in the order of the page, sorted as the page). Values stay typed: numbers, dates.

    When every column can be read so (``_values_plan``), the rows are read with ``values()``
    of only the printed fields, in chunks of ``EXPORT_CHUNK`` (one query per chunk, no model
    instance per row; ``Table.export_chunk`` adds what ``values()`` cannot give, e.g. a
    person's roles). Otherwise the records are read with ``QuerySet.iterator()`` in chunks
    (prefetches included). Either way each column's value is computed by a getter prepared
    once per column — the same value that django-tables2's ``BoundRow.get_cell_value`` gives
    (pinned for every list in ``tests/core/test_exports_hostile.py``), without its per-cell
    work. More rows than ``limit``: a last row says that the export stops there (nothing is
    cut silently)."""
    limit = MAX_ROWS if limit is None else limit
    columns = table.export_columns()
    headers = [force_str(c.header) for c in columns]
    data = getattr(table.data, "data", None)
    plan = _values_plan(table, columns, data) if isinstance(data, QuerySet) else None
    if plan is not None:
        fields, getters = plan
        records = _value_rows(table, data.prefetch_related(None).values(*fields))
    elif isinstance(data, QuerySet):
        records = data.iterator(chunk_size=EXPORT_CHUNK)
        getters = [_getter(table, c, data.model) for c in columns]
    else:
        records = (row.record for row in table.rows)
        getters = [_slow_getter(table, c) for c in columns]

    def rows():
        for number, record in enumerate(records):
            if number >= limit:
                yield [force_str(TRUNCATED % {"n": limit})]
                break
            yield [get(record) for get in getters]

    return headers, rows()


def _value_rows(table: Table, queryset: QuerySet):
    """The ``values()`` rows in chunks, each chunk completed by ``table.export_chunk``."""
    chunk: list[dict] = []
    for row in queryset.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) >= EXPORT_CHUNK:
            table.export_chunk(chunk)
            yield from chunk
            chunk = []
    if chunk:
        table.export_chunk(chunk)
        yield from chunk


def _values_plan(table: Table, columns, queryset: QuerySet):
    """``(fields, getters)`` reading every column from ``values(*fields)`` rows, or ``None``
    when a column needs the model instance (the export then reads the records)."""
    query = queryset.query
    if query.distinct or query.combinator or query.extra:
        return None  # values() would change which rows there are, or what they hold
    fields: dict[str, None] = {}  # ordered, without repeats
    getters = []
    for bound_column in columns:
        spec = table.export_fields.get(bound_column.name)
        if spec is not None:
            fields.update(dict.fromkeys(spec.fields))
            getters.append(_spec_getter(table, spec))
            continue
        get = _field_getter(table, bound_column, queryset)
        if get is None:
            return None
        key, get = get
        fields[key] = None
        getters.append(get)
    return list(fields), getters


def _spec_getter(table: Table, spec: ExportFields):
    if spec.value is None:
        (key,) = spec.fields
        return lambda row: _typed(row[key])
    value = getattr(table, spec.value) if isinstance(spec.value, str) else spec.value
    return lambda row: _typed(value(row))


def _field_getter(table: Table, bound_column, queryset: QuerySet):
    """``(values() key, getter of a row)`` of a column whose accessor is a field path (or an
    annotation) and whose value method takes at most the value; else ``None``."""
    column = bound_column.column
    if isinstance(column, tables.ManyToManyColumn) or (
        isinstance(column, tables.columns.linkcolumn.BaseLinkColumn) and column.text is not None
    ):
        return None
    bits = tables.A(bound_column.accessor).bits
    key = "__".join(bits)
    field = _concrete_field(queryset, bits)
    if field is None:
        return None
    if isinstance(column, tables.DateColumn | tables.DateTimeColumn) and not hasattr(
        table, f"value_{bound_column.name}"
    ):
        return key, lambda row: _typed(row[key])
    call = _value_call(table, bound_column, with_record=False)
    if call is None:
        return None
    empty = column.empty_values
    if getattr(field, "choices", None):
        labels = dict(field.flatchoices)  # what get_<field>_display gives

        def display(value):
            return force_str(labels.get(value, value), strings_only=True)
    else:
        display = None

    def get(row):
        value = row[key]
        if display is not None:
            value = display(value)
        if value in empty:
            return None
        return _typed(call(value, row))

    return key, get


def _concrete_field(queryset: QuerySet, bits: Sequence[str]):
    """The model field (or ``True`` for an annotation) at the end of ``bits`` when every step
    before it is a foreign key or one-to-one and it is a concrete, non-relational field."""
    if len(bits) == 1 and bits[0] in queryset.query.annotations:
        return True
    model = queryset.model
    try:
        for bit in bits[:-1]:
            field = model._meta.get_field(bit)
            if not (field.many_to_one or field.one_to_one):
                return None
            model = field.related_model
        field = model._meta.pk if bits[-1] == "pk" else model._meta.get_field(bits[-1])
    except FieldDoesNotExist:
        return None
    if not getattr(field, "concrete", False) or field.is_relation:
        return None
    return field


EXPORT_CHUNK = 2000
TRUNCATED = _("Exporten stannar vid %(n)s rader; filtrera listan för att få med resten.")
_CELL_ARGUMENTS = frozenset({"value", "record", "column", "bound_column", "table"})


def _slow_getter(table: Table, column):
    """The value as django-tables2 gives it, through a ``BoundRow`` (any column kind)."""

    def get(record):
        return _cell(table, tables.rows.BoundRow(record, table=table), column)

    return get


def _getter(table: Table, bound_column, model):
    """A function of a record giving the column's exported value (see ``export_table``)."""
    column = bound_column.column
    name = bound_column.name
    accessor = tables.A(bound_column.accessor)
    if isinstance(column, tables.DateColumn | tables.DateTimeColumn) and not hasattr(
        table, f"value_{name}"
    ):
        resolve = _resolver(accessor, display=False)
        return lambda record: _typed(resolve(record))
    if isinstance(column, tables.ManyToManyColumn) or (
        isinstance(column, tables.columns.linkcolumn.BaseLinkColumn) and column.text is not None
    ):
        return _slow_getter(table, bound_column)
    call = _value_call(table, bound_column)
    if call is None:
        return _slow_getter(table, bound_column)
    resolve = _resolver(accessor, display=_is_choice_field(model, accessor.bits))
    empty = column.empty_values

    def get(record):
        value = resolve(record)
        if value in empty:
            return None
        return _typed(call(value, record))

    return get


def _value_call(table: Table, bound_column, *, with_record: bool = True):
    """``(value, record) -> exported value`` of the column's value method, or ``None`` when
    it wants what only a ``BoundRow`` gives (the row itself, any keyword) — or the record,
    unless ``with_record`` (a ``values()`` row is not the record)."""
    column = bound_column.column
    fn = bound_column.value
    plain = tables.Column
    if (
        getattr(fn, "__func__", None) is plain.value
        and type(column).render is plain.render
        and not hasattr(table, f"render_{bound_column.name}")
    ):
        return lambda value, record: value
    args, catch_all = tables.utils.signature(fn)
    if catch_all or not set(args) <= _CELL_ARGUMENTS:
        return None
    if not with_record and "record" in args:
        return None
    fixed = {"column": column, "bound_column": bound_column, "table": table}
    fixed = {k: v for k, v in fixed.items() if k in args}
    wants_value, wants_record = "value" in args, "record" in args

    def call(value, record):
        kwargs = dict(fixed)
        if wants_value:
            kwargs["value"] = value
        if wants_record:
            kwargs["record"] = record
        return fn(**kwargs)

    return call


def _is_choice_field(model, bits) -> bool:
    """Does the accessor end on a model field with choices (exported by its display text,
    ``get_<field>_display``, as django-tables2 does)?"""
    try:
        for bit in bits[:-1]:
            model = model._meta.get_field(bit).related_model
            if model is None:
                return False
        return bool(getattr(model._meta.get_field(bits[-1]), "choices", None))
    except (FieldDoesNotExist, AttributeError):
        return False


def _step(current, bit: str):
    current = current[bit] if isinstance(current, dict) else getattr(current, bit)
    if callable(current) and not getattr(current, "do_not_call_in_templates", False):
        if getattr(current, "alters_data", False):
            raise ValueError(bit)
        current = current()
    return current


def _resolver(accessor, *, display: bool):
    """``accessor.resolve(record, quiet=True)`` (or the display text of a choice field),
    by attribute steps; anything unusual falls back to django-tables2's own resolve."""
    head, last = tuple(accessor.bits[:-1]), accessor.bits[-1]
    key = str(accessor)

    def resolve(record):
        if isinstance(record, dict) and key in record:
            return record[key]
        try:
            current = record
            for bit in head:
                current = _step(current, bit)
                if current is None:
                    return None
            if display and isinstance(current, Model):
                return getattr(current, f"get_{last}_display")()
            return _step(current, last)
        except Exception:  # noqa: BLE001 - django-tables2's resolve decides, as on the page
            return accessor.resolve(record, quiet=True)

    return resolve


_TYPED = (str, int, float, Decimal, datetime.date, datetime.time)


def _cell(table: Table, row, column) -> Any:
    """A date column exports the date itself (a date cell in Excel), not its formatted text,
    unless the table says otherwise with ``value_<name>`` (issue #12)."""
    if isinstance(column.column, tables.DateColumn | tables.DateTimeColumn) and not hasattr(
        table, f"value_{column.name}"
    ):
        return _typed(column.accessor.resolve(row.record, quiet=True))
    return _typed(row.get_cell_value(column.name))


def _typed(value):
    """A cell keeps its type (numbers, dates) for Excel; anything else becomes its text."""
    if value is None or isinstance(value, _TYPED):
        return value
    return force_str(value)


class ListPageView(View):
    definition: type[ListDefinition] | None = None
    http_method_names = ["get", "head", "options"]

    def get(self, request, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        definition = self.definition(request, **kwargs)
        definition.check_permission()
        return render_page(
            request, definition.template, definition.page_context(), partial=definition.partial
        )


class ListExportView(View):
    definition: type[ListDefinition] | None = None
    http_method_names = ["get", "head", "options"]

    def get(self, request, fmt: str, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        definition = self.definition(request, **kwargs)
        definition.check_permission()
        return definition.export_response(fmt)
