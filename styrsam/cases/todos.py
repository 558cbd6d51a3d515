"""Start-page items of cases: steps waiting for one of the user's roles, consultations to
answer, cases ready for decision (for the coordinator, the IT strategist by default)."""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from styrsam.core.lists import url_by_pk
from styrsam.core.todo import Later, Todo, batched, count
from styrsam.organisation.roles import is_coordinator, memberships_of, roles_of

from .models import Case, CaseStep, Consultation
from .selectors import DECISION, open_required_step_q, ready_cases

MAX_ITEMS = 20

# a role code written the same in every backend's JSON text: ``"code"``, unescaped
_PLAIN_CODE = re.compile(r"[A-Za-z0-9_.-]+")


def _performed_by_q(roles: set[str]) -> Q:
    """The steps whose performers may include one of ``roles``, in portable SQL: the list's
    JSON text holds ``"code"`` (issue 18: every open step was read to show a few; the rows
    are still checked in Python, this only leaves out steps no role of the user performs).
    Everything when a code might be written otherwise in JSON (escaped, not ASCII)."""
    if not all(_PLAIN_CODE.fullmatch(role) for role in roles):
        return Q()
    return reduce(or_, (Q(performers_text__contains=f'"{role}"') for role in sorted(roles)))


@batched
def todos(user, policy) -> list[Todo | Later]:
    items: list[Todo | Later] = []
    roles = {r for r, _u in roles_of(user)}
    case_types = set(policy.case_type_codes()) if roles else set()
    rules: dict[str, str] = {}
    case_url = url_by_pk("cases:case_detail")
    for case_id, name, _performers, series, year, number, title, case_type in (
        _steps_of(roles) if roles else ()  # no role performs a step: nothing to read
    ):
        if case_type not in rules:
            rules[case_type] = (
                policy.case_type(case_type).get("rule", "") if case_type in case_types else ""
            )
        items.append(
            Todo(
                text=_("%(nr)s %(title)s: %(step)s")
                % {"nr": f"{series} {year}/{number}", "title": title, "step": name},
                url=case_url(case_id),
                rule=rules[case_type],
            )
        )
        if len(items) >= MAX_ITEMS:
            break
    groups = {m.group_id for m in memberships_of(user)}
    open_consultations = (
        Consultation.objects.filter(closed_at__isnull=True, group_id__in=groups)
        .exclude(responses__member=user)
        # the fields the to-do shows, as rows, not objects (issue 18)
        .values_list("pk", "deadline", "case__series", "case__year", "case__number", "case__title")
    )
    consultation_url = url_by_pk("cases:consultation_detail")
    for pk, deadline, series, year, number, title in (
        open_consultations[:MAX_ITEMS] if groups else ()
    ):
        items.append(
            Todo(
                text=_("Remiss att besvara senast %(date)s: %(nr)s %(title)s")
                % {"date": deadline.isoformat(), "nr": f"{series} {year}/{number}", "title": title},
                url=consultation_url(pk),
                rule="G14",
                level="warning",
            )
        )
    if is_coordinator(user):
        # counted with the other apps' counts, in one query (issue 18)
        items.append(count(ready_cases(user=user), _ready_todo))
    return items


# the most open steps read to find the to-dos (as before issue 18's changes)
MAX_STEPS_READ = 500


def _steps_of(roles: set[str]) -> list[tuple]:
    """The rows of the first ``MAX_ITEMS`` open steps that one of ``roles`` performs. The
    first ``MAX_ITEMS`` rows the SQL finds are nearly always they (issue 18: the IT
    strategist's 212 rows were read and decoded to show 20); only when the text match let
    in steps of another role (SQLite's ``LIKE`` ignores case, a code JSON writes otherwise)
    are up to ``MAX_STEPS_READ`` rows read, in a second query."""
    query = _open_steps(roles)
    first = list(query[:MAX_ITEMS])
    rows = [row for row in first if roles.intersection(row[2])]
    if len(first) == MAX_ITEMS and len(rows) < MAX_ITEMS:  # another role's steps among them
        rows += [row for row in query[MAX_ITEMS:MAX_STEPS_READ] if roles.intersection(row[2])]
    return rows[:MAX_ITEMS]


def _open_steps(roles: set[str]):
    """The open steps that ``roles`` may perform (checked again by the caller), as rows."""
    return (
        CaseStep.objects.annotate(performers_text=Cast("performer_roles", TextField()))
        .filter(
            open_required_step_q(),
            _performed_by_q(roles),
            case__status=Case.Status.OPEN,
            consultation_group="",
        )
        # the fields the to-do shows, as rows, not objects: hundreds of open steps at scale
        # (issue 18)
        .values_list(
            "case_id",
            "name",
            "performer_roles",
            "case__series",
            "case__year",
            "case__number",
            "case__title",
            "case__case_type",
        )
        .order_by("case__year", "case__number", "position")
    )


def _ready_todo(ready: int) -> Todo | None:
    if not ready:
        return None
    return Todo(
        text=_("%(n)s ärenden är klara för beslut.") % {"n": ready},
        url=f"{reverse('cases:case_open')}?waiting_for={DECISION}",
    )
