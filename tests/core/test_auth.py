"""Login on the web and through the API, throttled after repeated failures."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "test-losenord-1"  # tests/factories.py
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def user(db):
    return UserFactory(username="anna")


def test_web_login_with_right_password(client, user):
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_web_login_with_wrong_password_is_refused(client, user):
    response = client.post(reverse("login"), {"username": "anna", "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_web_login_is_throttled_even_for_the_right_password(client, user):
    for _ in range(settings.LOGIN_THROTTLE_MAX_FAILURES):
        client.post(reverse("login"), {"username": "anna", "password": "fel"})
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_web_login_failures_are_counted_per_username(client, user):
    UserFactory(username="bertil")
    for _ in range(settings.LOGIN_THROTTLE_MAX_FAILURES):
        client.post(reverse("login"), {"username": "bertil", "password": "fel"})
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302


def test_successful_login_clears_earlier_failures(client, user):
    for _ in range(settings.LOGIN_THROTTLE_MAX_FAILURES - 1):
        client.post(reverse("login"), {"username": "anna", "password": "fel"})
    assert (
        client.post(reverse("login"), {"username": "anna", "password": PASSWORD}).status_code == 302
    )
    client.logout()
    client.post(reverse("login"), {"username": "anna", "password": "fel"})
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302


def test_token_login_and_use(api_client, user, policy):
    response = api_client.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["expires"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/groups/").status_code == 200


def test_token_login_with_wrong_password_is_400_json(api_client, user):
    response = api_client.post(TOKEN_URL, {"username": "anna", "password": "fel"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert body["detail"]
    assert "token" not in body


def test_token_login_without_fields_is_400_json(api_client, db):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_token_login_is_throttled_after_failures(api_client, user):
    for _ in range(settings.LOGIN_THROTTLE_MAX_FAILURES - 1):
        failed = api_client.post(TOKEN_URL, {"username": "anna", "password": "fel"}, format="json")
        assert failed.status_code == 400
    # the failure that reaches the limit is answered as a lockout already
    last = api_client.post(TOKEN_URL, {"username": "anna", "password": "fel"}, format="json")
    assert last.status_code == 429
    response = api_client.post(TOKEN_URL, {"username": "anna", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_bad_token_is_refused(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = api_client.get("/api/v1/groups/")
    assert response.status_code == 401
    assert set(response.json()) >= {"code", "detail"}


def test_inactive_user_gets_no_token(api_client, db):
    UserFactory(username="slutat", is_active=False)
    response = api_client.post(
        TOKEN_URL, {"username": "slutat", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400
