"""What higher apps add to a system's page and its API detail, without the register importing
them (``styrsam.core.hooks``; convention 14). The cases app, for one, adds the system's cases
and decisions (G17)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SystemSection:
    """A section of the system page's overview tab and, optionally, a field of
    ``GET /api/v1/systems/{id}/``.

    ``context(user=, system=)`` gives the template's context, or ``None`` when the user may
    not see the section. ``api_field`` is a read-only serializer field class (its source is
    the system itself) named ``key`` in the API."""

    key: str
    template: str
    context: Callable[..., dict | None]
    api_field: type | None = None
    order: int = 100


_sections: list[SystemSection] = []


def register_system_section(section: SystemSection) -> None:
    if all(s.key != section.key for s in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def system_sections() -> list[SystemSection]:
    return list(_sections)


def rendered_sections(*, user, system) -> list[dict[str, Any]]:
    """The sections this user sees on ``system``'s page: template and context each."""
    out = []
    for section in _sections:
        context = section.context(user=user, system=system)
        if context is not None:
            out.append({"key": section.key, "template": section.template, "context": context})
    return out
