"""The service desk's lists, declared once (``styrsam.core.lists``): the catalogue, my orders,
all orders the user may see (with export), the approval queue and the fulfilment queue (G07).
The pages, their htmx partials, the order export and the filters of ``/api/v1/catalogue/``
and ``/api/v1/orders/`` come from here."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.lists import (
    BooleanSelect,
    ExportFields,
    FilterSet,
    ListDefinition,
    Table,
    dash,
    url_by_pk,
)

from . import selectors
from .models import CatalogueItem, Order

# --- the catalogue --------------------------------------------------------------------------


class CatalogueFilterSet(FilterSet):
    kind = filters.ChoiceFilter(
        choices=CatalogueItem.Kind.choices, label=_("Slag"), empty_label=_("Alla")
    )
    include_inactive = filters.BooleanFilter(
        label=_("Visa inaktiva artiklar"),
        help_text=_("Ta med inaktiva artiklar; bara för dem som förvaltar katalogen."),
        method="filter_include_inactive",
        widget=BooleanSelect([("true", _("Ja")), ("false", _("Nej"))]),
    )

    class Meta:
        model = CatalogueItem
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("servicedesk.manage_catalogue"):
            del self.filters["include_inactive"]  # only managers see retired articles

    def filter_include_inactive(self, queryset, name, value):
        return queryset  # applied in filter_queryset: its absence also filters

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_inactive"):
            queryset = queryset.filter(is_active=True)
        return queryset


class ActionsColumn(tables.Column):
    """The links of a row (order, change); its header is read by screen readers only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(**kwargs)

    @property
    def header(self):
        return format_html('<span class="visually-hidden">{}</span>', _t("Åtgärd"))


class CatalogueTable(Table):
    name = tables.Column(_("Artikel"), order_by=("name", "pk"))
    kind = tables.Column(_("Slag"), order_by=("kind", "name"))
    description = tables.Column(_("Beskrivning"), orderable=False)
    rented = tables.Column(_("Hyrs eller köps"), orderable=False, empty_values=())
    actions = ActionsColumn(accessor="pk")

    class Meta(Table.Meta):
        model = CatalogueItem
        fields = ()
        empty_text = _("Inga artiklar.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(getattr(self, "request", None), "user", None)
        self.can_manage = bool(user and user.has_perm("servicedesk.manage_catalogue"))

    def render_name(self, record, value):
        if record.is_active:
            return value
        return format_html('{} <span class="status warning">{}</span>', value, _t("Inaktiv"))

    def render_kind(self, record):
        if record.system_id:
            return f"{record.get_kind_display()} – {record.system.name}"
        return record.get_kind_display()

    def render_rented(self, record):
        if record.rented:
            return _t("Hyrs (%(t)s)") % {"t": record.asset_type.name}
        if record.price:
            return _t("Köps, %(p)s kr") % {"p": intcomma(floatformat(record.price, 0))}
        return "–"

    def render_actions(self, record):
        links = []
        if record.is_active:
            url = reverse("servicedesk:order_create", args=[record.pk])
            links.append((url, _t("Beställ %(n)s") % {"n": record.name}, _t("Beställ")))
        if self.can_manage:
            url = reverse("servicedesk:item_edit", args=[record.pk])
            links.append((url, _t("Ändra %(n)s") % {"n": record.name}, _t("Ändra")))
        return format_html_join(" · ", '<a href="{}" aria-label="{}">{}</a>', links) or "–"


class CatalogueList(ListDefinition):
    """What the departments order through the service desk (G07); retired articles are shown
    to those who manage the catalogue."""

    permission = "servicedesk.view_catalogue"
    filterset_class = CatalogueFilterSet
    table_class = CatalogueTable
    template = "servicedesk/catalogue.html"
    title = _("Beställ via kundservice")
    filter_defaults = {"include_inactive": "true"}  # managers see every article by default

    def get_queryset(self):
        manages = self.request.user.has_perm("servicedesk.manage_catalogue")
        return selectors.catalogue_list(user=self.request.user, include_inactive=manages)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s artikel", "%(n)s artiklar", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_manage": self.request.user.has_perm("servicedesk.manage_catalogue")}


# --- orders ---------------------------------------------------------------------------------


class OrderFilterSet(FilterSet):
    status = filters.ChoiceFilter(
        choices=Order.Status.choices, label=_("Status"), empty_label=_("Alla")
    )

    class Meta:
        model = Order
        fields: list[str] = []


class OrderQueueFilterSet(FilterSet):
    """A queue is what it is: no filters."""

    class Meta:
        model = Order
        fields: list[str] = []


def person_name(person) -> str:
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


def _row_person_name(row: dict, prefix: str) -> str | None:
    """``person_name`` of the person ``prefix`` of a values() row; ``None`` for no one."""
    username = row[f"{prefix}__username"]
    if username is None:
        return None
    full = f"{row[f'{prefix}__first_name']} {row[f'{prefix}__last_name']}".strip()
    return full or username


_STATUS = dict(Order.Status.choices)


class OrderTable(Table):
    number = tables.Column(
        _("Nr"),
        accessor="pk",
        linkify=("servicedesk:order_detail", [tables.A("pk")]),
        order_by=("id",),
    )
    item = tables.Column(_("Artikel"), accessor="item__name", order_by=("item__name", "id"))
    quantity = tables.Column(_("Antal"), order_by=("quantity", "id"))
    department = tables.Column(
        _("Förvaltning"), accessor="department__name", order_by=("department__name", "id")
    )
    for_person = tables.Column(_("Till"), orderable=False)
    ordered_by = tables.Column(_("Beställd av"), visible=False)
    created_at = tables.Column(_("Beställd"), order_by=("created_at", "id"))
    status = tables.Column(_("Status"), order_by=("status", "id"))
    delivery_date = tables.DateColumn("Y-m-d", verbose_name=_("Leveransdatum"), visible=False)

    class Meta(Table.Meta):
        model = Order
        fields = ()
        empty_text = _("Inga beställningar.")
        template_name = "components/fast_table.html"

    # the recipient's name (``person_name``)
    page_reads = ("for_person__first_name", "for_person__last_name", "for_person__username")

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        the ``render_`` methods, the statuses' labels translated once per page."""
        url = url_by_pk("servicedesk:order_detail")
        statuses = {value: str(label) for value, label in Order.Status.choices}
        return {
            "number": lambda o: (dash(o.pk, f"#{o.pk}"), url(o.pk)),
            "item": lambda o: (dash(o.item.name if o.item_id else None), None),
            "quantity": lambda o: (dash(o.quantity, formats.localize(o.quantity)), None),
            "department": lambda o: (dash(o.department.name if o.department_id else None), None),
            "for_person": lambda o: (dash(o.for_person_id, person_name(o.for_person)), None),
            "created_at": lambda o: (
                dash(o.created_at, o.created_at and self.render_created_at(o.created_at)),
                None,
            ),
            "status": lambda o: (dash(statuses.get(o.status, o.status)), None),
        }

    # the export reads values() rows (issue 18): names and the status's text from their fields
    export_fields = {  # noqa: RUF012 - read only, as django-tables2's Meta attributes
        "for_person": ExportFields(
            ("for_person__first_name", "for_person__last_name", "for_person__username"),
            lambda row: _row_person_name(row, "for_person"),
        ),
        "ordered_by": ExportFields(
            ("ordered_by__first_name", "ordered_by__last_name", "ordered_by__username"),
            lambda row: _row_person_name(row, "ordered_by"),
        ),
        "status": ExportFields(("status",), lambda row: _STATUS.get(row["status"], row["status"])),
    }

    def render_number(self, value):
        return f"#{value}"

    def value_number(self, value):
        return value

    def render_for_person(self, value):
        return person_name(value)

    value_for_person = render_for_person
    render_ordered_by = render_for_person
    value_ordered_by = render_for_person

    def render_created_at(self, value):
        return f"{timezone.localdate(value):%Y-%m-%d}"

    def value_created_at(self, value):
        return timezone.localdate(value)

    def render_status(self, record):
        return record.get_status_display()

    value_status = render_status

    def value_delivery_date(self, value):
        return value


def _order_caption(count: int) -> str:
    return ngettext("%(n)s beställning", "%(n)s beställningar", count) % {"n": count}


class OrderList(ListDefinition):
    """Every order the user is party to; the service desk sees all (G07)."""

    filterset_class = OrderFilterSet
    table_class = OrderTable
    template = "servicedesk/order_list.html"
    title = _("Beställningar")
    export_name = "bestallningar"
    export_url_name = "servicedesk:order_export"
    export_title = _("Beställningar")
    api_url_name = "order-list"
    page_select_related = ("item", "department", "for_person")  # the others: the export's

    def get_queryset(self):
        return self.rows(selectors.order_list(user=self.request.user))

    @staticmethod
    def rows(orders):
        """The table shows neither approvals nor delivered assets: no prefetch of them."""
        return orders.prefetch_related(None)

    def caption(self, count: int) -> str:
        return _order_caption(count)


class MyOrderList(OrderList):
    """The orders the user placed or that are for the user: how they are getting on."""

    filterset_class = OrderQueueFilterSet
    title = _("Mina beställningar")
    export_name = None
    export_url_name = None
    api_url_name = None

    def get_queryset(self):
        return self.rows(selectors.my_orders(user=self.request.user))


class ApprovalQueue(MyOrderList):
    """Orders waiting for the user's answer (G07), oldest first."""

    template = "servicedesk/queue.html"
    title = _("Att godkänna")
    intro = _(
        "Beställningar från din förvaltning, eller behörigheter i system du äger, som väntar "
        "på ditt godkännande (G07)."
    )

    def get_queryset(self):
        return self.rows(selectors.approval_queue(user=self.request.user))


class FulfilmentQueue(ApprovalQueue):
    """Approved orders the IT unit is to deliver (G06, G07), oldest first."""

    permission = "servicedesk.fulfil_orders"
    title = _("Att leverera")
    intro = _("Godkända beställningar som IT-enheten ska leverera (G06, G07).")

    def get_queryset(self):
        return self.rows(selectors.fulfilment_queue(user=self.request.user))
