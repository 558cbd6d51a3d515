"""Start-page items of meetings: groups whose plan cannot reach the policy's frequency
(G13–G16), companies not yet met this year (G04, from the policy's ``remind_from``), and a
preparatory-group member's missing status report (G14)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Todo
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import memberships_of

from .access import member_group_ids, responsible_for_company_meetings, sees_all_meetings
from .compliance import (
    AT_RISK,
    BREACHED,
    OVER,
    company_meeting_role_name,
    company_obligation,
    remind_from,
    shared_group_compliance,
)
from .selectors import planned_reporting_meetings, start_page_companies
from .services import requires_status_reports


def frequency_text(line) -> str:
    return _("%(group)s: %(held)s möten hittills, %(planned)s planerade, krav %(req)s") % {
        "group": line.group.name,
        "held": line.held,
        "planned": line.planned,
        "req": line.required,
    }


def todos(user, policy) -> list[Todo]:
    today = timezone.localdate()
    items: list[Todo] = []
    coordinator = sees_all_meetings(user)
    if coordinator:
        url = reverse("meetings:compliance")
        for line in shared_group_compliance(user, policy=policy, year=today.year, today=today):
            if line.status in {AT_RISK, BREACHED, OVER}:
                items.append(
                    Todo(
                        text=frequency_text(line),
                        url=url,
                        rule=line.rule,
                        level="danger" if line.status == BREACHED else "warning",
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
