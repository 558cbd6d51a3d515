"""Frequency compliance of the groups (G13–G16) and the company meetings (G04), computed from
the policy for one calendar year.

For a group, with ``held`` = meetings marked held in the year and ``planned`` = meetings still
planned in the year (cancelled ones do not count), ``min``/``max`` = the policy's
``meetings_per_year``:

- ``over``: more meetings than the policy allows: ``held + planned > max``.
- ``breached``: the year is over and ``held < min`` — the requirement was not met and can no
  longer be. Meetings left "planned" in a past year were never confirmed and do not count.
- ``at_risk``: the year is running (or has not started) and ``held + planned < min``: the plan
  as it stands cannot reach the minimum; the convener must plan more meetings.
- ``on_track``: otherwise (``min <= held + planned <= max``; for a past year ``min <= held``).

A company (an active org unit of the obligation's ``per_unit_kind``) is missing when it had
fewer than ``min_per_year`` company meetings in the year; reminders start on ``remind_from``
(``MM-DD``) of the year. The obligation is the policy's obligation of kind
``company_meetings``, whatever its code; its ``responsible_role`` holds the meetings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from styrsam.core.formats import lower_first
from styrsam.core.memo import per_user
from styrsam.core.todo import Shape
from styrsam.guideline.policy import Policy
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.organisation.selectors import policy_groups

from .models import CompanyMeeting, Meeting

ON_TRACK, AT_RISK, BREACHED, OVER = "on_track", "at_risk", "breached", "over"
STATUS_LABELS = {
    ON_TRACK: "Enligt plan",
    AT_RISK: "Risk att kravet inte nås",
    BREACHED: "Kravet uppfylldes inte",
    OVER: "Fler möten än policyn anger",
}
STATUS_LEVEL = {ON_TRACK: "ok", AT_RISK: "warning", BREACHED: "danger", OVER: "warning"}


@dataclass
class GroupCompliance:
    group: GovernanceGroup
    year: int
    held: int
    planned: int
    min: int
    max: int
    status: str
    rule: str

    @property
    def code(self) -> str:
        return self.group.code

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def level(self) -> str:
        return STATUS_LEVEL[self.status]

    @property
    def required(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"

    @property
    def missing(self) -> int:
        return max(0, self.min - self.held - self.planned)


def frequency_status(*, held: int, planned: int, low: int, high: int, year_over: bool) -> str:
    """The status of one group in one year; see the module docstring."""
    counted = held if year_over else held + planned
    if counted > high:
        return OVER
    if year_over and held < low:
        return BREACHED
    if counted < low:
        return AT_RISK
    return ON_TRACK


def group_compliance(
    *,
    policy: Policy,
    year: int,
    today: datetime.date | None = None,
    groups: list[GovernanceGroup] | None = None,
) -> list[GroupCompliance]:
    """One line per policy group, in the groups' order (``groups``: the policy's groups by id
    when already read). Two queries whatever the data (one with ``groups``)."""
    today = today or timezone.localdate()
    year_over = today > datetime.date(year, 12, 31)
    if groups is None:
        groups = list(GovernanceGroup.objects.filter(code__in=list(policy.groups)).order_by("id"))
    counts: dict[tuple[int, str], int] = {
        (row["group_id"], row["status"]): row["n"]
        for row in Meeting.objects.filter(date__year=year, group__in=groups)
        .values("group_id", "status")
        .annotate(n=Count("id"))
    }
    return [
        compliance_line(
            policy=policy,
            group=group,
            year=year,
            held=counts.get((group.pk, Meeting.Status.HELD), 0),
            planned=counts.get((group.pk, Meeting.Status.PLANNED), 0),
            year_over=year_over,
        )
        for group in groups
    ]


def compliance_line(
    *, policy: Policy, group: GovernanceGroup, year: int, held: int, planned: int, year_over: bool
) -> GroupCompliance:
    """One group's line of ``group_compliance`` from its counts of the year's meetings."""
    gp = policy.group(group.code)
    return GroupCompliance(
        group=group,
        year=year,
        held=held,
        planned=planned,
        min=gp.meetings_min,
        max=gp.meetings_max,
        status=frequency_status(
            held=held,
            planned=planned,
            low=gp.meetings_min,
            high=gp.meetings_max,
            year_over=year_over,
        ),
        rule=gp.rule,
    )


def year_meetings(*, group: GovernanceGroup, year: int, status: str):
    """The meetings of ``group`` in ``year`` with ``status`` (counted by ``group_compliance``)."""
    return _year_meetings(**year_meetings_values(group=group, year=year, status=status))


def year_meetings_values(*, group: GovernanceGroup, year: int, status: str) -> dict:
    """The values of ``YEAR_MEETINGS``: the year's first and last day, not the year (a
    ``date__year`` lookup binds these dates)."""
    return {
        "group_id": group.pk,
        "first": datetime.date(year, 1, 1),
        "last": datetime.date(year, 12, 31),
        "status": status,
    }


def _year_meetings(*, group_id: int, first: datetime.date, last: datetime.date, status: str):
    return Meeting.objects.filter(date__gte=first, date__lte=last, group_id=group_id, status=status)


# ``year_meetings`` counted on the start page, its SQL compiled once (issue 18)
YEAR_MEETINGS = Shape(
    "meetings.year_meetings",
    _year_meetings,
    group_id=987_654_321,
    first=datetime.date(1901, 1, 2),
    last=datetime.date(1901, 12, 30),
    status="\x00status",
)


def shared_group_compliance(
    user, *, policy: Policy, year: int, today: datetime.date
) -> list[GroupCompliance]:
    """``group_compliance`` read once per request for the start page, whose to-dos and
    coordinator's chart both show it (issue 18)."""
    return per_user(
        user,
        ("group_compliance", policy.version, year, today),
        lambda: group_compliance(
            policy=policy, year=year, today=today, groups=policy_groups(user, policy)
        ),
    )


def company_obligation(policy: Policy) -> dict | None:
    """The policy's obligation followed up as company meetings (G04), if it has one."""
    _code, obligation = policy.obligation_of_kind("company_meetings")
    return obligation


def company_meeting_roles(policy: Policy) -> tuple[str, ...]:
    """The role(s) that hold and record the company meetings: the obligation's
    ``responsible_role``, else the coordinating role(s) (G02)."""
    role = (company_obligation(policy) or {}).get("responsible_role")
    return (role,) if role else policy.coordinator_roles()


def company_meeting_role_name(policy: Policy) -> str:
    """The responsible role(s) of the company meetings inside a sentence, as the policy names
    them (G04: "IT-strateg" by default, "digitaliseringsstrateg" in Andrakommun, issue 21)."""
    names = [lower_first(policy.role_name(role)) for role in company_meeting_roles(policy)]
    return gettext(" eller ").join(names)


def companies_without_meeting(*, policy: Policy, year: int) -> list[OrgUnit]:
    """Companies with fewer company meetings in ``year`` than the policy requires (G04)."""
    obligation = company_obligation(policy)
    if not obligation:
        return []
    minimum = obligation.get("min_per_year", 1)
    kind = obligation.get("per_unit_kind", OrgUnit.Kind.COMPANY)
    met = (
        CompanyMeeting.objects.filter(date__year=year, date__lte=timezone.localdate())
        .values("company_id")
        .annotate(n=Count("id"))
        .filter(n__gte=minimum)
        .values("company_id")
    )
    return list(
        OrgUnit.objects.filter(kind=kind, is_active=True).exclude(pk__in=met).order_by("name")
    )


def remind_from(policy: Policy, year: int) -> datetime.date | None:
    """The day of ``year`` from which missing company meetings are reminded of (G04)."""
    obligation = company_obligation(policy)
    if not obligation or not obligation.get("remind_from"):
        return None
    month, day = (int(part) for part in str(obligation["remind_from"]).split("-"))
    return datetime.date(year, month, day)
