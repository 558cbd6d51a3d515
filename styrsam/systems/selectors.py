"""Reads of the system register. Views, API and exports take their querysets from here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from styrsam.cases import selectors as case_selectors
from styrsam.cases.models import Case, CaseStep, Decision
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit

from .models import PlatformConnection, System, SystemCost

User = get_user_model()

SORTS = {
    "namn": "name",
    "-namn": "-name",
    "leverantor": "vendor",
    "-leverantor": "-vendor",
    "avtal": "contract_end",
    "-avtal": "-contract_end",
    "forvaltning": "owner_unit__name",
    "-forvaltning": "-owner_unit__name",
    "livscykel": "lifecycle",
    "-livscykel": "-lifecycle",
    "kritikalitet": "criticality",
    "-kritikalitet": "-criticality",
    "kategori": "category",
    "-kategori": "-category",
}


@dataclass(frozen=True)
class SystemFilter:
    """The filters of the list page, the export and the API (one definition for all three)."""

    q: str = ""
    category: str = ""
    common_kind: str = ""
    owner_unit: str = ""  # unit code
    lifecycle: str = ""
    criticality: str = ""
    vendor: str = ""
    contract_end_before: datetime.date | None = None
    sort: str = "namn"

    @classmethod
    def from_params(cls, params) -> SystemFilter:
        """Read the filter from GET parameters; an unreadable value is ignored, not an error."""

        def get(name: str) -> str:
            return (params.get(name) or "").strip()

        before = None
        raw = get("contract_end_before")
        if raw:
            try:
                before = datetime.date.fromisoformat(raw)
            except ValueError:
                before = None
        lifecycle = get("lifecycle")
        criticality = get("criticality")
        sort = get("sort")
        return cls(
            q=get("q"),
            category=get("category"),
            common_kind=get("common_kind"),
            owner_unit=get("owner_unit"),
            lifecycle=lifecycle if lifecycle in System.Lifecycle.values else "",
            criticality=criticality if criticality in System.Criticality.values else "",
            vendor=get("vendor"),
            contract_end_before=before,
            sort=sort if sort in SORTS else "namn",
        )


def system_list(*, user, filters: SystemFilter | None = None) -> QuerySet[System]:
    """Every system the user may read (all staff read the register), filtered and sorted."""
    f = filters or SystemFilter()
    qs = System.objects.select_related("owner_unit", "owner", "manager")
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q) | Q(description__icontains=f.q) | Q(vendor__icontains=f.q)
        )
    if f.category:
        qs = qs.filter(category=f.category)
    if f.common_kind:
        qs = qs.filter(common_kind=f.common_kind)
    if f.owner_unit:
        qs = qs.filter(owner_unit__code=f.owner_unit)
    if f.lifecycle:
        qs = qs.filter(lifecycle=f.lifecycle)
    if f.criticality:
        qs = qs.filter(criticality=f.criticality)
    if f.vendor:
        qs = qs.filter(vendor__icontains=f.vendor)
    if f.contract_end_before:
        qs = qs.filter(contract_end__lt=f.contract_end_before)
    return qs.order_by(SORTS[f.sort], "pk")


def system_get(*, user, pk: int) -> System:
    qs = System.objects.select_related(
        "owner_unit", "owner", "owner__profile", "manager", "manager__profile__unit"
    ).prefetch_related(
        "representatives",
        "using_units",
        "components",
        Prefetch("costs", queryset=SystemCost.objects.order_by("-year", "kind")),
        Prefetch("connections", queryset=PlatformConnection.objects.select_related("unit")),
    )
    try:
        return qs.get(pk=pk)
    except System.DoesNotExist as exc:
        raise Http404 from exc


def owners_of_criticality(criticality: str) -> QuerySet:
    """G15: the active people who own a system of ``criticality`` that is not retired."""
    owned = System.objects.filter(criticality=criticality, owner__isnull=False).exclude(
        lifecycle=System.Lifecycle.RETIRED
    )
    return User.objects.filter(is_active=True, pk__in=owned.values("owner_id")).order_by(
        "last_name", "first_name"
    )


def common_system_of_kind(kind: str, *, exclude_pk: int | None = None) -> System | None:
    qs = System.objects.filter(common_kind=kind).exclude(lifecycle=System.Lifecycle.RETIRED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def it_platform() -> System | None:
    """The one IT platform (G18: one common system although it consists of many)."""
    return common_system_of_kind("it_platform")


@dataclass
class ConnectionRow:
    unit: OrgUnit
    connection: PlatformConnection | None

    @property
    def connected(self) -> bool:
        return bool(self.connection and self.connection.connected_to_network)

    @property
    def reachable(self) -> bool:
        return bool(self.connection and self.connection.reachable_via_common_number)

    @property
    def compliant(self) -> bool:
        return self.connected and self.reachable


def platform_connection_rows(*, user, platform: System | None = None) -> list[ConnectionRow]:
    """G20: every active department, company and staff unit with its connection (or none)."""
    platform = platform or it_platform()
    connections = {}
    if platform is not None:
        connections = {c.unit_id: c for c in PlatformConnection.objects.filter(system=platform)}
    units = OrgUnit.objects.filter(is_active=True).order_by("kind", "name")
    return [ConnectionRow(unit=u, connection=connections.get(u.pk)) for u in units]


def g20_gaps(*, user) -> list[ConnectionRow]:
    """Units, companies included, not on the common network or not reached by the number."""
    return [row for row in platform_connection_rows(user=user) if not row.compliant]


def system_cases(*, user, system: System) -> list[Case]:
    """G17: the cases about ``system`` that ``user`` may read, newest first.

    Built on the cases app's own restricted queryset (``case_list``), so a case the user may
    not see is not shown here either. Each case carries ``type_name`` (the policy's name of
    its type) and ``blocking_steps`` (the required steps it waits for; empty unless open).
    Three queries at most, whatever the number of cases."""
    if not user.has_perm("cases.view_case"):
        return []
    policy = get_policy()
    names = {code: policy.case_type(code)["name"] for code in policy.case_type_codes()}
    qs = (
        case_selectors.case_list(user=user, filters=case_selectors.CaseFilter(system=system.pk))
        .select_related(None)
        .prefetch_related(None)
        .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.order_by("position")))
    )
    cases = list(qs)
    for case in cases:
        case.type_name = names.get(case.case_type, case.case_type)
        case.blocking_steps = (
            [s for s in case.steps.all() if s.is_open_required]
            if case.status == Case.Status.OPEN
            else []
        )
    return cases


def system_decisions(*, user, system: System) -> QuerySet[Decision]:
    """G17, G21, G23: the decisions about ``system`` (recorded on it, or on a case about it),
    newest first, corrections included. Only decisions the user may read, on cases the user
    may read (the decisions register's queryset, restricted to visible cases). One query."""
    if not (user.has_perm("cases.view_decision") and user.has_perm("cases.view_case")):
        return Decision.objects.none()
    visible_cases = case_selectors.case_list(user=user).order_by().values("pk")
    return (
        case_selectors.decision_list(user=user)
        .filter(Q(system=system) | Q(case__system=system), case__in=visible_cases)
        .select_related(None)
        .select_related("case", "corrects")
    )
