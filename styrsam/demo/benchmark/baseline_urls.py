"""The benchmark's URLconf: the two bare-Django baselines beside every page of Styrsam (the
in-process baselines and the loopback load test's server use it).

``/bare/`` answers "ok" to a logged-in user (session and user read: two queries);
``/bare-systems/`` renders the first 50 systems by name with their owner unit in a plain
template (three queries): what a minimal Django page over the same data costs."""

from __future__ import annotations

from django.http import HttpResponse
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


urlpatterns = [
    *bare_urlpatterns,
    path("bare-systems/", bare_systems),
    path("", include("styrsam.urls")),
]
