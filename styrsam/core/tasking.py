"""The base class of every Celery task (``Celery(task_cls=...)`` in styrsam/celery.py).

A task that raises is retried with exponential backoff (1, 2, 4 … seconds with jitter, at most
CELERY_TASK_RETRY_BACKOFF_MAX) up to CELERY_TASK_MAX_RETRIES times. A refusal by a service
(``ServiceError``: e.g. the rent is not decided) is not retried: it will not change by waiting.
When a task has failed for good it is reported, never silently lost: an ERROR record on the
``styrsam.tasks`` logger (with the traceback) and an e-mail to ADMINS."""

from __future__ import annotations

import logging

from celery import Task
from django.conf import settings
from django.core.mail import mail_admins

from .errors import ServiceError

log = logging.getLogger("styrsam.tasks")


class ReportedTask(Task):
    autoretry_for = (Exception,)
    dont_autoretry_for = (ServiceError,)
    retry_backoff = True
    retry_jitter = True

    @property
    def max_retries(self) -> int:
        return getattr(settings, "CELERY_TASK_MAX_RETRIES", 5)

    @property
    def retry_backoff_max(self) -> int:
        return getattr(settings, "CELERY_TASK_RETRY_BACKOFF_MAX", 600)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        log.warning(
            "Uppgiften %s misslyckades (%s: %s); nytt försök %s av %s.",
            self.name,
            type(exc).__name__,
            exc,
            self.request.retries + 1,
            self.max_retries,
            extra={"task": self.name, "task_id": task_id},
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        retries = self.request.retries
        log.error(
            "Uppgiften %s misslyckades slutgiltigt efter %s försök: %s: %s",
            self.name,
            retries + 1,
            type(exc).__name__,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"task": self.name, "task_id": task_id, "retries": retries},
        )
        try:
            mail_admins(
                f"Styrsam: uppgiften {self.name} misslyckades",
                f"Uppgiften {self.name} (id {task_id}) misslyckades slutgiltigt efter "
                f"{retries + 1} försök.\n\n{type(exc).__name__}: {exc}\n\n{einfo}",
            )
        except Exception:
            log.exception("E-post till ADMINS om uppgiften %s kunde inte skickas.", self.name)
