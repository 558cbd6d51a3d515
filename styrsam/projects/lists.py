"""The projects app's lists (``styrsam.core.lists``): the portfolio and the staffing. The
pages, their Excel/CSV exports and the API's filters come from here."""

from __future__ import annotations

import datetime

import django_filters as filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.access import rules_allow
from styrsam.core.lists import FilterSet, IdFilter, ListDefinition, SearchFilter, Table, YearFilter
from styrsam.organisation.models import Committee
from styrsam.organisation.selectors import unit_choices

from . import selectors, services
from .models import Light, MissionPlan, OperationalPlan, Project, Staffing


def _unit_choices():
    return unit_choices(active_only=True)


def person_name(person) -> str:
    if person is None:
        return ""
    return person.get_full_name() or person.get_username()


class ProjectFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "description"], label=_("Sök namn eller beskrivning"))
    department = filters.ChoiceFilter(
        field_name="department__code",
        choices=_unit_choices,
        label=_("Förvaltning"),
        empty_label=_("Alla"),
        help_text=_("Kod för förvaltningen, t.ex. vof"),
    )
    phase = filters.ChoiceFilter(
        choices=Project.Phase.choices, label=_("Fas"), empty_label=_("Alla")
    )
    light = filters.ChoiceFilter(
        field_name="latest_light",
        choices=Light.choices,
        label=_("Senaste trafikljus"),
        empty_label=_("Alla"),
    )
    goal = IdFilter(field_name="goal_id", label=_("Mål (id)"))
    case = IdFilter(field_name="case_id", label=_("Anmälan (ärende-id)"))
    year = YearFilter(
        method="filter_year",
        label=_("År"),
        help_text=_("Projekt som pågår (planerat eller faktiskt) någon gång under året"),
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def filter_year(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(year_q(value))


def year_q(year: int) -> Q:
    """Projects whose time (actual, else planned; an open end runs on) touches ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    starts = Q(actual_start__lte=last) | Q(actual_start__isnull=True, planned_start__lte=last)
    ends = (
        Q(actual_end__gte=first)
        | Q(actual_end__isnull=True, planned_end__gte=first)
        | Q(actual_end__isnull=True, planned_end__isnull=True)
    )
    return starts & ends


def _date(value):
    return value.isoformat() if value else ""


class ProjectTable(Table):
    name = tables.Column(_("Projekt"), linkify=True, order_by=("name", "pk"))
    department = tables.Column(
        _("Förvaltning"), accessor="department__name", order_by=("department__name", "name", "pk")
    )
    phase = tables.Column(_("Fas"), order_by=("phase", "name", "pk"))
    latest_light = tables.Column(_("Trafikljus"), order_by=("latest_light", "name", "pk"))
    goal = tables.Column(_("Mål"), accessor="goal", order_by=("goal__number", "name", "pk"))
    start = tables.Column(
        _("Start"), accessor="planned_start", order_by=("planned_start", "name", "pk")
    )
    end = tables.Column(_("Slut"), accessor="planned_end", order_by=("planned_end", "name", "pk"))
    manager = tables.Column(_("Projektledare"), orderable=False)
    origin = tables.Column(_("Ursprung"), visible=False)
    budget = tables.Column(_("Budget (kr)"), visible=False)
    case = tables.Column(_("Anmälan"), accessor="case__registration_number", visible=False)

    class Meta(Table.Meta):
        model = Project
        fields = ()
        order_by = ("department",)
        empty_text = _("Inga projekt matchar filtret.")
        template_name = "components/fast_table.html"

    #: what the cells read besides the visible columns' fields (``Table.page_reads``)
    page_reads = (
        "actual_start",
        "actual_end",
        "goal__number",
        "goal__title",
        "manager__first_name",
        "manager__last_name",
        "manager__username",
    )

    def cell_texts(self):
        """The cells' texts as (text, link) per column, in one pass with the same texts as
        the ``render_`` methods (rendered by ``Table.page_rows_html``): django-tables2 calls a
        ``render_`` method per cell through a signature inspection, and a reverse() per
        link, which made 50 rows cost about 100 ms of CPU (docs/performance.md). The labels
        of the phases and lights are translated once per page, not per row."""
        base = reverse("projects:project_detail", args=[0])[: -len("0/")]
        phases = {value: str(label) for value, label in Project.Phase.choices}
        lights = {value: str(label) for value, label in Light.choices}
        texts = {
            "name": lambda p: (p.name, f"{base}{p.pk}/"),
            "department": lambda p: (p.department.name, None),
            "phase": lambda p: (phases.get(p.phase, p.phase), None),
            "latest_light": lambda p: (lights[p.latest_light] if p.latest_light else "–", None),
            "goal": lambda p: (self.render_goal(p), None),
            "start": lambda p: (self.render_start(p), None),
            "end": lambda p: (self.render_end(p), None),
            "manager": lambda p: (self.render_manager(p.manager), None),
        }
        return texts

    def render_phase(self, record):
        return record.get_phase_display()

    value_phase = render_phase

    def render_latest_light(self, record):
        return Light(record.latest_light).label if record.latest_light else "–"

    def value_latest_light(self, record):
        return Light(record.latest_light).label if record.latest_light else ""

    def render_goal(self, record):
        return str(record.goal) if record.goal_id else "–"

    value_goal = render_goal

    def render_start(self, record):
        return _date(record.actual_start or record.planned_start) or "–"

    def value_start(self, record):
        return record.actual_start or record.planned_start

    def render_end(self, record):
        return _date(record.actual_end or record.planned_end) or "–"

    def value_end(self, record):
        return record.actual_end or record.planned_end

    def render_manager(self, value):
        return person_name(value) or "–"

    def value_manager(self, value):
        return person_name(value)

    def render_origin(self, record):
        return record.origin_label

    value_origin = render_origin


class ProjectList(ListDefinition):
    permission = "projects.view_projects"
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    template = "projects/project_list.html"
    title = _("Projektportfölj")
    export_name = "projektportfolj"
    export_url_name = "projects:project_export"
    api_url_name = "project-list"

    def get_queryset(self):
        return selectors.project_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s projekt", "%(n)s projekt", count) % {"n": count}

    def get_context(self) -> dict:
        # asked of the rules: a "no" from Django's model backend costs two queries
        return {
            "can_add": rules_allow(self.request.user, "projects.add_project"),
            # the policy's group the lights come from (issue 21)
            "reporting_group": services.reporting_group_name(),
        }


class StaffingFilterSet(FilterSet):
    project = IdFilter(field_name="project_id", label=_("Projekt (id)"))
    person = IdFilter(field_name="person_id", label=_("Person (id)"))
    active_on = filters.DateFilter(
        method="filter_active_on",
        label=_("Bemannad dag"),
        widget=filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Staffing
        fields: list[str] = []

    def filter_active_on(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(start__lte=value, end__gte=value)


class StaffingTable(Table):
    person = tables.Column(
        _("Person"), order_by=("person__last_name", "person__first_name", "start", "pk")
    )
    project = tables.Column(
        _("Projekt"),
        linkify=lambda record: record.project.get_absolute_url(),
        order_by=("project__name", "start", "pk"),
    )
    department = tables.Column(
        _("Förvaltning"), accessor="project__department__name", orderable=False
    )
    percent = tables.Column(_("Andel (%)"), order_by=("percent", "pk"))
    start = tables.DateColumn("Y-m-d", verbose_name=_("Från"), order_by=("start", "pk"))
    end = tables.DateColumn("Y-m-d", verbose_name=_("Till"), order_by=("end", "pk"))
    role = tables.Column(_("Uppgift"), orderable=False)

    class Meta(Table.Meta):
        model = Staffing
        fields = ()
        order_by = ("person",)
        empty_text = _("Ingen bemanning matchar filtret.")
        template_name = "components/fast_table.html"

    #: what the cells read besides the visible columns' fields (``Table.page_reads``)
    page_reads = ("person__first_name", "person__last_name", "person__username", "project__name")

    def cell_texts(self):
        """The cells' texts in one pass, the same texts as django-tables2 renders them
        (``Table.page_rows_html``; docs/performance.md): a missing value is "–"."""
        base = reverse("projects:project_detail", args=[0])[: -len("0/")]
        texts = {
            "person": lambda s: (person_name(s.person) or "–", None),
            "project": lambda s: (s.project.name, f"{base}{s.project_id}/"),
            "department": lambda s: (
                s.project.department.name if s.project.department_id else "–",
                None,
            ),
            "percent": lambda s: (s.percent, None),
            "start": lambda s: (_date(s.start) or "–", None),
            "end": lambda s: (_date(s.end) or "–", None),
            "role": lambda s: (s.role or "–", None),
        }
        return texts

    def render_person(self, value):
        return person_name(value)

    value_person = render_person

    def render_project(self, record):
        return record.project.name

    value_project = render_project


class StaffingList(ListDefinition):
    permission = "projects.view_projects"
    filterset_class = StaffingFilterSet
    table_class = StaffingTable
    template = "projects/staffing_list.html"
    title = _("IT-enhetens bemanning av projekt")
    export_name = "bemanning"
    export_url_name = "projects:staffing_export"
    api_url_name = "staffing-list"

    def get_queryset(self):
        return selectors.staffing_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s bemanning", "%(n)s bemanningar", count) % {"n": count}


def _department_filter():
    return filters.ChoiceFilter(
        field_name="department__code",
        choices=_unit_choices,
        label=_("Förvaltning"),
        empty_label=_("Alla"),
    )


def _committee_choices():
    return list(Committee.objects.order_by("-is_executive", "name").values_list("code", "name"))


class MissionPlanFilterSet(FilterSet):
    year = YearFilter(lookup_expr="exact")
    committee = filters.ChoiceFilter(
        field_name="committee__code",
        choices=_committee_choices,
        label=_("Nämnd"),
        empty_label=_("Alla"),
    )

    class Meta:
        model = MissionPlan
        fields: list[str] = []


class OperationalPlanFilterSet(FilterSet):
    year = YearFilter(lookup_expr="exact")
    department = _department_filter()

    class Meta:
        model = OperationalPlan
        fields: list[str] = []
