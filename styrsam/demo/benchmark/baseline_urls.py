"""The benchmark's URLconf: the two bare-Django baselines beside every page of Styrsam (the
in-process baselines and the loopback load test's server use it).

``/bare/`` answers "ok" to a logged-in user (session and user read: two queries);
``/bare-systems/`` renders the first 50 systems by name with their owner unit in a plain
template (three queries): what a minimal Django page over the same data costs.
``/server-configuration/`` tells the load test what its server runs (never in ``styrsam.urls``)."""

from __future__ import annotations

import gc

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template import Context, Engine
from django.urls import include, path

from styrsam.core.benchmark import urlpatterns as bare_urlpatterns
from styrsam.systems.models import System

LIST = (
    "<!doctype html><title>System</title><ul>{% for s in systems %}"
    '<li><a href="/system/{{ s.pk }}/">{{ s.name }}</a> {{ s.owner_unit.name }}</li>'
    "{% endfor %}</ul>"
)


def bare_systems(request):
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    systems = System.objects.select_related("owner_unit").order_by("name")[:50]
    template = Engine.get_default().from_string(LIST)
    return HttpResponse(template.render(Context({"systems": systems})))


def server_configuration(request):
    """What the load test reports of its server: DEBUG, the template loaders, the database
    connections' age and health checks, the prepared statements' threshold, the static files'
    storage, the frozen objects."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    options = settings.TEMPLATES[0].get("OPTIONS", {})
    loaders = [
        loader[0] if isinstance(loader, (list, tuple)) else loader
        for loader in options.get("loaders", [])
    ]
    return JsonResponse(
        {
            "debug": settings.DEBUG,
            "loaders": loaders,
            "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
            "conn_health_checks": connection.settings_dict["CONN_HEALTH_CHECKS"],
            # PostgreSQL's prepared statements (docs/decisions/0025); None: off
            "prepare_threshold": connection.settings_dict["OPTIONS"].get("prepare_threshold"),
            "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
            "frozen": gc.get_freeze_count(),
        }
    )


urlpatterns = [
    *bare_urlpatterns,
    path("bare-systems/", bare_systems),
    path("server-configuration/", server_configuration),
    path("", include("styrsam.urls")),
]
