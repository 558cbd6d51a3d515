"""Start-page items of the projects app: the projects the user reports on that are not yet
reported before the next preparatory group meeting (G14)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styrsam.core.todo import Todo
from styrsam.meetings.selectors import planned_reporting_meetings
from styrsam.organisation.roles import memberships_of

from . import access
from .services.reports import missing_reports, reporting_group_codes


def todos(user, policy) -> list[Todo]:
    # the planned meetings read once for this and the meetings' to-do (issue 18)
    meeting = next(iter(planned_reporting_meetings(user, reporting_group_codes())), None)
    if meeting is None:
        return []
    represented = {m.represents_id for m in memberships_of(user) if m.group_id == meeting.group_id}
    mine = [
        p
        for p in missing_reports(meeting)
        if p.department_id in represented
        or user.pk in (p.manager_id, p.owner_id)
        or access.manages_department(user, p.department_id)
        and not access.manages_all(user)
    ]
    return [
        Todo(
            text=_("Statusrapport för %(project)s inför %(group)s %(date)s.")
            % {"project": p.name, "group": meeting.group.name, "date": meeting.date.isoformat()},
            url=f"{p.get_absolute_url()}#rapportera",
            rule="G14",
        )
        for p in mine[:10]
    ]
