"""What the apps add to the shared places of the site, registered by each app.

``core`` is the ground floor: it imports no other app of Styrsam. An app tells core what it
adds — menu items, start-page to-dos and sections, Swedish names of its audit actions, values
for the page frame — by declaring them on its :class:`StyrsamAppConfig` (``apps.py``), which
registers them here when Django starts. Core reads the registry; it never lists the apps.

    class SystemsConfig(StyrsamAppConfig):
        name = "styrsam.systems"
        navigation = [NavItem("systems:system_list", _("System"), "systems.view_system", 40)]
        audit_actions = {"system.register": _("System registrerat")}

A to-do provider is the app's ``todos(user, policy)`` function in ``<app>/todos.py`` (found
by the app config); a start-page section is a :class:`HomeSection`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu: a URL name, its Swedish label, the permission that shows it
    (``None``: every logged-in user) and its place (lower first)."""

    url_name: str
    label: Any
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class HomeSection:
    """A section of the start page: ``render(request) -> dict | None`` gives the context of
    ``template`` (``None``: nothing to show for this user).

    A section with ``shown`` is loaded after the page (issue 18: the dashboards' charts): the
    start page asks only ``shown(request)`` and puts a link to the section's own page
    (``/start/<key>/``) in its place, which htmx replaces by the section once the page is
    shown; without JavaScript the link opens the section as a page. ``label`` names it there.
    """

    key: str
    template: str
    render: Callable[[Any], dict | None]
    order: int = 100
    shown: Callable[[Any], bool] | None = None
    label: Any = ""

    @property
    def deferred(self) -> bool:
        return self.shown is not None


@dataclass
class _Registry:
    navigation: list[NavItem] = field(default_factory=list)
    todo_providers: list[Callable] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    audit_actions: dict[str, Any] = field(default_factory=dict)
    # "app.model.field" -> callable(value) -> str: how the history shows a stored code
    audit_values: dict[str, Callable] = field(default_factory=dict)
    # "app.model.field" -> Swedish label of a logged value that is not a model field
    audit_field_labels: dict[str, Any] = field(default_factory=dict)
    # "app.model" -> other models whose fields the object's log entries also carry
    audit_also: dict[str, list[str]] = field(default_factory=dict)
    # Callables (request) -> dict merged into every page's context (e.g. the active policy).
    page_context: list[Callable] = field(default_factory=list)
    # A callable (user) -> object handed to the to-do providers (the active policy).
    todo_context: Callable | None = None


registry = _Registry()


def register_navigation(*items: NavItem) -> None:
    for item in items:
        if item not in registry.navigation:
            registry.navigation.append(item)
    registry.navigation.sort(key=lambda i: i.order)


def register_todos(provider: Callable) -> None:
    if provider not in registry.todo_providers:
        registry.todo_providers.append(provider)


def register_home_section(section: HomeSection) -> None:
    if all(s.key != section.key for s in registry.home_sections):
        registry.home_sections.append(section)
        registry.home_sections.sort(key=lambda s: s.order)


def register_audit_actions(labels: dict[str, Any]) -> None:
    clash = {
        k
        for k, v in labels.items()
        if k in registry.audit_actions and registry.audit_actions[k] != v
    }
    if clash:
        raise ValueError(f"Audit actions registered twice with different labels: {sorted(clash)}")
    registry.audit_actions.update(labels)


def register_page_context(provider: Callable) -> None:
    if provider not in registry.page_context:
        registry.page_context.append(provider)


def set_todo_context(provider: Callable) -> None:
    registry.todo_context = provider


class StyrsamAppConfig(AppConfig):
    """Base of every Styrsam app's config: registers what the app declares."""

    default = False  # the app's own subclass is the one Django picks (see __init_subclass__)
    navigation: list[NavItem] = []
    audit_actions: dict[str, Any] = {}
    audit_values: dict[str, Callable] = {}
    audit_field_labels: dict[str, Any] = {}
    audit_also: dict[str, list[str]] = {}
    home_sections: list[HomeSection] = []

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        register_navigation(*self.navigation)
        register_audit_actions(self.audit_actions)
        registry.audit_values.update(self.audit_values)
        registry.audit_field_labels.update(self.audit_field_labels)
        for object_type, others in self.audit_also.items():
            registry.audit_also.setdefault(object_type, []).extend(others)
        for section in self.home_sections:
            register_home_section(section)
        try:
            module = importlib.import_module(f"{self.name}.todos")
        except ModuleNotFoundError as exc:
            if exc.name != f"{self.name}.todos":
                raise
        else:
            register_todos(module.todos)
