"""The start page's "what is yours to do": each app registers a ``todos(user, context)``
provider (its ``todos.py``, found by its app config); this collects them."""

from __future__ import annotations

from dataclasses import dataclass

from .registry import registry


@dataclass
class Todo:
    text: str
    url: str = ""
    rule: str = ""
    level: str = "info"  # info | warning | danger


LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}


def collect_todos(user, context=None) -> list[Todo]:
    """Every registered provider's items for ``user``, the most urgent first. ``context`` is
    handed to each provider (the active policy, registered by the guideline app)."""
    if context is None and registry.todo_context is not None:
        context = registry.todo_context(user)
    items: list[Todo] = []
    for provider in registry.todo_providers:
        items.extend(provider(user, context))
    return sorted(items, key=lambda t: LEVEL_ORDER.get(t.level, 3))
