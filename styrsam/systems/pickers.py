"""What the register lets forms pick by searching (``core/pickers.py``): systems."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import PickerSource, register_picker

from .models import System

SYSTEMS = "system"


def systems_in_register(user=None):
    """Every system not retired (all staff read the register)."""
    return (
        System.objects.select_related("owner_unit")
        .exclude(lifecycle=System.Lifecycle.RETIRED)
        .order_by("name", "pk")
    )


def system_source(kind: str, queryset, permission: str) -> PickerSource:
    """A picker of systems among ``queryset(user)`` (with ``owner_unit`` selected), found by
    name or vendor, typed by name without JavaScript. Other apps use it for their own subsets
    (finance: the systems whose costs are shared)."""
    return PickerSource(
        kind=kind,
        queryset=queryset,
        key_field="name",
        search_fields=("name", "vendor"),
        label=lambda system: system.name,
        detail=lambda system: system.owner_unit.name if system.owner_unit_id else "",
        permission=permission,
        key_in_label=True,
        key_name=_("systemets namn"),
    )


def register() -> None:
    register_picker(system_source(SYSTEMS, systems_in_register, "systems.view_system"))
