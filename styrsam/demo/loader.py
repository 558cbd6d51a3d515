"""The demo municipality "Exempelkommun": committees, departments, companies, staff units,
named people in every role of the guideline and the four groups. Other apps add their demo
data through ``DEMO_STEPS`` (module path of a ``load(context)`` function), run in order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's shared, printed password

# Apps append the dotted path of their demo loader here, in dependency order.
DEMO_STEPS = [
    "styrsam.demo.organisation.load",
]

OPTIONAL_STEPS = [
    ("styrsam.systems", "styrsam.demo.systems.load"),
    ("styrsam.cases", "styrsam.demo.cases.load"),
    ("styrsam.meetings", "styrsam.demo.meetings.load"),
    ("styrsam.servicedesk", "styrsam.demo.servicedesk.load"),
    ("styrsam.rental", "styrsam.demo.rental.load"),
    ("styrsam.finance", "styrsam.demo.finance.load"),
    ("styrsam.followup", "styrsam.demo.followup.load"),
    ("styrsam.projects", "styrsam.demo.projects.load"),
]


@dataclass
class DemoContext:
    """What one step hands to the next: people by username, units by code, groups by code."""

    people: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
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
def load_demo() -> DemoContext:
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.services import policy_load

    policy_load(
        actor=None, text=default_policy_path().read_text(encoding="utf-8"), source="standardpolicy"
    )
    context = DemoContext()
    for step in _steps():
        _call(step, context)
    return context


def load_demo_if_empty() -> bool:
    from styrsam.organisation.models import OrgUnit

    if OrgUnit.objects.exists():
        return False
    load_demo()
    return True


def demo_logins() -> list[tuple[str, str]]:
    from .organisation import DEMO_LOGINS

    return DEMO_LOGINS
