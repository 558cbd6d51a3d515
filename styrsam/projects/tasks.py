"""Periodic work of the projects app (styrsam/schedule.py), on ``core.tasking.ReportedTask``.

- ``remind_reporters`` (G14): the reporters of projects not yet reported before a
  preparatory group meeting within five days; once per project and meeting."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="projects.remind_reporters")
def remind_reporters() -> list[int]:
    return services.reporters_remind()
