"""Periodic work of the follow-up (styrsam/schedule.py), on ``core.tasking.ReportedTask``.

- ``remind_respondents`` (G30): respondents whose assignment is not fully answered a week
  before the deadline, again every third day; safe to run twice a day.
- ``purge_panel_data`` (G31): the retention job — members whose time is up, unsubscribed
  members and never-answered invitations are deleted (with their non-anonymous answers),
  expired personal links too, and surveys past their last day are closed."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="followup.remind_respondents")
def remind_respondents() -> list[int]:
    return services.assignments_remind()


@shared_task(name="followup.purge_panel_data")
def purge_panel_data() -> dict[str, int]:
    return services.purge_panel_data()
