"""Who must act next on a case, so that they are notified."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from styrsam.guideline.policy import get_policy
from styrsam.organisation.selectors import role_holders

from ..models import Case, CaseStep
from .notifications import notify


def case_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


def primary_performers(step: CaseStep) -> list:
    """Holders of the step's first performer role (the one the policy names first)."""
    if not step.performer_roles:
        return []
    return [a.person for a in role_holders(step.performer_roles[0])]


def notify_next(*, case: Case, actor, steps: list[CaseStep] | None = None) -> None:
    """Tell the performers of ``steps`` (default: every open required step) what waits for
    them, one message per person; or the coordinators (the IT strategist by default) when the
    case is ready for decision."""
    if case.is_final:
        return
    if steps is None:
        steps = [s for s in case.steps.all() if s.is_open_required]
    waiting: dict[int, tuple[object, list[str]]] = {}
    for step in steps:
        for person in primary_performers(step):
            waiting.setdefault(person.pk, (person, []))[1].append(step.name)
    for person, names in waiting.values():
        notify(
            recipients=[person],
            text=_("%(nr)s %(title)s väntar på dig: %(steps)s.")
            % {"nr": case.registration_number, "title": case.title, "steps": "; ".join(names)},
            url=case_url(case),
            case=case,
            exclude=actor,
            asks_action=True,
        )
    if case.status == Case.Status.READY and not [s for s in case.steps.all() if s.is_open_required]:
        notify(
            recipients=[
                a.person for role in get_policy().coordinator_roles() for a in role_holders(role)
            ],
            text=_("%(nr)s %(title)s är klart för beslut.")
            % {"nr": case.registration_number, "title": case.title},
            url=case_url(case),
            case=case,
            exclude=actor,
            asks_action=True,
        )
