"""Swedish names of the audit log's actions, for the history tabs.

The log stores a stable code (``case.decide``); the page shows what a municipal reader
understands ("Beslut fattat"). Each app registers the names of its actions
(``StyrsamAppConfig.audit_actions``). An unknown code is shown as it is, never hidden."""

from __future__ import annotations

from .registry import registry


def action_label(code: str) -> str:
    return str(registry.audit_actions.get(code, code))


def known_actions() -> dict:
    return dict(registry.audit_actions)
