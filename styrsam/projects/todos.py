"""Start-page items of the projects app: the projects the user reports on that are not yet
reported before the next preparatory group meeting (G14)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from styrsam.core.todo import Later, Todo, batched, exists
from styrsam.meetings.models import Meeting
from styrsam.meetings.selectors import planned_reporting_meetings
from styrsam.organisation.roles import memberships_of

from . import access
from .models import ACTIVE_PHASES, Project
from .services.reports import missing_reports, reporting_group_codes


@batched
def todos(user, policy) -> list[Todo | Later]:
    codes = reporting_group_codes()
    # whether a reporting meeting is planned and whether the user may report on any project
    # at all: read with the other apps' counts, in one query (issue 18); the meeting and the
    # projects are read only when both say yes
    found: dict[str, bool] = {}
    items: list[Todo | Later] = []
    candidates = _candidates(user)
    if candidates is None:
        found["project"] = True
    else:
        items.append(exists(candidates, lambda yes: found.update(project=yes)))
    items.append(
        exists(
            Meeting.objects.filter(status=Meeting.Status.PLANNED, group__code__in=codes),
            lambda yes: _todos(user, {**found, "meeting": yes}, codes),
        )
    )
    return items


def _candidates(user):
    """The active projects ``user`` may report on before some reporting meeting — those of the
    departments they represent in any group, those they manage or own — or ``None`` when a
    department's manager of projects (who reports on the department's) is asked."""
    if access.manages_any(user) and not access.manages_all(user):
        return None
    represented = {m.represents_id for m in memberships_of(user)}
    condition = Q(manager=user) | Q(owner=user)
    if represented - {None}:
        condition |= Q(department_id__in=represented - {None})
    if None in represented:
        condition |= Q(department__isnull=True)
    return Project.objects.filter(condition, phase__in=ACTIVE_PHASES)


def _todos(user, found: dict[str, bool], codes: list[str]) -> list[Todo]:
    if not (found["meeting"] and found["project"]):
        return []
    # the planned meetings read once for this and the meetings' to-do (issue 18)
    meeting = next(iter(planned_reporting_meetings(user, codes)), None)
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
