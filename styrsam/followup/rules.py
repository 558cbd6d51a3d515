"""Permissions of the follow-up (loaded by rules' autodiscovery), built on ``access``.

Every member of staff reads the instruments, the rounds and their results (the municipality's
own self-assessment, G30). The coordinator runs the rounds and loads instruments; respondents
answer their assignments. Citizen panels hold personal data: only those who run a panel see
it (G31)."""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.organisation.roles import is_staff_member

from . import access


@rules.predicate
def runs_rounds(user) -> bool:
    return access.runs_rounds(user)


@rules.predicate
def answers_assignment(user, assignment) -> bool:
    return access.answers_assignment(user, assignment)


@rules.predicate
def runs_any_panel(user) -> bool:
    return access.runs_any_panel(user)


@rules.predicate
def manages_panel(user, panel) -> bool:
    return access.manages_panel(user, panel)


@rules.predicate
def starts_panels(user) -> bool:
    return access.starts_panels(user)


# Reads keep the superuser; running the rounds and the panels is governance work, asked
# without Django's superuser shortcut (``core.access.may``; issue 11).
rules.add_perm("followup.view_instruments", is_staff_member)
governance_permission("followup.load_instrument", runs_rounds)
rules.add_perm("followup.view_rounds", is_staff_member)
governance_permission("followup.run_rounds", runs_rounds)
governance_permission("followup.answer_assignment", answers_assignment)
rules.add_perm("followup.view_panels", runs_any_panel)
governance_permission("followup.add_panel", starts_panels)
governance_permission("followup.manage_panel", manages_panel)
