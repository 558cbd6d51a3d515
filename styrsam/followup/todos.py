"""Start-page items of the follow-up.

- A respondent: each open assignment not fully answered, with its deadline (G30).
- The coordinator: no self-assessment opened this year (G30, the policy's obligation); a round
  past its deadline not compiled; a compiled round not sent to the steering group; no survey
  sent to a citizen panel this year (G31)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Later, Shape, Todo, batched, count, exists

from . import access, selectors
from .models import AssessmentRound, Assignment, Survey


@batched
def todos(user, policy) -> list[Todo | Later]:
    today = timezone.localdate()
    # whether the user has an open assignment, this year's rounds, whether a round waits and
    # this year's surveys: read with the other apps' counts, in one query (issue 18)
    items: list[Todo | Later] = [
        exists(
            Assignment.objects.filter(
                access.respondent_q(user), round__status=AssessmentRound.Status.OPEN
            ),
            lambda found: _assignment_todos(user, today) if found else None,
        )
    ]
    if not access.runs_rounds(user):
        return items
    obligation = access.self_assessment_obligation()
    if obligation.get("min_per_year", 0) > 0:
        items.append(
            YEAR_ROUNDS.later(
                "count",
                lambda n: _not_opened_todo(obligation) if obligation["min_per_year"] > n else None,
                year=today.year,
            )
        )
    items.append(
        WAITING_ROUNDS.later(
            "exists",
            lambda found: _round_todos(_waiting_rounds(today), today) if found else None,
            today=today,
        )
    )
    panel_obligation = access.citizen_panel_obligation()
    if panel_obligation and panel_obligation.get("min_per_year", 0) > 0:
        items.append(
            count(
                Survey.objects.filter(sent_at__year=today.year),
                lambda sent: (
                    _no_survey_todo(panel_obligation)
                    if panel_obligation["min_per_year"] > sent
                    else None
                ),
            )
        )
    return items


def _waiting_rounds(today):
    """The rounds past their deadline not compiled, and the compiled ones not sent."""
    overdue_q = Q(status=AssessmentRound.Status.OPEN, deadline__lt=today)
    unsent_q = Q(
        status=AssessmentRound.Status.COMPILED, agenda_item__isnull=True, sent_at__isnull=True
    )
    return AssessmentRound.objects.filter(overdue_q | unsent_q)


# the coordinator's reads, their SQL compiled once (issue 18)
YEAR_ROUNDS = Shape(
    "followup.year_rounds", lambda year: AssessmentRound.objects.filter(year=year), year=1901
)
WAITING_ROUNDS = Shape("followup.waiting_rounds", _waiting_rounds, today=datetime.date(1901, 1, 3))


def _assignment_todos(user, today) -> list[Todo]:
    items = []
    for assignment in selectors.my_assignments(user=user)[:10]:
        if assignment.answered >= assignment.expected:
            continue
        items.append(
            Todo(
                text=_(
                    "Besvara självskattningen %(r)s: %(a)s (%(n)s av %(t)s klara), senast %(d)s."
                )
                % {
                    "r": assignment.round,
                    "a": assignment.area.name,
                    "n": assignment.answered,
                    "t": assignment.expected,
                    "d": assignment.round.deadline.isoformat(),
                },
                url=reverse("followup:assignment_answer", args=[assignment.pk]),
                rule="G30",
                level="warning" if assignment.round.deadline <= today else "info",
            )
        )
    return items


def _not_opened_todo(obligation) -> Todo:
    return Todo(
        text=_("Årets självskattning av e-förvaltningen är inte öppnad."),
        url=reverse("followup:round_create"),
        rule=obligation.get("rule", "G30"),
        level="warning",
    )


def _round_todos(waiting, today) -> list[Todo]:
    """The rounds past their deadline not compiled, then those compiled and not sent."""
    found = list(waiting.select_related("instrument").order_by("pk"))
    items = []
    for assessment in found:
        if assessment.status == AssessmentRound.Status.OPEN and assessment.deadline < today:
            items.append(
                Todo(
                    text=_("Sista svarsdagen för %(r)s har passerat: sammanställ den.")
                    % {"r": assessment},
                    url=assessment.get_absolute_url(),
                    rule="G30",
                )
            )
    for assessment in found:
        if (
            assessment.status == AssessmentRound.Status.COMPILED
            and assessment.agenda_item_id is None
            and assessment.sent_at is None
        ):
            items.append(
                Todo(
                    text=_("Skicka resultatet av %(r)s till styrgruppen.") % {"r": assessment},
                    url=assessment.get_absolute_url(),
                    rule="G30",
                )
            )
    return items


def _no_survey_todo(panel_obligation) -> Todo:
    return Todo(
        text=_("Ingen enkät har skickats till en medborgarpanel i år."),
        url=reverse("followup:panel_list"),
        rule=panel_obligation.get("rule", "G31"),
        level="info",
    )
