"""Celery app: eager in the embedded demo, a real worker against Redis in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")

app = Celery("styrsam")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
