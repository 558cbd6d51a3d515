"""SSO settings without a provider: the login page, local login switched off, the SSO paths
when SSO is off, and `check --deploy` clean with SSO on in production."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

from tests.core.test_settings import _env, _run

pytestmark = pytest.mark.django_db

NO_PASSWORD_BACKEND = "styrsam.ops.sso.NoPasswordModelBackend"


@pytest.fixture
def sso_on(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "styrsam"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.exempel.se/authorize"
    settings.OIDC_LOGIN_LABEL = ""
    return settings


def _local_login_off(settings):
    settings.LOCAL_LOGIN_ENABLED = False
    settings.AUTHENTICATION_BACKENDS = [
        NO_PASSWORD_BACKEND if b == "django.contrib.auth.backends.ModelBackend" else b
        for b in settings.AUTHENTICATION_BACKENDS
    ]


def test_the_login_page_shows_the_sso_button_when_on(client, sso_on):
    page = client.get("/logga-in/?next=/system/").content.decode()
    assert '<a class="button" href="/sso/logga-in/?next=%2Fsystem%2F">' in page
    assert "Logga in med kommunens inloggning" in page
    assert 'name="password"' in page


def test_the_sso_start_sends_the_browser_to_the_provider_with_pkce(client, sso_on):
    response = client.get("/sso/logga-in/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://idp.exempel.se/authorize?")
    assert "code_challenge_method=S256" in location
    assert "nonce=" in location and "state=" in location


def test_sso_paths_are_404_when_sso_is_off(client, settings):
    assert settings.OIDC_ENABLED is False
    assert client.get("/sso/logga-in/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404
    assert "/sso/" not in client.get("/logga-in/").content.decode()


def test_local_login_off_hides_the_form_and_refuses_passwords(client, sso_on, plain_user):
    plain_user.set_password("rätt-lösenord-1")
    plain_user.save()
    _local_login_off(sso_on)
    page = client.get("/logga-in/").content.decode()
    assert 'name="password"' not in page
    assert "/sso/logga-in/" in page
    response = client.post(
        "/logga-in/", {"username": plain_user.username, "password": "rätt-lösenord-1"}
    )
    assert response.status_code == 200  # the page again, not the redirect of a login
    assert "_auth_user_id" not in client.session


def test_local_login_off_refuses_the_api_token_login(api_client, sso_on, plain_user):
    plain_user.set_password("rätt-lösenord-1")
    plain_user.save()
    _local_login_off(sso_on)
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": plain_user.username, "password": "rätt-lösenord-1"},
        format="json",
    )
    assert response.status_code == 400
    from rest_framework.authtoken.models import Token

    assert not Token.objects.filter(user=plain_user).exists()


def test_local_login_off_keeps_permissions(sso_on, superuser, it_strategist):
    _local_login_off(sso_on)
    assert it_strategist.has_perm("organisation.manage_roles")
    assert superuser.has_perm("rental.run_rent")


def test_local_login_on_by_default_still_logs_in(client, plain_user):
    plain_user.set_password("rätt-lösenord-1")
    plain_user.save()
    response = client.post(
        "/logga-in/", {"username": plain_user.username, "password": "rätt-lösenord-1"}
    )
    assert response.status_code == 302


def _production_env(tmp_path, **extra):
    return _env(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(45)[:60],
        ALLOWED_HOSTS="styrsam.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        **extra,
    )


SSO_ENV = {
    "OIDC_RP_CLIENT_ID": "styrsam",
    "OIDC_RP_CLIENT_SECRET": "hemligt",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.exempel.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.exempel.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.exempel.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.exempel.se/jwks",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://login.exempel.se/logout",
    "LOCAL_LOGIN_ENABLED": "0",
    "METRICS_ENABLED": "1",
    "LOG_FORMAT": "json",
}


def test_check_deploy_is_clean_with_sso_on(tmp_path):
    script = Path(sys.executable).with_name("styrsam")
    command = [str(script), "manage", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(command, _production_env(tmp_path, **SSO_ENV))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    probe = (
        "from django.conf import settings as s; "
        "print(s.AUTHENTICATION_BACKENDS[-2:], s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    result = _run(
        [str(script), "manage", "shell", "-c", probe], _production_env(tmp_path, **SSO_ENV)
    )
    assert result.returncode == 0, result.stderr
    assert f"['{NO_PASSWORD_BACKEND}', 'styrsam.ops.sso.OIDCBackend'] 60 True" in result.stdout


def test_local_login_off_without_sso_refuses_to_start(tmp_path):
    script = Path(sys.executable).with_name("styrsam")
    result = _run(
        [str(script), "manage", "check"], _production_env(tmp_path, LOCAL_LOGIN_ENABLED="0")
    )
    assert result.returncode != 0
    assert "LOCAL_LOGIN_ENABLED=0" in result.stderr
