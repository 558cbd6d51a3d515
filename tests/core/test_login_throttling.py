"""Login throttling by django-axes (issue #12): one counter per normalised user name and client
address, shared by the login page, the admin login and the token endpoint; atomic; unlocked by an
administrator; independent of Redis."""

from __future__ import annotations

import threading

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory

PASSWORD = "test-losenord-1"
TOKEN_URL = "/api/v1/auth/token/"
LIMIT = settings.LOGIN_THROTTLE_MAX_FAILURES


@pytest.fixture
def user(db):
    return UserFactory(username="anna")


def _web(client, username, password="fel", **extra):  # noqa: S107
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_variants_of_the_user_name_share_one_counter(client, user):
    """Spaces around the name and its case used to give five fresh guesses each."""
    for variant in [" anna", "anna ", "ANNA", "\tAnna\t", "anna"][:LIMIT]:
        _web(client, variant)
    response = _web(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == "anna"


def test_lockout_page_is_swedish_and_names_the_way_out(client, user):
    for _ in range(LIMIT):
        response = _web(client, "anna")
    assert response.status_code == 429
    text = response.content.decode()
    assert "För många misslyckade inloggningsförsök" in text
    assert f"{settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60} minuter" in text
    assert "administratör kan häva spärren" in text


def test_web_failures_count_for_the_token_endpoint_too(client, api_client, user):
    for _ in range(LIMIT):
        _web(client, "anna")
    response = api_client.post(
        TOKEN_URL, {"username": " Anna", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert "För många misslyckade inloggningsförsök" in body["detail"]
    assert "token" not in body


def test_admin_login_is_throttled(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(LIMIT - 1):
        assert client.post(url, {"username": "root", "password": "fel"}).status_code == 200
    assert client.post(url, {"username": "root", "password": "fel"}).status_code == 429
    response = client.post(url, {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_works_for_a_superuser(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert response.status_code == 302


def test_another_address_has_its_own_counter(client, user):
    for _ in range(LIMIT):
        _web(client, "anna", REMOTE_ADDR="10.0.0.1")
    assert _web(client, "anna", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_a_configured_proxy(client, user):
    for n in range(LIMIT):
        _web(client, "anna", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = _web(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_a_configured_proxy_header_names_the_client(client, user, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    for _ in range(LIMIT):
        _web(client, "anna", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert _web(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert _web(client, "anna", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302


def test_the_settings_limit_and_window_drive_axes(client, user, settings):
    settings.LOGIN_THROTTLE_MAX_FAILURES = 2
    settings.LOGIN_THROTTLE_WINDOW_SECONDS = 120
    assert _web(client, "anna").status_code == 200
    response = _web(client, "anna")
    assert response.status_code == 429
    assert "2 minuter" in response.content.decode()


def test_an_expired_window_lets_the_user_in_again(client, user, settings):
    for _ in range(LIMIT):
        _web(client, "anna")
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert _web(client, "anna", PASSWORD).status_code == 302


def test_administrator_unlocks_with_the_management_command(client, user):
    for _ in range(LIMIT):
        _web(client, "anna")
    call_command("axes_reset_username", "anna")
    assert not AccessAttempt.objects.exists()
    assert _web(client, "anna", PASSWORD).status_code == 302


def test_administrator_sees_and_can_delete_attempts_in_the_admin(client, user):
    for _ in range(LIMIT):
        _web(client, "anna", REMOTE_ADDR="10.9.9.9")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    attempt = AccessAttempt.objects.get()
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_login_and_token_work_when_the_configured_redis_is_down(client, api_client, user, settings):
    """The counter lives in the database: a dead cache must not turn logins into 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    from django.core.cache import cache

    with pytest.raises(Exception, match="[Cc]onnect"):
        cache.get("probe")  # the cache really is down
    assert _web(client, "anna").status_code == 200
    assert _web(client, "anna", PASSWORD).status_code == 302
    token = api_client.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, format="json")
    assert token.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_wrong_guesses_are_not_all_evaluated(monkeypatch):
    """Each guess takes the (user name, address) lock: after LIMIT failures the rest are refused
    without testing the password. The password test is slowed down as a real hasher is."""
    import time

    from django.contrib.auth.backends import ModelBackend
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need PostgreSQL")
    UserFactory(username="anna")
    evaluated: list[str] = []
    original = ModelBackend.authenticate

    def slow_authenticate(self, request, username=None, password=None, **kwargs):
        evaluated.append(username)
        time.sleep(0.05)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_authenticate)
    statuses: list[int] = []
    barrier = threading.Barrier(30)

    def guess():
        from django.db import connection as thread_connection

        try:
            client = APIClient()
            barrier.wait()
            response = client.post(
                TOKEN_URL, {"username": "anna", "password": "fel"}, format="json"
            )
            statuses.append(response.status_code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(evaluated) == LIMIT
    assert sorted(statuses) == [400] * (LIMIT - 1) + [429] * (31 - LIMIT)
    assert AccessAttempt.objects.get().failures_since_start == 30


def test_web_login_of_a_plain_client_is_not_locked_by_another_users_failures(db):
    UserFactory(username="anna")
    UserFactory(username="bertil")
    other = Client()
    for _ in range(LIMIT):
        _web(other, "bertil")
    assert _web(Client(), "anna", PASSWORD).status_code == 302


def test_a_login_without_a_user_name_is_not_counted(rf, db):
    """An OpenID Connect callback authenticates with a code, not a user name: axes must not
    count its failures by address alone (everyone behind one router would be locked out)."""
    from django.contrib.auth import authenticate

    for _ in range(LIMIT + 2):
        request = rf.get("/sso/callback/")
        assert authenticate(request, nonce="n", code_verifier="v") is None
    assert not AccessAttempt.objects.exists()
