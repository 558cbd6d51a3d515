"""What finance lets forms pick by searching (``core/pickers.py``): the systems whose costs are
shared by a key or paid centrally (G26)."""

from __future__ import annotations

from styrsam.core.pickers import register_picker
from styrsam.guideline.policy import get_policy
from styrsam.systems.models import System
from styrsam.systems.pickers import system_source

SHARED_SYSTEMS = "delade-system"


def shared_systems(user=None):
    policy = get_policy()
    principles = policy.allocated_principles() + policy.central_principles()
    return (
        System.objects.filter(financing_principle__in=principles)
        .exclude(lifecycle=System.Lifecycle.RETIRED)
        .select_related("owner_unit")
        .order_by("name")
    )


def register() -> None:
    register_picker(system_source(SHARED_SYSTEMS, shared_systems, "finance.manage_allocation"))
