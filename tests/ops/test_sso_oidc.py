"""Single sign-on against a REAL OpenID Connect provider (issue 19): a small Django project with
django-oauth-toolkit (tests/oidc_provider/, its own process and SQLite file, an RSA key made
here) and Styrsam's live server. The authorisation code flow with PKCE (S256); a wrong state and
a wrong nonce are refused; a user is matched by e-mail, created only when allowed, and gets no
role from the provider; logout ends the session here and at the provider."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connection

from styrsam.core.models import AuditEntry
from styrsam.organisation.models import RoleAssignment
from tests.factories import UserFactory

from .servers import PYTHON, clean_env, free_port, server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The flow does not depend on the database: it runs once, in the SQLite pass of CI.
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the OIDC provider test runs on SQLite only"
    ),
]

CLIENT_ID = "styrsam-test"
CLIENT_SECRET = "hemligt-klient-" + "s" * 30
PASSWORD = "kommunlösen-123"
TIMEOUT = 15


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    data = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (data / "provider-key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    port = free_port()
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/sso/callback/",
        "post_logout_redirect_uri": f"{live_server.url}/logga-in/",
        "users": [
            {
                "username": "anna.a",
                "email": "anna@exempel.se",
                "password": PASSWORD,
                "first_name": "Anna",
                "last_name": "Andersson",
            },
            {
                "username": "ny.person",
                "email": "ny@exempel.se",
                "password": PASSWORD,
                "first_name": "Ny",
                "last_name": "Person",
            },
        ],
    }
    base = f"http://127.0.0.1:{port}"
    args = [PYTHON, "-m", "tests.oidc_provider.run", str(port), str(data), json.dumps(config)]
    with server(args, env=clean_env(), probe_url=f"{base}/o/.well-known/jwks.json"):
        yield base


@pytest.fixture
def sso(settings, provider, live_server):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider}/o/logout/"
    settings.OIDC_OP_ISSUER = f"{provider}/o"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "styrsam.ops.sso.OIDCBackend",
    ]
    return live_server.url


@pytest.fixture
def anna(policy):
    return UserFactory(username="anna", email="Anna@Exempel.se", first_name="A", last_name="A")


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def _with(url: str, **params) -> str:
    parts = urlparse(url)
    query = {**_query(url), **params}
    return urlunparse(parts._replace(query=urlencode({k: v for k, v in query.items() if v})))


def _start(browser: requests.Session, styrsam: str) -> str:
    """Click the SSO button; returns the authorisation request Styrsam sends the browser to."""
    page = browser.get(f"{styrsam}/logga-in/", timeout=TIMEOUT)
    assert 'href="/sso/logga-in/"' in page.text
    response = browser.get(f"{styrsam}/sso/logga-in/", allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    return response.headers["Location"]


def _at_provider(browser: requests.Session, authorize_url: str, username: str) -> str:
    """Follow the authorisation request at the provider, logging in there if it asks; returns
    where the provider sends the browser back (Styrsam's callback)."""
    origin = urlparse(authorize_url)._replace(path="", query="").geturl()
    response = browser.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    location = response.headers["Location"]
    if location.startswith("/accounts/login/"):
        login_url = origin + location
        browser.get(login_url, timeout=TIMEOUT)
        response = browser.post(
            login_url,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.cookies.get("op_csrftoken"),
                "next": _query(login_url)["next"],
            },
            headers={"Referer": login_url},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code == 302
        response = browser.get(
            origin + response.headers["Location"], allow_redirects=False, timeout=TIMEOUT
        )
        assert response.status_code == 302
        location = response.headers["Location"]
    return location


def _who(browser: requests.Session, styrsam: str) -> requests.Response:
    return browser.get(f"{styrsam}/", allow_redirects=False, timeout=TIMEOUT)


def test_login_with_pkce_matches_the_user_by_email_and_takes_no_role(sso, anna):
    browser = requests.Session()
    authorize = _start(browser, sso)
    params = _query(authorize)
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43 and params["nonce"] and params["state"]
    callback = _at_provider(browser, authorize, "anna.a")
    assert callback.startswith(f"{sso}/sso/callback/?")
    assert _query(callback)["state"] == params["state"]

    response = browser.get(callback, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = _who(browser, sso)
    assert home.status_code == 200
    assert "Anna Andersson" in home.text  # name refreshed from the claims
    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name) == ("Anna", "Andersson")
    # The provider said roles: it_strategist, municipal_director. Styrsam took none.
    assert not RoleAssignment.objects.filter(person=anna).exists()
    assert not AuditEntry.objects.filter(action__startswith="role.").exists()


def test_the_provider_refuses_a_request_without_pkce(sso, anna):
    browser = requests.Session()
    authorize = _with(_start(browser, sso), code_challenge="", code_challenge_method="")
    callback = _at_provider(browser, authorize, "anna.a")
    assert callback.startswith(f"{sso}/sso/callback/?")
    assert _query(callback)["error"] == "invalid_request"
    assert "code" not in _query(callback)
    assert _who(browser, sso).status_code == 302


def test_a_wrong_state_is_refused(sso, anna):
    browser = requests.Session()
    callback = _at_provider(browser, _start(browser, sso), "anna.a")
    forged = _with(callback, state="inte-det-som-skickades")
    response = browser.get(forged, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 400
    assert _who(browser, sso).status_code == 302  # not logged in
    # The genuine callback still works afterwards: only the forged state was refused.
    assert browser.get(callback, allow_redirects=False, timeout=TIMEOUT).status_code == 302
    assert _who(browser, sso).status_code == 200


def test_a_wrong_nonce_is_refused(sso, anna):
    browser = requests.Session()
    authorize = _with(_start(browser, sso), nonce="en-annan-nonce-an-den-styrsam-sparat")
    callback = _at_provider(browser, authorize, "anna.a")
    response = browser.get(callback, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 400
    assert _who(browser, sso).status_code == 302


def test_an_unknown_user_is_not_created_unless_allowed(sso, policy, settings):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    browser = requests.Session()
    callback = _at_provider(browser, _start(browser, sso), "ny.person")
    response = browser.get(callback, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    assert response.headers["Location"] == "/logga-in/"
    assert not users.filter(email="ny@exempel.se").exists()
    assert _who(browser, sso).status_code == 302

    settings.OIDC_CREATE_USER = True
    callback = _at_provider(browser, _start(browser, sso), "ny.person")
    assert browser.get(callback, allow_redirects=False, timeout=TIMEOUT).status_code == 302
    created = users.get(email="ny@exempel.se")
    assert (created.username, created.first_name, created.last_name) == (
        "ny.person",
        "Ny",
        "Person",
    )
    assert _who(browser, sso).status_code == 200
    assert not RoleAssignment.objects.filter(person=created).exists()


def test_a_user_can_be_matched_by_preferred_username(sso, policy, settings):
    settings.OIDC_MATCH_CLAIM = "preferred_username"
    user = UserFactory(username="anna.a", email="annan-adress@exempel.se")
    browser = requests.Session()
    callback = _at_provider(browser, _start(browser, sso), "anna.a")
    assert browser.get(callback, allow_redirects=False, timeout=TIMEOUT).status_code == 302
    home = _who(browser, sso)
    assert home.status_code == 200
    assert "Anna Andersson" in home.text
    user.refresh_from_db()
    assert user.email == "anna@exempel.se"


def test_logout_ends_the_session_here_and_at_the_provider(sso, anna):
    browser = requests.Session()
    authorize = _start(browser, sso)
    callback = _at_provider(browser, authorize, "anna.a")
    assert browser.get(callback, allow_redirects=False, timeout=TIMEOUT).status_code == 302
    assert _who(browser, sso).status_code == 200

    token = browser.cookies.get("csrftoken", domain="localhost.local") or browser.cookies.get(
        "csrftoken"
    )
    response = browser.post(
        f"{sso}/logga-ut/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{sso}/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302
    end_session = response.headers["Location"]
    assert end_session.startswith(
        f"{urlparse(authorize)._replace(path='', query='').geturl()}/o/logout/?"
    )
    assert _query(end_session)["id_token_hint"].count(".") == 2
    assert _who(browser, sso).status_code == 302  # the Styrsam session is gone

    response = browser.get(end_session, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{sso}/logga-in/"
    # The provider's session is gone too: a new login asks for the password again.
    again = browser.get(_start(browser, sso), allow_redirects=False, timeout=TIMEOUT)
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/accounts/login/")
