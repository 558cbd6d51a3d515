"""The demo municipality "Exempelkommun": committees, departments, companies, staff units,
named people in every role of the guideline and the four groups. Other apps add their demo
data through ``DEMO_STEPS`` (module path of a ``load(context)`` function), run in order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from .vocabulary import KOMMUNER, CodeDict, activate

DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's shared, printed password

# Apps append the dotted path of their demo loader here, in dependency order.
DEMO_STEPS = [
    "styrsam.demo.organisation.load",
    "styrsam.demo.guideline.load",  # G29: a revised policy awaiting the director's adoption
]

OPTIONAL_STEPS = [
    ("styrsam.systems", "styrsam.demo.systems.load"),
    ("styrsam.cases", "styrsam.demo.cases.load"),
    ("styrsam.meetings", "styrsam.demo.meetings.load"),
    ("styrsam.servicedesk", "styrsam.demo.servicedesk.load"),
    ("styrsam.rental", "styrsam.demo.rental.load"),
    ("styrsam.finance", "styrsam.demo.finance.load"),
    ("styrsam.followup", "styrsam.demo.followup.load"),
    ("styrsam.documents", "styrsam.demo.documents.load"),
    ("styrsam.projects", "styrsam.demo.projects.load"),
]


@dataclass
class DemoContext:
    """What one step hands to the next: people by username, units by code, groups by code."""

    people: dict = field(default_factory=dict)
    units: dict = field(default_factory=CodeDict)  # answers to the demo's words (vocabulary.py)
    groups: dict = field(default_factory=CodeDict)
    committees: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _steps() -> list[str]:
    steps = list(DEMO_STEPS)
    for app, step in OPTIONAL_STEPS:
        if apps.is_installed(app):
            steps.append(step)
    return steps


def _call(path: str, context: DemoContext) -> None:
    module_path, func = path.rsplit(".", 1)
    getattr(importlib.import_module(module_path), func)(context)


@transaction.atomic
def load_demo(kommun: str = "exempel") -> DemoContext:
    """Load demo municipality ``kommun`` (``exempel`` or ``andra``, vocabulary.KOMMUNER) with
    its own policy file."""
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    chosen = KOMMUNER[kommun]
    path = chosen.policy_file or default_policy_path()
    source = "standardpolicy" if chosen.policy_file is None else path.name
    policy_load(actor=None, text=path.read_text(encoding="utf-8"), source=source)
    activate(chosen)
    try:
        context = DemoContext()
        for step in _steps():
            _call(step, context)
    finally:
        activate(KOMMUNER["exempel"])
    return context


def load_demo_if_empty(kommun: str = "exempel") -> bool:
    from styrsam.organisation.models import OrgUnit

    if OrgUnit.objects.exists():
        return False
    load_demo(kommun)
    return True


def demo_logins(kommun: str = "exempel") -> list[tuple[str, str]]:
    from .organisation import logins

    activate(KOMMUNER[kommun])
    try:
        return logins()
    finally:
        activate(KOMMUNER["exempel"])
