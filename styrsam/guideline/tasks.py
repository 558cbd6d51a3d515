"""The policy in force changes on its effective date (G29): each night the latest adopted
version whose date has come becomes the active one, and the apps that mirror the policy (the
organisation's groups) follow. ``get_policy()`` already reads by date; the task makes the rest
follow. Idempotent."""

from __future__ import annotations

from celery import shared_task

from .services import activate_due_policy


@shared_task(name="guideline.activate_due_policy")
def activate_due_policy_task() -> dict:
    version = activate_due_policy(actor=None)
    return {"active_version": version.number if version else None}
