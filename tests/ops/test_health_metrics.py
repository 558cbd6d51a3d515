"""/health/ for load balancers (database, cache, Celery broker) without login or cookie;
Prometheus metrics only when METRICS_ENABLED is on."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from styrsam.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there


class ThreadClient(Client):
    """The health view is async; Django runs it with ``async_to_sync``, which refuses a thread
    where an event loop runs (a browser test's Playwright leaves one in this worker's main
    thread). Each request to it runs in a thread of its own, as under a WSGI server."""

    def request(self, **request):
        if not request.get("PATH_INFO", "").startswith("/health/"):
            return super().request(**request)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(super().request, **request).result()


@pytest.fixture
def client():
    return ThreadClient()


def test_health_answers_json_without_login_or_cookie(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert sorted(key.split("(")[0] for key in body) == ["Cache", "CeleryBroker", "Database"]
    assert set(body.values()) == {"OK"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_health_as_text_and_html(client):
    assert client.get("/health/?format=json").json()
    text = client.get("/health/", HTTP_ACCEPT="text/plain")
    assert text.status_code == 200
    assert "Database(alias='default'): OK" in text.content.decode()
    assert client.get("/health/").status_code == 200


def test_health_is_exempt_from_the_https_redirect(settings):
    # A load balancer probes the server over plain HTTP (production redirects everything else).
    assert r"^health/$" in settings.SECURE_REDIRECT_EXEMPT


def test_health_reports_a_cache_that_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD}
    }
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    body = response.json()
    assert body["Cache(alias='default')"] != "OK"
    assert body["Database(alias='default')"] == "OK"


def test_health_reports_a_broker_that_does_not_answer(client, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "broker_url", DEAD)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "_pool", None)
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert response.json()["CeleryBroker()"] == "Unavailable: Celery broker unavailable"


def test_health_with_a_real_redis_broker(client, monkeypatch, settings):
    from tests.meetings.test_celery_worker import _require_redis

    _require_redis()
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:6379/15")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "_pool", None)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.json()
    assert set(response.json().values()) == {"OK"}


def test_metrics_are_not_served_when_off(client, settings):
    assert settings.METRICS_ENABLED is False
    assert client.get(f"/{settings.METRICS_PATH}").status_code == 404


def test_metrics_count_requests_by_view_when_on(client, settings, plain_user):
    settings.METRICS_ENABLED = True
    settings.MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *settings.MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
    client.force_login(plain_user)
    assert client.get("/").status_code == 200
    response = client.get(f"/{settings.METRICS_PATH}")
    assert response.status_code == 200
    text = response.content.decode()
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("django_http_responses_total_by_status_view_method_total{")
        and 'view="home"' in line
        and 'status="200"' in line
    )
    assert float(line.rsplit(" ", 1)[1]) >= 1
    assert "django_http_requests_latency_seconds_by_view_method" in text
