from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.decorators.cache import never_cache


@never_cache
def metrics(request):
    """Prometheus metrics (django-prometheus): request counts and latencies by view, responses
    by status, exceptions, database and cache use. Served only with METRICS_ENABLED=1; restrict
    the path to the monitoring server in the reverse proxy (docs/operations.md)."""
    if not settings.METRICS_ENABLED:
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
