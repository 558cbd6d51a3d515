"""The lists of meetings, declared once (``styrsam.core.lists``): filters, columns, sorting and
export. The pages, their htmx partials, the Excel/CSV exports and the API's filters of
``/api/v1/meetings/``, ``/agenda-items/``, ``/minute-items/`` and ``/company-meetings/`` all
come from here.

The compliance page (G13–G16, G04) is computed per group, not a queryset: its table is
declared here too (:class:`ComplianceTable`), so the page and its Excel export show the same
columns."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.access import may
from styrsam.core.lists import (
    FilterSet,
    IdFilter,
    ListDefinition,
    Table,
    YearFilter,
    dash,
    url_by_pk,
)
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup

from . import selectors
from .compliance import (
    companies_without_meeting,
    company_meeting_role_name,
    company_obligation,
)
from .forms import CompanyMeetingForm
from .models import AgendaItem, CompanyMeeting, Meeting, MinuteItem


def person_name(person) -> str:
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


# --- filters ---------------------------------------------------------------------------------


def _group_choices():
    return [(code, gp.name) for code, gp in get_policy().groups.items()]


class MeetingFilterSet(FilterSet):
    group = filters.ChoiceFilter(
        field_name="group__code",
        choices=_group_choices,
        label=_("Grupp"),
        empty_label=_("Alla"),
        help_text=_("Gruppens kod i policyn"),
    )
    year = YearFilter(field_name="date", label=_("År"))
    status = filters.ChoiceFilter(
        choices=Meeting.Status.choices, label=_("Status"), empty_label=_("Alla")
    )

    class Meta:
        model = Meeting
        fields: list[str] = []


class AgendaItemFilterSet(FilterSet):
    meeting = IdFilter(field_name="meeting_id", label=_("Möte"))

    class Meta:
        model = AgendaItem
        fields: list[str] = []


class MinuteItemFilterSet(FilterSet):
    meeting = IdFilter(field_name="meeting_id", label=_("Möte"))
    group = filters.ChoiceFilter(
        field_name="group__code", choices=_group_choices, label=_("Grupp"), empty_label=_("Alla")
    )
    year = YearFilter(field_name="year", lookup_expr="exact", label=_("År"))

    class Meta:
        model = MinuteItem
        fields: list[str] = []


class CompanyMeetingFilterSet(FilterSet):
    year = YearFilter(field_name="date", label=_("År"))

    class Meta:
        model = CompanyMeeting
        fields: list[str] = []


class ThisYearList(ListDefinition):
    """A list that opens on this year: without a ``year`` parameter the filter takes the
    current year; an empty ``year=`` shows every year. ``self.year`` is the year shown."""

    year: int | None = None

    filter_defaults = {"year": lambda: str(timezone.localdate().year)}  # noqa: RUF012

    def filterset(self) -> FilterSet:
        filterset = super().filterset()
        self.year = self.filter_values.get("year")
        return filterset


# --- the meetings list -----------------------------------------------------------------------


class MeetingTable(Table):
    date = tables.DateColumn(
        "Y-m-d",
        verbose_name=_("Datum"),
        linkify=("meetings:meeting_detail", [tables.A("pk")]),
        order_by=("date", "start_time", "pk"),
    )
    group = tables.Column(
        _("Grupp"), accessor="group__name", order_by=("group__name", "date", "start_time", "pk")
    )
    time = tables.Column(
        _("Tid"),
        accessor="start_time",
        order_by=("start_time", "date", "pk"),
        exclude_from_export=True,
    )
    start_time = tables.Column(_("Starttid"), visible=False)
    end_time = tables.Column(_("Sluttid"), visible=False)
    place = tables.Column(_("Plats"), empty_values=(), order_by=("place", "date", "pk"))
    status = tables.Column(_("Status"), order_by=("status", "date", "pk"))
    minutes_locked_at = tables.Column(_("Protokollet justerat"), visible=False)
    chair = tables.Column(
        _("Ordförande"), order_by=("chair__last_name", "chair__first_name", "date", "pk")
    )
    convener = tables.Column(_("Sammankallande"), visible=False)
    secretary = tables.Column(_("Sekreterare"), visible=False)

    class Meta(Table.Meta):
        model = Meeting
        fields = ()
        order_by = ("date",)
        empty_text = _("Inga möten matchar filtret.")
        template_name = "components/fast_table.html"

    # the time's end, the place's link, the minutes' adjustment, the chair's name
    page_reads = (
        "end_time",
        "online_link",
        "minutes_locked_at",
        "chair__first_name",
        "chair__last_name",
        "chair__username",
    )

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        the ``render_`` methods, the statuses' labels translated once per page."""
        url = url_by_pk("meetings:meeting_detail")
        statuses = {value: str(label) for value, label in Meeting.Status.choices}
        return {
            "date": lambda m: (dash(m.date, f"{m.date:%Y-%m-%d}" if m.date else ""), url(m.pk)),
            "group": lambda m: (dash(m.group.name if m.group_id else None), None),
            "time": lambda m: (dash(m.start_time, m.start_time and self.render_time(m)), None),
            "place": lambda m: (self.render_place(m), None),
            "status": lambda m: (
                dash(
                    statuses.get(m.status, m.status),
                    m.status and self.render_status(m, statuses.get(m.status, m.status)),
                ),
                None,
            ),
            "chair": lambda m: (dash(m.chair_id, m.chair_id and person_name(m.chair)), None),
        }

    def value_date(self, value):
        return value

    def render_time(self, record):
        end = f"–{record.end_time:%H:%M}" if record.end_time else ""
        return f"{record.start_time:%H:%M}{end}"

    def render_place(self, record):
        return record.place or record.online_link or "–"

    def value_place(self, record):
        return record.place or record.online_link

    def render_status(self, record, value):
        if record.minutes_locked_at:
            return format_html("{} · {}", value, _("protokoll justerat"))
        return value

    def value_status(self, value):
        return value

    def value_minutes_locked_at(self, value):
        return timezone.localtime(value).date()

    def render_chair(self, value):
        return person_name(value)

    value_chair = render_chair
    render_convener = render_chair
    value_convener = render_chair
    render_secretary = render_chair
    value_secretary = render_chair


class MeetingList(ThisYearList):
    """The meetings of the groups the user sits in (all groups for the coordinating role),
    this year's unless the user picks another year."""

    permission = "meetings.view_meetings"
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    template = "meetings/meeting_list.html"
    title = _("Möten")
    export_name = "moten"
    export_url_name = "meetings:meeting_export"
    api_url_name = "meeting-list"

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def caption(self, count: int) -> str:
        year = self.year
        if year:
            return ngettext("%(n)s möte %(y)s", "%(n)s möten %(y)s", count) % {
                "n": count,
                "y": year,
            }
        return ngettext("%(n)s möte", "%(n)s möten", count) % {"n": count}

    def get_context(self) -> dict:
        can_plan = may(self.request.user, "meetings.plan_meeting", None)
        groups = []
        if can_plan:
            groups = list(
                GovernanceGroup.objects.filter(code__in=list(get_policy().groups)).order_by("id")
            )
        return {"can_plan": can_plan, "groups": groups, "year": self.year}


# --- the company meetings list (G04) ----------------------------------------------------------


class CompanyMeetingTable(Table):
    date = tables.DateColumn("Y-m-d", verbose_name=_("Datum"), order_by=("date", "pk"))
    company = tables.Column(
        _("Bolag"), accessor="company__name", order_by=("company__name", "date", "pk")
    )
    company_code = tables.Column(_("Bolagets kod"), accessor="company__code", visible=False)
    coordination = tables.Column(_("Samordning"), orderable=False)
    needs = tables.Column(_("Fångade behov"), orderable=False)
    projects = tables.Column(_("Informerade projekt"), orderable=False)
    held_by = tables.Column(
        _("Genomfört av"), order_by=("held_by__last_name", "held_by__first_name", "date", "pk")
    )
    status = tables.Column(_("Status"), accessor="date", empty_values=(), orderable=False)

    class Meta(Table.Meta):
        model = CompanyMeeting
        fields = ()
        order_by = ("-date",)
        empty_text = _("Inga bolagsmöten registrerade detta år.")

    def value_date(self, value):
        return value

    def render_held_by(self, value):
        return person_name(value)

    value_held_by = render_held_by

    def render_status(self, record):
        return _("Planerat") if record.is_planned_on(timezone.localdate()) else _("Hållet")

    value_status = render_status


class CompanyMeetingList(ThisYearList):
    """The company meetings of a year (this year's unless the user picks another), with the
    form to record one for the role the obligation makes responsible (G04)."""

    permission = "meetings.view_compliance"
    filterset_class = CompanyMeetingFilterSet
    table_class = CompanyMeetingTable
    template = "meetings/company_meetings.html"
    title = _("Bolagsmöten")
    export_name = "bolagsmoten"
    export_url_name = "meetings:company_meeting_export"
    api_url_name = "company-meeting-list"
    record_form: forms.Form | None = None  # the bound form after a refused POST

    def get_queryset(self):
        return selectors.company_meeting_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s bolagsmöte", "%(n)s bolagsmöten", count) % {"n": count}

    def get_context(self) -> dict:
        policy = get_policy()
        year = self.year or timezone.localdate().year
        can_record = may(self.request.user, "meetings.record_company_meeting")
        return {
            "year": year,
            "missing_companies": companies_without_meeting(policy=policy, year=year),
            "obligation": company_obligation(policy) or {},
            "company_role": company_meeting_role_name(policy),
            "can_record": can_record,
            "form": (self.record_form or CompanyMeetingForm()) if can_record else None,
        }


# --- the compliance page's table (computed) -----------------------------------------------------


class ComplianceTable(Table):
    """One row per policy group (``compliance.GroupCompliance``): the page shows the
    requirement as one column and the status with what is missing; the export has the
    minimum and maximum as numbers and the status as text."""

    group = tables.Column(_("Grupp"), accessor="group__name")
    rule = tables.Column(_("Regel"))
    held = tables.Column(_("Genomförda"))
    planned = tables.Column(_("Planerade"))
    required = tables.Column(_("Krav"), exclude_from_export=True)
    min = tables.Column(_("Minst"), visible=False)
    max = tables.Column(_("Högst"), visible=False)
    status = tables.Column(_("Status"))

    class Meta(Table.Meta):
        orderable = False
        empty_text = _("Policyn har inga grupper.")

    def render_group(self, record, value):
        url = reverse("meetings:meeting_list")
        return format_html(
            '<a href="{}?group={}&amp;year={}">{}</a>', url, record.code, record.year, value
        )

    def value_group(self, value):
        return value

    def render_status(self, record):
        label = format_html('<span class="status {}">{}</span>', record.level, record.label)
        if not record.missing:
            return label
        more = ngettext("%(n)s möte till behövs", "%(n)s möten till behövs", record.missing) % {
            "n": record.missing
        }
        return format_html("{} – {}", label, more)

    def value_status(self, record):
        return record.label
