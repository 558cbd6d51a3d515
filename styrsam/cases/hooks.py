"""Events of the cases app that higher apps take part in (``styrsam.core.hooks``), and the
sections higher apps add to a case's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from styrsam.core.hooks import Hook

minute_decision_check = Hook(
    "minute_decision_check",
    "A decision is about to be recorded from a § of a group's minutes: send(actor=, "
    "minute_item=) inside the decision's transaction. The meetings app refuses (raises) unless "
    "the actor runs that meeting (its convener or secretary).",
)

amount_grant_check = Hook(
    "amount_grant_check",
    "A decision (or a correction) on a case is being applied: send(case=, decision=) inside "
    "the decision's transaction, after the decision row is written and before the case records "
    "the granted amount. The finance app refuses (raises Conflict, G27) an approved amount "
    "beyond what is left of the co-financing pool's decided budget for the decision's year.",
)

case_forwarded = Hook(
    "case_forwarded",
    "A notification of a planned development project has been forwarded (G03): send(actor=, "
    "case=) inside the forwarding's transaction, after the forwarding step is done. The "
    "projects app registers the project (phase planned) and links it to the case.",
)


@dataclass(frozen=True)
class CaseSection:
    """A section of a case's page (e.g. the co-financing pool's remaining amount, G27).
    ``context(user=, case=)`` gives the template's context, or ``None`` for nothing."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_case_sections: list[CaseSection] = []


def register_case_section(section: CaseSection) -> None:
    if all(s.key != section.key for s in _case_sections):
        _case_sections.append(section)
        _case_sections.sort(key=lambda s: s.order)


def rendered_case_sections(*, user, case) -> list[dict[str, Any]]:
    """The sections this user sees on ``case``'s page: template and context each."""
    out = []
    for section in _case_sections:
        context = section.context(user=user, case=case)
        if context is not None:
            out.append({"key": section.key, "template": section.template, "context": context})
    return out
