"""Celery app: eager in the embedded demo, a real worker against Redis in production.

Every task inherits retries and the report of a final failure (styrsam.core.tasking); the
periodic schedule is styrsam/schedule.py. ``styrsam worker`` and ``styrsam beat`` run it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")

app = Celery("styrsam", task_cls="styrsam.core.tasking:ReportedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
