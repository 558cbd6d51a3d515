"""Start-page items of meetings: groups whose plan cannot reach the policy's frequency
(G13–G16), companies not yet met this year (G04, from the policy's ``remind_from``), and a
preparatory-group member's missing status report (G14)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Later, Todo, batched
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import memberships_of
from styrsam.organisation.selectors import policy_groups

from .access import member_group_ids, responsible_for_company_meetings, sees_all_meetings
from .compliance import (
    AT_RISK,
    BREACHED,
    OVER,
    YEAR_MEETINGS,
    company_meeting_role_name,
    company_obligation,
    compliance_line,
    remind_from,
    year_meetings_values,
)
from .models import Meeting
from .selectors import planned_reporting_meetings, start_page_companies
from .services import requires_status_reports


def frequency_text(line) -> str:
    return _("%(group)s: %(held)s möten hittills, %(planned)s planerade, krav %(req)s") % {
        "group": line.group.name,
        "held": line.held,
        "planned": line.planned,
        "req": line.required,
    }


@batched
def todos(user, policy) -> list[Todo | Later]:
    today = timezone.localdate()
    items: list[Todo | Later] = []
    coordinator = sees_all_meetings(user)
    if coordinator:
        # each group's meetings held and planned this year, counted with the other apps'
        # counts in one query (issue 18)
        for group in policy_groups(user, policy):
            held: dict[str, int] = {}
            items.append(
                YEAR_MEETINGS.later(
                    "count",
                    lambda n, held=held: held.update(n=n),
                    **year_meetings_values(
                        group=group, year=today.year, status=Meeting.Status.HELD
                    ),
                )
            )
            items.append(
                YEAR_MEETINGS.later(
                    "count",
                    lambda n, group=group, held=held: _frequency_todo(
                        compliance_line(
                            policy=policy,
                            group=group,
                            year=today.year,
                            held=held["n"],
                            planned=n,
                            year_over=today > datetime.date(today.year, 12, 31),
                        )
                    ),
                    **year_meetings_values(
                        group=group, year=today.year, status=Meeting.Status.PLANNED
                    ),
                )
            )
    obligation = company_obligation(policy) or {}
    start = remind_from(policy, today.year)
    if start and today >= start and responsible_for_company_meetings(user):
        minimum = obligation.get("min_per_year", 1)
        missing = [
            company
            for company in start_page_companies(user, policy=policy, year=today.year, today=today)
            if company.meetings_until < minimum
        ]
        if missing:
            items.append(
                Todo(
                    text=_("%(n)s bolag saknar årets möte med %(role)s: %(names)s")
                    % {
                        "n": len(missing),
                        "role": company_meeting_role_name(policy),
                        "names": ", ".join(c.name for c in missing),
                    },
                    url=reverse("meetings:company_meetings"),
                    rule=obligation.get("rule", "G04"),
                    level="warning",
                )
            )
    items.extend(_status_report_todos(user, policy, today))
    return items


def _frequency_todo(line) -> Todo | None:
    if line.status not in {AT_RISK, BREACHED, OVER}:
        return None
    return Todo(
        text=frequency_text(line),
        url=reverse("meetings:compliance"),
        rule=line.rule,
        level="danger" if line.status == BREACHED else "warning",
    )


def _status_report_todos(user, policy, today) -> list[Todo]:
    groups = member_group_ids(user)
    if not groups:
        return []
    reporting = [code for code, gp in policy.groups.items() if requires_status_reports(gp)]
    # the groups the user reports to as an ordinary member (issue 18: the planned meetings
    # read once for this and the projects' to-do)
    member_of = {
        m.group_id
        for m in memberships_of(user)
        if m.function == Membership.Function.MEMBER and m.group_id in groups
    }
    if not member_of:
        return []
    meeting = next(
        (
            m
            for m in planned_reporting_meetings(user, reporting)
            if m.group_id in member_of and m.date >= today and not m.reported_by_user
        ),
        None,
    )
    if meeting is None:
        return []
    return [
        Todo(
            text=_("Lämna statusrapport inför %(m)s") % {"m": str(meeting)},
            url=reverse("meetings:meeting_detail", args=[meeting.pk]) + "#status-heading",
            rule="G14",
            level="info",
        )
    ]
