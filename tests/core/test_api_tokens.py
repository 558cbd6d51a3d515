"""API tokens expire and rotate; the user sees, renews and revokes their own (issue #12);
sessions last one working day."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from styrsam.core.models import AuditEntry
from tests.factories import UserFactory

PASSWORD = "test-losenord-1"
TOKEN_URL = "/api/v1/auth/token/"
REVOKE_URL = "/api/v1/auth/token/revoke/"


@pytest.fixture
def user(policy):
    return UserFactory(username="anna")


def _token(api_client, username="anna"):
    response = api_client.post(
        TOKEN_URL, {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def test_token_expires_after_the_configured_days(api_client, user):
    body = _token(api_client)
    token = Token.objects.get(key=body["token"])
    expected = token.created + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    assert datetime.datetime.fromisoformat(body["expires"]) == expected
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS, seconds=1)
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    response = api_client.get("/api/v1/groups/")
    assert response.status_code == 401
    assert "gått ut" in response.json()["detail"]


def test_token_ttl_setting_is_honoured(api_client, user, settings):
    settings.API_TOKEN_TTL_DAYS = 1
    body = _token(api_client)
    Token.objects.filter(key=body["token"]).update(
        created=timezone.now() - datetime.timedelta(days=2)
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api_client.get("/api/v1/groups/").status_code == 401


def test_a_new_token_replaces_the_old_one(api_client, user):
    first = _token(api_client)["token"]
    second = _token(api_client)["token"]
    assert first != second
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.get("/api/v1/groups/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api_client.get("/api/v1/groups/").status_code == 200
    assert AuditEntry.objects.filter(action="api_token.renew", object_id=str(user.pk)).count() == 1


def test_revoke_through_the_api(api_client, user):
    key = _token(api_client)["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.post(REVOKE_URL).status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert api_client.get("/api/v1/groups/").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_revoke_needs_a_login(api_client, db):
    assert api_client.post(REVOKE_URL).status_code == 401


def test_person_page_shows_own_token_and_not_others(client, user):
    other = UserFactory(username="bertil")
    Token.objects.create(user=user)
    client.force_login(user)
    own = client.get(reverse("organisation:person_detail", args=[user.pk])).content.decode()
    assert "Du har en API-token" in own
    assert "Förnya API-token" in own
    assert "Återkalla API-token" in own
    theirs = client.get(reverse("organisation:person_detail", args=[other.pk])).content.decode()
    assert "API-token" not in theirs


def test_renew_on_the_person_page_shows_the_new_key_once(client, user):
    old = Token.objects.create(user=user)
    client.force_login(user)
    response = client.post(reverse("api_token_renew"))
    assert response.status_code == 200
    new = Token.objects.get(user=user)
    assert new.key != old.key
    assert new.key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    page = client.get(reverse("organisation:person_detail", args=[user.pk])).content.decode()
    assert new.key not in page


def test_revoke_on_the_person_page(client, user):
    Token.objects.create(user=user)
    client.force_login(user)
    url = reverse("organisation:person_detail", args=[user.pk])
    response = client.post(reverse("api_token_revoke"), {"next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert not Token.objects.filter(user=user).exists()
    assert "Du har ingen API-token" in client.get(url).content.decode()


def test_revoke_does_not_redirect_off_site(client, user):
    client.force_login(user)
    response = client.post(reverse("api_token_revoke"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_token_pages_refuse_get(client, user):
    client.force_login(user)
    assert client.get(reverse("api_token_renew")).status_code == 405


def test_session_lasts_one_working_day_by_default(client, user):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 9 * 3600


def test_session_length_comes_from_the_environment(monkeypatch):
    import importlib

    import styrsam.settings as project_settings

    monkeypatch.setenv("SESSION_HOURS", "2")
    monkeypatch.setenv("API_TOKEN_TTL_DAYS", "7")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.SESSION_COOKIE_AGE == 2 * 3600
        assert reloaded.API_TOKEN_TTL_DAYS == 7
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
