"""Periodic work of governing documents (styrsam/schedule.py), on ``core.tasking.ReportedTask``.

- ``remind_reviews`` (G28): each document's owner is reminded 30 days before its review date,
  once per date; safe to run any number of times a day."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="documents.remind_reviews")
def remind_reviews() -> list[int]:
    return services.remind_reviews()
