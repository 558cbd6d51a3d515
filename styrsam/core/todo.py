"""The start page's "what is yours to do": each app contributes items through a ``todos``
module with ``todos(user, policy) -> list[Todo]``; this collects them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass
class Todo:
    text: str
    url: str = ""
    rule: str = ""
    level: str = "info"  # info | warning | danger


def collect_todos(user, policy) -> list[Todo]:
    items: list[Todo] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("styrsam."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.todos")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.todos":
                raise
            continue
        items.extend(module.todos(user, policy))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda t: order.get(t.level, 3))
