"""Periodic work of cases (Celery beat, ``styrsam/schedule.py``).

- ``close_due_consultations``: consultations (remisser) close by themselves when their deadline
  has passed or every member of the group has answered (G14, G21). Set-based and idempotent:
  a run after another closes nothing twice."""

from __future__ import annotations

from celery import shared_task

from .services import consultations_close_due


@shared_task(name="cases.close_due_consultations")
def close_due_consultations() -> dict[str, list[int]]:
    return consultations_close_due()
