"""``/health/`` for load balancers and monitoring (django-health-check).

It answers without login and sets no cookie: 200 when the database, the cache and the Celery
broker answer, 500 (with the failing part named) when one does not. JSON with
``Accept: application/json`` or ``?format=json``; text with ``Accept: text/plain``."""

from __future__ import annotations

import dataclasses
import datetime

from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class CeleryBroker(HealthCheck):
    """The broker the workers read from accepts a connection. A worker being down is not the
    web server's ill health, so this checks the broker (Redis), not the workers."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        from styrsam.celery import app

        if app.conf.task_always_eager or str(app.conf.broker_url).startswith("memory://"):
            return  # tasks run in-process (the embedded default): nothing to reach
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise ServiceUnavailable("Celery broker unavailable") from exc


class HealthView(HealthCheckView):
    checks = (Database, Cache, CeleryBroker)
