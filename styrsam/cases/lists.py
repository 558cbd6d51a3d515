"""The lists of the cases app, each declared once (``styrsam.core.lists``): my cases, the
open cases by what they wait for, the register of decisions and the inbox. Their filter sets
also filter the API lists (``/api/v1/cases/``, ``/decisions/``, ``/consultations/``,
``/notifications/``), so every filter is in ``/api/schema/`` and a bad value answers 400."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django import forms
from django.db.models import F
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters.widgets import BooleanWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from styrsam.core.lists import FilterSet, ListDefinition, SearchFilter, Table, dash, url_by_pk
from styrsam.guideline.policy import get_policy

from . import selectors
from .models import Case, Consultation, Decision, Notification
from .selectors import DECISION


def _case_type_choices():
    policy = get_policy()
    return [(code, policy.case_type_name(code)) for code in policy.case_type_codes()]


def person_name(person) -> str:
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An object's id: a whole number (``?case=1.5`` answers 400), an integer in the schema;
    hidden on the page (it comes from a link, e.g. a system's page)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        # within the database's ids: a larger number would overflow SQLite's integer (a 500)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class YesNoWidget(BooleanWidget):
    """A yes/no filter in Swedish that also takes ``1``/``0`` and ``true``/``false``."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Alla")), ("true", _("Ja")), ("false", _("Nej"))]


# --- cases -----------------------------------------------------------------------------


class CaseFilterSet(FilterSet):
    q = SearchFilter(fields=["title", "description"], label=_("Sök i rubrik och beskrivning"))
    type = filters.ChoiceFilter(
        field_name="case_type",
        choices=_case_type_choices,
        label=_("Ärendetyp"),
        empty_label=_("Alla"),
    )
    status = filters.ChoiceFilter(
        choices=Case.Status.choices, label=_("Status"), empty_label=_("Alla")
    )
    waiting_for = filters.ChoiceFilter(
        choices=selectors.waiting_choices,
        method="filter_waiting_for",
        label=_("Väntar på"),
        empty_label=_("Vad som helst"),
    )
    system = IdFilter(field_name="system_id", label=_("System"), help_text=_("Systemets id"))

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_waiting_for(self, queryset, name, value: str):
        return queryset.filter(selectors.waiting_for_q(value)) if value else queryset


class CaseTable(Table):
    registration_number = tables.Column(
        _("Diarienummer"),
        linkify=("cases:case_detail", [tables.A("pk")]),
        order_by=("year", "number"),
    )
    title = tables.Column(_("Rubrik"), order_by=("title", "-year", "-number"))
    case_type = tables.Column(_("Ärendetyp"), order_by=("case_type", "-year", "-number"))
    reporting_unit = tables.Column(
        _("Anmälande enhet"),
        accessor="reporting_unit__name",
        order_by=("reporting_unit__name", "-year", "-number"),
        exclude_from_export=True,
    )
    status = tables.Column(_("Status"), order_by=("status", "-year", "-number"))
    system = tables.Column(_("System"), empty_values=(), visible=False)
    reporter = tables.Column(_("Anmält av"), visible=False)
    created_at = tables.Column(_("Anmält"), visible=False)
    waiting = tables.Column(_("Väntar på"), accessor="waiting_name", empty_values=())

    class Meta(Table.Meta):
        model = Case
        fields = ()
        order_by = ("-registration_number",)
        empty_text = _("Inga ärenden matchar filtret.")
        template_name = "components/fast_table.html"

    page_reads = ("series", "year", "number")  # the registration number (a property)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_names = dict(_case_type_choices())

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        the ``render_`` methods, the statuses' labels translated once per page."""
        url = url_by_pk("cases:case_detail")
        statuses = {value: str(label) for value, label in Case.Status.choices}
        return {
            "registration_number": lambda c: (dash(c.registration_number), url(c.pk)),
            "title": lambda c: (dash(c.title), None),
            "case_type": lambda c: (
                dash(c.case_type, self.type_names.get(c.case_type, c.case_type)),
                None,
            ),
            "reporting_unit": lambda c: (
                dash(c.reporting_unit.name if c.reporting_unit_id else None),
                None,
            ),
            "status": lambda c: (dash(statuses.get(c.status, c.status)), None),
            "waiting": lambda c: (self.render_waiting(c), None),
        }

    def render_case_type(self, value):
        return self.type_names.get(value, value)

    def render_status(self, record):
        return record.get_status_display()

    def value_system(self, record):
        return record.system.name if record.system_id else record.proposed_system_name

    def value_reporter(self, value):
        return person_name(value)

    def value_created_at(self, value):
        return timezone.localdate(value)

    def render_waiting(self, record):
        if record.status == Case.Status.READY:
            return _("Beslut")
        return "; ".join(step.name for step in record.blocking_steps) or "–"

    def value_waiting(self, record):
        return "" if record.is_final else str(self.render_waiting(record))

    def order_waiting(self, queryset, is_descending):
        """By the first step the case waits for (ready for decision last), newest first."""
        key = F("waiting_name")
        key = key.desc(nulls_last=True) if is_descending else key.asc(nulls_last=True)
        return queryset.order_by(key, "status", "-year", "-number"), True


class OpenCaseTable(CaseTable):
    class Meta(CaseTable.Meta):
        order_by = ("waiting",)
        empty_text = _("Det finns inga öppna ärenden som matchar filtret.")


class CaseListBase(ListDefinition):
    permission = "cases.view_case"
    filterset_class = CaseFilterSet
    table_class = CaseTable
    template = "cases/case_list.html"
    tab = ""
    page_select_related = ("reporting_unit",)  # reporter and system: the export's only

    def get_context(self) -> dict:
        return {"tab": self.tab}


class MyCaseList(CaseListBase):
    """The cases I reported, with what each waits for."""

    title = _("Mina ärenden")
    tab = "mine"
    export_name = "mina-arenden"
    export_url_name = "cases:case_mine_export"

    def get_queryset(self):
        return selectors.with_waiting(selectors.my_cases(user=self.request.user))

    def caption(self, count: int) -> str:
        return ngettext("%(n)s ärende som du anmält", "%(n)s ärenden som du anmält", count) % {
            "n": count
        }


class OpenCaseList(CaseListBase):
    """Every open case, sorted and filterable by what it waits for: a step not done (G21,
    G23 …) or the decision. Above the table, how many wait for each (links to the filter)."""

    title = _("Öppna ärenden")
    tab = "open"
    table_class = OpenCaseTable
    partial = "cases/_open_results.html"  # the summary follows the filters (htmx)
    export_name = "arenden"
    export_url_name = "cases:case_open_export"

    def get_queryset(self):
        return selectors.with_waiting(selectors.open_cases(user=self.request.user))

    def caption(self, count: int) -> str:
        return ngettext("%(n)s öppet ärende", "%(n)s öppna ärenden", count) % {"n": count}

    def get_context(self) -> dict:
        """The summary by what the cases wait for, under the other filters of the page."""
        params = self.request.GET.copy()
        current = params.pop("waiting_for", [""])[-1]
        params.pop("page", None)
        others = self.filterset_class(
            params, queryset=selectors.open_cases(user=self.request.user), request=self.request
        )
        counts = selectors.waiting_counts(others.qs) if others.is_valid() else {}
        summary = []
        for code, label in selectors.waiting_choices():
            if not counts.get(code):
                continue
            params["waiting_for"] = code
            summary.append(
                {
                    "code": code,
                    "label": label,
                    "count": counts[code],
                    "url": f"?{params.urlencode()}",
                    "current": code == current,
                    "is_decision": code == DECISION,
                }
            )
        return {**super().get_context(), "waiting_summary": summary}


# --- decisions ---------------------------------------------------------------------------


class DecisionFilterSet(FilterSet):
    q = SearchFilter(
        fields=["text", "conditions", "case__title", "system__name"],
        label=_("Sök i beslut, ärende eller system"),
    )
    outcome = filters.ChoiceFilter(
        choices=Decision.Outcome.choices, label=_("Beslut"), empty_label=_("Alla")
    )
    case = IdFilter(field_name="case_id", label=_("Ärende"), help_text=_("Ärendets id"))
    system = IdFilter(field_name="system_id", label=_("System"), help_text=_("Systemets id"))

    class Meta:
        model = Decision
        fields: list[str] = []


class DecisionTable(Table):
    registration_number = tables.Column(
        _("Diarienummer"),
        accessor="case__registration_number",
        order_by=("case__year", "case__number", "-decided_at", "-id"),
    )
    case = tables.Column(_("Ärende"), accessor="case__title", order_by=("case__title", "-id"))
    decided_at = tables.Column(
        _("Beslutsdatum"),
        linkify=("cases:decision_detail", [tables.A("pk")]),
        order_by=("decided_at", "id"),
    )
    outcome = tables.Column(_("Beslut"), order_by=("outcome", "-decided_at", "-id"))
    body = tables.Column(_("Beslutande organ"), order_by=("body", "-decided_at", "-id"))
    text = tables.Column(_("Beslutstext"), visible=False)
    conditions = tables.Column(_("Villkor"), visible=False)
    escalation_reason = tables.Column(_("Skäl för lyft beslut"), visible=False)
    amount_granted = tables.Column(_("Beviljat belopp (kr)"), visible=False)
    system = tables.Column(
        _("System"), accessor="system__name", order_by=("system__name", "-decided_at", "-id")
    )
    corrects = tables.Column(_("Rättar beslut"), accessor="corrects_id", visible=False)
    meeting_reference = tables.Column(_("Sammanträde och paragraf"), visible=False)

    class Meta(Table.Meta):
        model = Decision
        fields = ()
        order_by = ("-decided_at",)
        empty_text = _("Inga beslut matchar sökningen.")
        template_name = "components/fast_table.html"

    # the case's registration number and type (the body's name), whether it corrects one
    page_reads = ("corrects", "case__series", "case__year", "case__number", "case__case_type")

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        the ``render_`` methods, the outcomes' labels translated once per page."""
        url = url_by_pk("cases:decision_detail")
        outcomes = {value: str(label) for value, label in Decision.Outcome.choices}
        correction = str(_("rättelse"))

        def outcome(d):
            label = outcomes.get(d.outcome, d.outcome)
            if label and d.corrects_id:
                return format_html("{} ({})", label, correction)
            return dash(label)

        bodies: dict[tuple[str, str], str] = {}

        def body(d):  # the policy's name, once per body and case type of the page
            key = (d.body, d.case.case_type)
            if key not in bodies:
                bodies[key] = d.body_name
            return bodies[key]

        return {
            "registration_number": lambda d: (dash(d.case.registration_number), None),
            "case": lambda d: (dash(d.case.title), None),
            "decided_at": lambda d: (
                dash(d.decided_at, f"{timezone.localdate(d.decided_at):%Y-%m-%d}"),
                url(d.pk),
            ),
            "outcome": lambda d: (outcome(d), None),
            "body": lambda d: (dash(d.body, body(d)), None),
            "system": lambda d: (dash(d.system.name if d.system_id else None), None),
        }

    def render_decided_at(self, value):
        return f"{timezone.localdate(value):%Y-%m-%d}"

    def value_decided_at(self, value):
        return timezone.localdate(value)

    def render_outcome(self, record):
        if record.corrects_id:
            return format_html("{} ({})", record.get_outcome_display(), _("rättelse"))
        return record.get_outcome_display()

    def value_outcome(self, record):
        return record.get_outcome_display()

    def render_body(self, record):
        return record.body_name

    def value_amount_granted(self, value):
        return int(value)


class DecisionList(ListDefinition):
    """The register of decisions (G13, G21, G23, G27, G29): searchable and exportable;
    corrections are decisions of their own (convention 5)."""

    permission = "cases.view_decision"
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    template = "cases/decision_list.html"
    title = _("Beslutsregister")
    export_name = "beslut"
    export_title = _("Beslut")
    export_url_name = "cases:decision_export"
    api_url_name = "decision-list"
    page_select_related = ("case", "system")  # the others: the export's only

    def get_queryset(self):
        return selectors.decision_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s beslut", "%(n)s beslut", count) % {"n": count}


# --- consultations (the API's list; the page of a consultation is its case's) -----------


class ConsultationFilterSet(FilterSet):
    case = IdFilter(field_name="case_id", label=_("Ärende"), help_text=_("Ärendets id"))
    group = filters.CharFilter(
        field_name="group__code", label=_("Remissinstans"), help_text=_("Gruppens kod")
    )
    open = filters.BooleanFilter(
        field_name="closed_at",
        lookup_expr="isnull",
        label=_("Pågår"),
        help_text=_("true: bara pågående remisser; false: bara avslutade"),
        widget=YesNoWidget,
    )

    class Meta:
        model = Consultation
        fields: list[str] = []


# --- the inbox ---------------------------------------------------------------------------


class NotificationFilterSet(FilterSet):
    unread = filters.BooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label=_("Olästa"),
        help_text=_("true: bara olästa meddelanden; false: bara lästa"),
        widget=YesNoWidget,
    )

    class Meta:
        model = Notification
        fields: list[str] = []


class NotificationTable(Table):
    created_at = tables.Column(_("Tidpunkt"), order_by=("created_at", "id"))
    text = tables.Column(_("Meddelande"), orderable=False)
    status = tables.Column(_("Status"), accessor="read_at", empty_values=(), orderable=False)

    class Meta(Table.Meta):
        model = Notification
        fields = ()
        order_by = ("-created_at",)
        empty_text = _("Inga meddelanden.")

    def render_created_at(self, value):
        local = timezone.localtime(value)
        return format_html(
            '<time datetime="{}">{}</time>',
            f"{local:%Y-%m-%dT%H:%M:%S%z}",
            f"{local:%Y-%m-%d %H:%M}",
        )

    def render_status(self, record):
        if record.read_at:
            if record.url:
                return format_html('{} · <a href="{}">{}</a>', _("Läst"), record.url, _("Öppna"))
            return _("Läst")
        return format_html(
            '<form method="post" action="{}" class="inline-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="small">{}</button></form>',
            reverse("cases:notification_read", args=[record.pk]),
            get_token(self.request),
            _("Öppna och markera läst"),
        )


class InboxList(ListDefinition):
    """What the cases asked of me (also sent by e-mail)."""

    filterset_class = NotificationFilterSet
    table_class = NotificationTable
    template = "cases/inbox.html"
    title = _("Inkorg")
    api_url_name = "notification-list"

    def get_queryset(self):
        return selectors.inbox(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s meddelande", "%(n)s meddelanden", count) % {"n": count}

    def get_context(self) -> dict:
        return {"tab": "inbox"}
