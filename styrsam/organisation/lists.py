"""The organisation's lists, each declared once (``styrsam.core.lists``): units, people (with
its Excel export) and the policy's groups. The pages, their htmx partials, the export and the
API's filters (``/api/v1/org-units/``, ``people/``, ``groups/``, ``committees/``,
``memberships/``) all come from here."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.lists import (
    ExportFields,
    FilterSet,
    IdFilter,
    ListDefinition,
    SearchFilter,
    Table,
    dash,
    url_by_pk,
)
from styrsam.guideline.policy import get_policy

from . import selectors
from .models import Committee, GovernanceGroup, Membership, OrgUnit, RoleAssignment
from .selectors import unit_choices

User = get_user_model()


def person_name(person) -> str:
    """What a page calls a person: the full name, else the username."""
    return person.get_full_name() or person.get_username()


def _role_choices():
    return get_policy().role_choices()


def _unit_choices():
    return unit_choices(active_only=False)


def _committee_choices():
    return list(Committee.objects.order_by("-is_executive", "name").values_list("code", "name"))


# --- units ---------------------------------------------------------------------------------


class OrgUnitFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "code"], label=_("Sök namn eller kod"))
    kind = filters.ChoiceFilter(choices=OrgUnit.Kind.choices, label=_("Typ"), empty_label=_("Alla"))
    committee = filters.ChoiceFilter(
        field_name="committee__code",
        choices=_committee_choices,
        label=_("Nämnd"),
        empty_label=_("Alla"),
    )

    class Meta:
        model = OrgUnit
        fields: list[str] = []


class OrgUnitTable(Table):
    name = tables.Column(_("Namn"), order_by=("name", "pk"))
    kind = tables.Column(_("Typ"), order_by=("kind", "name", "pk"))
    committee = tables.Column(
        _("Nämnd"), accessor="committee__name", order_by=("committee__name", "name", "pk")
    )
    people_count = tables.Column(_("Personer"), order_by=("people_count", "name", "pk"))
    edit = tables.Column(
        _("Ändra"), accessor="pk", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta(Table.Meta):
        model = OrgUnit
        fields = ()
        empty_text = _("Inga enheter matchar filtret.")
        template_name = "components/fast_table.html"

    page_reads = ("code",)  # the link to the unit's people

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same HTML as the
        ``render_`` methods, the URLs reversed once per page."""
        people = reverse("organisation:person_list")
        edit = url_by_pk("organisation:unit_edit")
        kinds = {value: str(label) for value, label in OrgUnit.Kind.choices}
        change = str(_("Ändra"))
        return {
            "name": lambda u: (
                dash(u.name, format_html('<a href="{}?unit={}">{}</a>', people, u.code, u.name)),
                None,
            ),
            "kind": lambda u: (dash(kinds.get(u.kind, u.kind)), None),
            "committee": lambda u: (dash(u.committee.name if u.committee_id else None), None),
            "people_count": lambda u: (
                dash(u.people_count, formats.localize(u.people_count)),
                None,
            ),
            "edit": lambda u: (
                format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                    edit(u.pk),
                    change,
                    u.name,
                ),
                None,
            ),
        }

    def __init__(self, *args, request=None, **kwargs):
        # the edit link only for those who may edit (issue 21: set-up without a developer)
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("organisation.manage_organisation"):
            kwargs["exclude"] = ("edit",)
        super().__init__(*args, request=request, **kwargs)

    def render_edit(self, record):
        url = reverse("organisation:unit_edit", args=[record.pk])
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            url,
            _("Ändra"),
            record.name,
        )

    def render_name(self, record, value):
        url = reverse("organisation:person_list")
        return format_html('<a href="{}?unit={}">{}</a>', url, record.code, value)


class OrgUnitList(ListDefinition):
    """The municipality's departments, companies and staff units, and its committees."""

    permission = "organisation.view_organisation"
    filterset_class = OrgUnitFilterSet
    table_class = OrgUnitTable
    template = "organisation/unit_list.html"
    title = _("Organisation")
    api_url_name = "org-unit-list"

    def get_queryset(self):
        return selectors.org_unit_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s enhet", "%(n)s enheter", count) % {"n": count}

    def get_context(self) -> dict:
        return {
            "committees": selectors.committee_list(user=self.request.user),
            "can_manage": self.request.user.has_perm("organisation.manage_organisation"),
        }


class CommitteeFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "code"], label=_("Sök namn eller kod"))

    class Meta:
        model = Committee
        fields: list[str] = []


# --- people --------------------------------------------------------------------------------


class PersonFilterSet(FilterSet):
    q = SearchFilter(
        fields=["first_name", "last_name", "username", "profile__title"],
        label=_("Sök namn, användarnamn eller titel"),
    )
    role = filters.ChoiceFilter(
        choices=_role_choices,
        method="filter_role",
        label=_("Roll"),
        empty_label=_("Alla"),
    )
    unit = filters.ChoiceFilter(
        field_name="profile__unit__code",
        choices=_unit_choices,
        label=_("Enhet"),
        empty_label=_("Alla"),
    )

    class Meta:
        model = User
        fields: list[str] = []

    def filter_role(self, queryset, name: str, value: str):
        return queryset.filter(selectors.holding_role(value)) if value else queryset


class PersonTable(Table):
    name = tables.Column(
        _("Namn"),
        accessor="username",
        linkify=("organisation:person_detail", [tables.A("pk")]),
        order_by=("last_name", "first_name", "username"),
    )
    username = tables.Column(_("Användarnamn"), order_by=("username",))
    title = tables.Column(
        _("Titel"), accessor="profile__title", order_by=("profile__title", "last_name", "username")
    )
    unit = tables.Column(
        _("Enhet"),
        accessor="profile__unit__name",
        order_by=("profile__unit__name", "last_name", "username"),
    )
    roles = tables.Column(_("Roller"), accessor="active_roles", orderable=False)

    class Meta(Table.Meta):
        model = User
        fields = ()
        empty_text = _("Inga personer matchar filtret.")
        template_name = "components/fast_table.html"

    page_reads = ("first_name", "last_name")  # the name (``person_name``)

    def cell_texts(self):
        """The page's cells in one pass (``Table.page_cells``, issue 18): the same texts as
        the ``render_`` methods; a person without a profile has no title or unit."""
        url = url_by_pk("organisation:person_detail")

        def profile(p):
            try:
                return p.profile
            except ObjectDoesNotExist:
                return None

        def title(p):
            found = profile(p)
            return dash(found.title if found else None)

        def unit(p):
            found = profile(p)
            return dash(found.unit.name if found and found.unit_id else None)

        return {
            "name": lambda p: (dash(p.username, person_name(p)), url(p.pk)),
            "username": lambda p: (dash(p.username), None),
            "title": lambda p: (title(p), None),
            "unit": lambda p: (unit(p), None),
            "roles": lambda p: (self.render_roles(p.active_roles), None),
        }

    # the export reads values() rows (issue 18): the name from its fields, the roles per chunk
    export_fields = {  # noqa: RUF012 - read only, as django-tables2's Meta attributes
        "name": ExportFields(("first_name", "last_name", "username"), "export_name"),
        "roles": ExportFields(("pk",), "export_roles"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = get_policy()
        self._export_roles: dict[int, list] | None = None

    def export_chunk(self, rows: list[dict]) -> None:
        """The roles in force of the exported people, read once for the whole export (issue
        18): the people the export's own query selects, as a subquery. Per chunk, a list of
        2,000 ids was sent and parsed 30 times for 60,000 people (about a quarter of the
        export's CPU time)."""
        if self._export_roles is None:
            self._export_roles = {}
            people = self.data.data.values("pk")
            assignments = selectors.active_roles_prefetch().queryset.filter(person__in=people)
            for assignment in assignments:
                self._export_roles.setdefault(assignment.person_id, []).append(assignment)
        for row in rows:
            row["active_roles"] = self._export_roles.get(row["pk"], [])

    @staticmethod
    def export_name(row: dict) -> str:
        """``person_name`` of a values() row: the full name, else the username."""
        full = f"{row['first_name']} {row['last_name']}".strip()
        return full or row["username"]

    def export_roles(self, row: dict) -> str:
        return self.value_roles(row["active_roles"])

    def render_name(self, record):
        return person_name(record)

    value_name = render_name

    def value_roles(self, value) -> str:
        return ", ".join(
            self.policy.role_name(a.role) + (f" ({a.unit.name})" if a.unit_id else "")
            for a in value
        )

    def render_roles(self, value) -> str:
        return self.value_roles(value) or "–"


class PersonList(ListDefinition):
    """Everyone in the organisation with their unit and roles; exported to Excel."""

    permission = "organisation.view_organisation"
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = _("Personer")
    export_name = "personer"
    export_formats = ("xlsx",)
    export_url_name = "organisation:person_export"
    api_url_name = "person-list"

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s person", "%(n)s personer", count) % {"n": count}


# --- groups --------------------------------------------------------------------------------


class GroupFilterSet(FilterSet):
    """The groups are the policy's few: nothing to filter, but the API and the page share it
    so that a filter added here reaches both."""

    class Meta:
        model = GovernanceGroup
        fields: list[str] = []


class GroupTable(Table):
    """What the policy says of each group next to how many members it has today."""

    name = tables.Column(
        _("Grupp"),
        linkify=("organisation:group_detail", [tables.A("code")]),
        order_by=("name", "pk"),
    )
    rule = tables.Column(_("Regel"), accessor="code", orderable=False, empty_values=())
    meetings = tables.Column(_("Möten per år"), accessor="code", orderable=False, empty_values=())
    convener = tables.Column(_("Sammankallande"), accessor="code", orderable=False, empty_values=())
    member_count = tables.Column(_("Ledamöter"), order_by=("member_count", "pk"))

    class Meta(Table.Meta):
        model = GovernanceGroup
        fields = ()
        empty_text = _("Policyn har inga grupper.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = get_policy()

    def render_rule(self, value):
        return self.policy.group(value).rule or "–"

    def render_meetings(self, value):
        gp = self.policy.group(value)
        if gp.meetings_min == gp.meetings_max:
            return str(gp.meetings_min)
        return f"{gp.meetings_min}–{gp.meetings_max}"

    def render_convener(self, value):
        return self.policy.role_name(self.policy.group(value).convener_role)


class GroupList(ListDefinition):
    """The policy's groups (G13–G16): rule, meetings a year, convener and members."""

    permission = "organisation.view_organisation"
    filterset_class = GroupFilterSet
    table_class = GroupTable
    template = "organisation/group_list.html"
    title = _("Grupper")
    api_url_name = "group-list"

    def get_queryset(self):
        return selectors.policy_group_list(user=self.request.user, policy=get_policy())

    def caption(self, count: int) -> str:
        return ngettext("%(n)s grupp", "%(n)s grupper", count) % {"n": count}


# --- memberships (API only: a group's members are on its page) -----------------------------


class MembershipFilterSet(FilterSet):
    group = filters.CharFilter(
        field_name="group__code", label=_("Grupp"), help_text=_("Gruppens kod i policyn")
    )
    person = IdFilter(field_name="person_id", label=_("Person"), help_text=_("Personens id"))
    function = filters.ChoiceFilter(
        choices=Membership.Function.choices, label=_("Funktion"), empty_label=_("Alla")
    )

    class Meta:
        model = Membership
        fields: list[str] = []


class RoleAssignmentFilterSet(FilterSet):
    """Filters of ``GET /api/v1/role-assignments/``: every role given, ended ones too."""

    person = IdFilter(field_name="person_id", label=_("Person"), help_text=_("Personens id"))
    role = filters.CharFilter(label=_("Roll"), help_text=_("Rollens kod i policyn"))
    unit = filters.CharFilter(
        field_name="unit__code", label=_("Enhet"), help_text=_("Enhetens kod")
    )

    class Meta:
        model = RoleAssignment
        fields: list[str] = []
