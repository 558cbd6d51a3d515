"""Reads of the system register. Views, API and exports take their querysets from here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from styrsam.core.access import rules_allow
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import roles_of, units_with_capability

from .models import (
    PlatformConnection,
    System,
    SystemCost,
    SystemMessage,
    SystemMessageRecipient,
)

User = get_user_model()


def system_list(*, user) -> QuerySet[System]:
    """Every system the user may read (all staff read the register), with what the list
    shows. Filters and sorting are the list's (``lists.SystemFilterSet``, ``SystemTable``)."""
    return System.objects.select_related("owner_unit", "owner", "manager").order_by("name", "pk")


def system_get(*, user, pk: int) -> System:
    qs = System.objects.select_related(
        "owner_unit", "owner", "owner__profile", "manager", "manager__profile__unit"
    ).prefetch_related(
        # the IT platform's components and connections are read by its page only (issue 18)
        "representatives",
        "using_units",
        Prefetch("costs", queryset=SystemCost.objects.order_by("-year", "kind")),
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


def common_systems_of_kind(kind: str, *, exclude_pk: int | None = None) -> list[System]:
    """The kind's systems not retired: the current one, and while it is replaced the
    outgoing one in phase-out next to its successor (G18). The one in use first."""
    qs = System.objects.filter(common_kind=kind).exclude(lifecycle=System.Lifecycle.RETIRED)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return _in_use_first(qs.order_by("pk"))


def _in_use_first(systems) -> list[System]:
    """``systems`` (by id) with the one in use first, then the one in phase-out (G18)."""
    order = {System.Lifecycle.IN_USE: 0, System.Lifecycle.PHASE_OUT: 1}
    return sorted(systems, key=lambda s: order.get(s.lifecycle, 2))


def common_system_of_kind(kind: str, *, exclude_pk: int | None = None) -> System | None:
    """The kind's common system (the one in use while a successor is on its way, G18)."""
    systems = common_systems_of_kind(kind, exclude_pk=exclude_pk)
    return systems[0] if systems else None


def it_platform() -> System | None:
    """The one IT platform (G18: one common system although it consists of many)."""
    kind = get_policy().platform_kind()
    return common_system_of_kind(kind) if kind else None


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
    return _connection_rows(platform or it_platform())


_CONNECTION_FIELDS = ("id", "connected_to_network", "reachable_via_common_number", "note")


def _connection_rows(platform: System | None) -> list[ConnectionRow]:
    """The active units with the platform's connection of each, in one query (the units
    joined to their connection to ``platform``, issue 18)."""
    units = OrgUnit.objects.filter(is_active=True).order_by("kind", "name")
    if platform is None:
        return [ConnectionRow(unit=u, connection=None) for u in units]
    units = units.annotate(
        platform_connection=FilteredRelation(
            "platform_connections", condition=Q(platform_connections__system=platform)
        ),
        **{f"connection_{f}": F(f"platform_connection__{f}") for f in _CONNECTION_FIELDS},
    )
    rows = []
    for unit in units:
        connection = None
        if unit.connection_id is not None:
            connection = PlatformConnection(
                system=platform,
                unit=unit,
                **{f: getattr(unit, f"connection_{f}") for f in _CONNECTION_FIELDS},
            )
        rows.append(ConnectionRow(unit=unit, connection=connection))
    return rows


def g20_gaps(*, user) -> list[ConnectionRow]:
    """Units, companies included, not on the common network or not reached by the number."""
    return [row for row in platform_connection_rows(user=user) if not row.compliant]


def g20_gap_units(*, common_systems: list[System]) -> QuerySet[OrgUnit]:
    """The active units ``g20_gaps`` lists (not on the common network or not reached by the
    number), as a query the start page counts with its other counts (issue 18);
    ``common_systems``: every common system not retired, by id (the platform picked from
    them)."""
    kind = get_policy().platform_kind()
    platforms = _in_use_first([s for s in common_systems if kind and s.common_kind == kind])
    units = OrgUnit.objects.filter(is_active=True)
    if not platforms:
        return units
    # ``ConnectionRow.compliant``: on the network and reached by the number
    compliant = PlatformConnection.objects.filter(
        system=platforms[0], connected_to_network=True, reachable_via_common_number=True
    ).values("unit_id")
    return units.exclude(pk__in=compliant)


def costs_by_kind(*, user, year: int) -> dict[str, Decimal]:
    """The summed cost lines of ``year`` per kind (licence, operation, support) of the systems
    whose costs ``user`` may read (``systems.view_costs``: every system with
    ``read_all_costs`` or as the coordinator; else the systems the user owns and those of the
    units where the user has ``read_unit_costs``, G16, G25). One query."""
    qs = SystemCost.objects.filter(year=year)
    if not rules_allow(user, "systems.view_all_costs"):
        wanted = set(get_policy().roles_with("read_unit_costs"))
        if not any(role in wanted and unit is None for role, unit in roles_of(user)):
            units = units_with_capability(user, "read_unit_costs")
            qs = qs.filter(Q(system__owner=user) | Q(system__owner_unit_id__in=units))
    rows = qs.values("kind").annotate(s=Sum("amount")).order_by()
    return {row["kind"]: Decimal(str(row["s"] or 0)) for row in rows}


def messages_for(*, user) -> QuerySet[SystemMessage]:
    """The messages to the system owners (G15) ``user`` may read, newest first, each with
    ``read_at`` (the user's own reading; ``None`` if unread or not a recipient), ``received``
    and ``recipient_count``: every message for the coordinator, the received ones for others."""
    own = SystemMessageRecipient.objects.filter(message=OuterRef("pk"), person_id=user.pk)
    qs = SystemMessage.objects.select_related("sender").annotate(
        read_at=Subquery(own.values("read_at")[:1]),
        received=Exists(own),
        recipient_count=Subquery(
            SystemMessageRecipient.objects.filter(message=OuterRef("pk"))
            .values("message")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    )
    if not user.has_perm("systems.send_message"):
        qs = qs.filter(received=True)
    return qs.order_by("-created_at", "-pk")


def message_get(*, user, pk: int) -> SystemMessage:
    """One message with its systems and recipients; 404 for a user who may not read it."""
    message = (
        messages_for(user=user)
        .prefetch_related(
            Prefetch("systems", queryset=System.objects.order_by("name")),
            Prefetch(
                "deliveries",
                queryset=SystemMessageRecipient.objects.select_related("person").order_by(
                    "person__last_name", "person__first_name", "person__username"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if message is None:
        raise Http404
    return message


def unread_messages(*, user, limit: int = 5) -> dict:
    """The start page: the latest messages the user received and how many are unread (the
    count read with the latest, one query, issue 18)."""
    own = SystemMessageRecipient.objects.filter(person_id=user.pk)
    unread = (
        own.filter(read_at__isnull=True)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = list(
        own.select_related("message__sender")
        .annotate(unread_total=Coalesce(Subquery(unread), 0))
        .order_by("-message__created_at", "-message_id")[:limit]
    )
    return {
        "latest": latest,
        "unread": latest[0].unread_total if latest else 0,
    }
