"""The rental system's lists, declared once (``styrsam.core.lists``): rented assets, the
ledger, the invoice basis and the rent runs. The pages, their htmx partials, the Excel/CSV
exports and the filters of ``/api/v1/assets/``, ``/api/v1/ledger/``, ``/api/v1/rent-levels/``
and ``/api/v1/rent-runs/`` come from here.

The ledger and the invoice basis show one month, chosen with ``?manad=ÅÅÅÅ-MM`` on the page
(``month`` in the API): :func:`page_month` is the one place that decides which month a page
shows."""

from __future__ import annotations

import datetime

import django_filters as filters
import django_tables2 as tables
from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema_field

from styrsam.core.exports import table_response
from styrsam.core.lists import (
    BooleanSelect,
    ExportFields,
    FilterSet,
    ListDefinition,
    SearchFilter,
    Table,
    dash,
    url_by_pk,
)
from styrsam.organisation.models import OrgUnit

from . import reports, selectors
from .forms import MonthField, RentRunForm
from .models import AssetType, LedgerLine, RentedAsset, RentLevel, RentRun


def _departments(request):
    """The departments whose rent the user sees: the choices of the department filters."""
    user = getattr(request, "user", None)
    if user is None:  # no request: no choices
        return OrgUnit.objects.none()
    return selectors.department_choices(user=user)


def local_minute(value) -> str:
    """A moment as the pages write it: local time to the minute."""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "example": "2026-09"}
)
class MonthFilter(filters.Filter):
    """A month written ÅÅÅÅ-MM (the ledger's ``month`` is the month's first day)."""

    field_class = MonthField


class YearFilter(filters.NumberFilter):
    """A calendar year, 2000–2100 as in the forms; anything else answers 400 in the API."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def this_month_text() -> str:
    return f"{this_month():%Y-%m}"


def latest_month() -> datetime.date:
    """The latest month up to this one that has ledger lines, else this month: a page opened
    without a month shows data (this month is empty until the rent run), one query."""
    month = (
        LedgerLine.objects.filter(month__lte=this_month())
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return month or this_month()


def latest_month_text() -> str:
    return f"{latest_month():%Y-%m}"


def page_month(filterset) -> datetime.date:
    """The month a ledger page shows: ``?manad=`` when it is a month (ÅÅÅÅ-MM); without it
    the page's default, the latest month with data (:func:`latest_month`); this month when it
    is empty or not a month (the filter form then shows the error on its field; never a 500)."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get("manad") or this_month()


# --- rented assets --------------------------------------------------------------------------


class AssetFilterSet(FilterSet):
    q = SearchFilter(
        fields=["tag", "serial_number", "model"],
        label=_("Sök inventarienummer, serienummer eller modell"),
    )
    department = filters.ModelChoiceFilter(
        queryset=_departments,
        to_field_name="code",
        label=_("Förvaltning"),
        empty_label=_("Alla"),
        help_text=_("Förvaltningens kod, t.ex. vof"),
    )
    asset_type = filters.ModelChoiceFilter(
        queryset=AssetType.objects.order_by("name"),
        to_field_name="code",
        label=_("Typ"),
        empty_label=_("Alla"),
        help_text=_("Utrustningstypens kod, t.ex. computer"),
    )
    active = filters.BooleanFilter(
        field_name="end_date",
        lookup_expr="isnull",
        label=_("Visa"),
        widget=BooleanSelect(
            [("true", _("Hyrs nu")), ("false", _("Återlämnade")), ("", _("Alla"))]
        ),
    )

    class Meta:
        model = RentedAsset
        fields: list[str] = []


class AssetTable(Table):
    department = tables.Column(
        _("Förvaltning"),
        accessor="department__name",
        order_by=("department__name", "asset_type__name", "tag", "id"),
    )
    asset_type = tables.Column(
        _("Typ"), accessor="asset_type__name", order_by=("asset_type__name", "tag", "id")
    )
    tag = tables.Column(
        _("Inventarienummer"),
        linkify=("rental:asset_detail", [tables.A("pk")]),
        order_by=("tag", "id"),
    )
    serial_number = tables.Column(_("Serienummer"), visible=False)
    model = tables.Column(_("Modell"), order_by=("model", "tag", "id"))
    user = tables.Column(_("Användare"), orderable=False)
    start_date = tables.DateColumn(
        "Y-m-d", verbose_name=_("Hyrs från"), order_by=("start_date", "tag", "id")
    )
    end_date = tables.DateColumn(
        "Y-m-d", verbose_name=_("Sista hyresdag"), order_by=("end_date", "tag", "id")
    )

    class Meta(Table.Meta):
        model = RentedAsset
        fields = ()
        empty_text = _("Ingen utrustning matchar filtret.")
        template_name = "components/fast_table.html"

    page_reads = ("user__first_name", "user__last_name")  # the user's name (``render_user``)

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        django-tables2 renders them."""
        url = url_by_pk("rental:asset_detail")

        def day(value):
            return dash(value, f"{value:%Y-%m-%d}" if value else "")

        return {
            "department": lambda a: (dash(a.department.name if a.department_id else None), None),
            "asset_type": lambda a: (dash(a.asset_type.name if a.asset_type_id else None), None),
            "tag": lambda a: (dash(a.tag), url(a.pk)),
            "model": lambda a: (dash(a.model), None),
            "user": lambda a: (dash(a.user_id, a.user_id and self.render_user(a.user)), None),
            "start_date": lambda a: (day(a.start_date), None),
            "end_date": lambda a: (day(a.end_date), None),
        }

    # The export keeps the columns finance and the service desk already read: department,
    # type and tag first, the user by user name.
    EXPORT_ORDER = (
        "department",
        "asset_type",
        "tag",
        "serial_number",
        "model",
        "user",
        "start_date",
        "end_date",
    )

    # the export reads values() rows (issue 18): the user by user name
    export_fields = {"user": ExportFields(("user__username",))}  # noqa: RUF012

    def export_columns(self):
        columns = {c.name: c for c in super().export_columns()}
        return [columns[name] for name in self.EXPORT_ORDER]

    def render_user(self, value):
        return value.get_full_name() or "–"

    def value_user(self, value):
        return value.get_username() if value else ""


class AssetList(ListDefinition):
    """Equipment the departments rent from the IT unit (G08), for the departments the user
    sees and the user's own (G24)."""

    permission = "rental.view_assets"
    filterset_class = AssetFilterSet
    table_class = AssetTable
    template = "rental/asset_list.html"
    title = _("Hyrd utrustning")
    export_name = "hyrd-utrustning"
    export_url_name = "rental:asset_export"
    filter_defaults = {"active": "true"}  # the page shows what is rented now

    def get_queryset(self):
        return selectors.asset_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s enhet utrustning", "%(n)s enheter utrustning", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_manage": self.request.user.has_perm("rental.manage_assets")}


# --- asset types (set-up, issue 21) ----------------------------------------------------------


class AssetTypeFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "code"], label=_("Sök namn eller kod"))
    is_active = filters.BooleanFilter(
        label=_("Aktiv"),
        widget=BooleanSelect([("", _("Alla")), ("true", _("Ja")), ("false", _("Nej"))]),
    )

    class Meta:
        model = AssetType
        fields: list[str] = []


class AssetTypeTable(Table):
    name = tables.Column(_("Namn"), order_by=("name", "pk"))
    code = tables.Column(_("Kod"), order_by=("code", "pk"))
    is_active = tables.BooleanColumn(_("Aktiv"), order_by=("is_active", "name", "pk"))
    edit = tables.Column(
        _("Ändra"), accessor="pk", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta(Table.Meta):
        model = AssetType
        fields = ()
        empty_text = _("Inga utrustningstyper matchar filtret.")

    def __init__(self, *args, request=None, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("rental.manage_assets"):
            kwargs["exclude"] = ("edit",)
        super().__init__(*args, request=request, **kwargs)

    def render_edit(self, record):
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("rental:asset_type_edit", args=[record.pk]),
            _("Ändra"),
            record.name,
        )


class AssetTypeList(ListDefinition):
    """The kinds of rented equipment (computer, screen, printer …), each with its own rent."""

    permission = "rental.view_assets"
    filterset_class = AssetTypeFilterSet
    table_class = AssetTypeTable
    template = "rental/asset_type_list.html"
    title = _("Utrustningstyper")
    export_name = "utrustningstyper"
    export_url_name = "rental:asset_type_export"
    api_url_name = "asset-type-list"

    def get_queryset(self):
        return AssetType.objects.order_by("name")

    def caption(self, count: int) -> str:
        return ngettext("%(n)s utrustningstyp", "%(n)s utrustningstyper", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_manage": self.request.user.has_perm("rental.manage_assets")}


# --- the ledger -----------------------------------------------------------------------------


class LedgerFilterSet(FilterSet):
    """The API's filters of the ledger (``?month=2026-09&department=vof``)."""

    month = MonthFilter(label=_("Månad (ÅÅÅÅ-MM)"))
    department = filters.ModelChoiceFilter(
        queryset=_departments,
        to_field_name="code",
        label=_("Förvaltning"),
        empty_label=_("Alla som du ser"),
        help_text=_("Förvaltningens kod, t.ex. vof"),
    )

    class Meta:
        model = LedgerLine
        fields: list[str] = []


class LedgerPageFilterSet(LedgerFilterSet):
    """The page's filters: the same, with the month as ``?manad=`` and always one month
    (:func:`page_month`)."""

    month = None
    manad = MonthFilter(label=_("Månad (ÅÅÅÅ-MM)"), method="filter_period")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.move_to_end("manad", last=False)

    def filter_period(self, queryset, name, month):
        return queryset.filter(month=month)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("manad") is None:  # absent, empty or not a month
            queryset = self.filter_period(queryset, "manad", page_month(self))
        return queryset


class LedgerTable(Table):
    month = tables.Column(_("Månad"), visible=False)
    department = tables.Column(
        _("Förvaltning"),
        accessor="department__name",
        order_by=("department__name", "asset_type__name", "id"),
    )
    department_code = tables.Column(_("Kod"), accessor="department__code", visible=False)
    asset_type = tables.Column(
        _("Typ"), accessor="asset_type__name", order_by=("asset_type__name", "id")
    )
    kind = tables.Column(_("Slag"), order_by=("kind", "id"))
    asset_count = tables.Column(_("Antal"), order_by=("asset_count", "id"))
    asset_days = tables.Column(_("Hyresdagar"), order_by=("asset_days", "id"))
    monthly_amount = tables.Column(_("Månadshyra"), order_by=("monthly_amount", "id"))
    amount = tables.Column(_("Belopp (kr)"), order_by=("amount", "id"))
    run = tables.Column(_("Körning"), accessor="run__run_at", order_by=("run__run_at", "id"))

    class Meta(Table.Meta):
        model = LedgerLine
        fields = ()
        empty_text = _("Inga rader.")

    def value_month(self, value):
        return f"{value:%Y-%m}"

    def render_kind(self, record):
        return record.get_kind_display()

    value_kind = render_kind

    def render_run(self, value):
        return local_minute(value)

    def value_run(self, value):
        return value


class LedgerList(ListDefinition):
    """The ledger of one month (G24): append-only, corrections are new lines."""

    permission = "rental.view_ledger"
    filterset_class = LedgerPageFilterSet
    table_class = LedgerTable
    template = "rental/ledger.html"
    title = _("Hyresreskontra")
    export_name = "hyresreskontra"
    export_url_name = "rental:ledger_export"
    filter_defaults = {"manad": latest_month_text}

    def get_queryset(self):
        return selectors.ledger_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s rad", "%(n)s rader", count) % {"n": count}

    @property
    def export_title(self):
        month = page_month(self.filterset())
        return _("Reskontra %(month)s") % {"month": f"{month:%Y-%m}"}


# --- the invoice basis (a computed table) ----------------------------------------------------


class InvoiceFilterSet(LedgerPageFilterSet):
    """The invoice basis's choices: the ledger page's month and department, and ``ack`` —
    January up to and including the month instead of the month alone."""

    ack = filters.BooleanFilter(
        label=_("Ackumulerat hittills i år"),
        widget=forms.CheckboxInput,
        method="filter_year_to_date",
    )

    def filter_year_to_date(self, queryset, name, value):
        return queryset  # ``ack`` widens the period of ``manad`` (filter_period)

    def filter_period(self, queryset, name, month):
        if self.form.cleaned_data.get("ack"):
            return queryset.filter(month__gte=month.replace(month=1), month__lte=month)
        return queryset.filter(month=month)


class InvoiceList(ListDefinition):
    """Rent per department and asset type, summed from the ledger (``reports.invoice_basis``),
    so that the totals reconcile with it exactly (G24). Not a list of rows of one model: the
    page and its export are built from the report; the filters are the ledger page's."""

    permission = "rental.view_ledger"
    filterset_class = InvoiceFilterSet
    template = "rental/invoice.html"
    partial = "rental/_invoice_table.html"
    title = _("Fakturaunderlag för hyra")
    export_name = "fakturaunderlag"
    export_url_name = "rental:invoice_export"
    filter_defaults = {"manad": latest_month_text}

    def get_queryset(self):
        return selectors.ledger_list(user=self.request.user)

    def report(self) -> tuple[InvoiceFilterSet, dict]:
        filterset = self.filterset()
        month = page_month(filterset)
        data = filterset.form.cleaned_data
        department = data.get("department")
        report = reports.invoice_basis(
            user=self.request.user,
            month=month,
            department=department.pk if department else None,
            year_to_date=bool(data.get("ack")),
        )
        return filterset, report

    def page_context(self) -> dict:
        filterset, report = self.report()
        querystring = self.request.GET.urlencode()
        return {
            "list": self,
            "filter": filterset,
            "report": report,
            "month_text": f"{report['month']:%Y-%m}",
            "ytd": report["year_to_date"],
            "querystring": querystring,
            "export_links": self.export_links(querystring),
        }

    def export_response(self, fmt: str):
        if fmt not in self.export_formats:
            raise Http404
        _filterset, report = self.report()
        month = report["month"]
        headers, *rows = reports.table(report)
        footer = reports.xlsx_footer(report) if fmt == "xlsx" else ()
        name = f"fakturaunderlag-{month:%Y-%m}" + ("-ack" if report["year_to_date"] else "")
        return table_response(fmt, name, headers, rows, title=f"{month:%Y-%m}", footer=footer)


# --- rent runs and rent levels --------------------------------------------------------------


class RentRunFilterSet(FilterSet):
    class Meta:
        model = RentRun
        fields: list[str] = []


class RentRunTable(Table):
    month = tables.Column(
        _("Månad"),
        linkify=lambda record: f"{reverse('rental:ledger')}?manad={record.month:%Y-%m}",
        order_by=("month", "run_at", "id"),
    )
    run_at = tables.Column(_("Körd"), order_by=("run_at", "id"))
    actor = tables.Column(_("Av"), orderable=False)
    lines_added = tables.Column(_("Nya rader"), order_by=("lines_added", "id"))
    amount_added = tables.Column(_("Belopp (kr)"), order_by=("amount_added", "id"))

    class Meta(Table.Meta):
        model = RentRun
        fields = ()
        empty_text = _("Inga körningar ännu.")

    def render_month(self, value):
        return f"{value:%Y-%m}"

    def render_run_at(self, value):
        return local_minute(value)

    def render_actor(self, value):
        return value.get_full_name() or "–"


class RentRunList(ListDefinition):
    """Earlier rent runs, newest first, under the form that runs the rent (G08, G24)."""

    permission = "rental.run_rent"
    filterset_class = RentRunFilterSet
    table_class = RentRunTable
    template = "rental/rent_run.html"
    title = _("Hyreskörning")
    api_url_name = "rent-run-list"
    form = None  # the run form, bound when a run was refused (views.rent_run_page)

    def get_queryset(self):
        return selectors.rent_run_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s tidigare körning", "%(n)s tidigare körningar", count) % {"n": count}

    def get_context(self) -> dict:
        return {"form": self.form or RentRunForm()}


class RentLevelFilterSet(FilterSet):
    """The filters of ``/api/v1/rent-levels/`` (the page compares two years instead)."""

    year = YearFilter(label=_("År"))

    class Meta:
        model = RentLevel
        fields: list[str] = []
