"""A NUL character in a path or query string is refused as 400 on every page and endpoint, so
PostgreSQL never sees it (it would raise a DataError: a 500)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_search_is_refused_on_a_page(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/personer/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()


def test_nul_in_a_filter_is_refused_as_json_in_the_api(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/api/v1/people/", {"q": "\x00"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "NUL" in response.json()["detail"]


def test_nul_in_a_parameter_name_is_refused(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/system/?\x00=1").status_code == 400


def test_ordinary_search_passes(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/personer/", {"q": "Anna"}).status_code == 200


def test_swedish_even_when_the_browser_asks_for_english(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Att göra" in response.content.decode()


def test_english_when_the_user_chose_it(client, plain_user):
    client.force_login(plain_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "To do" in response.content.decode()


def test_api_errors_are_swedish_whatever_the_client_header(client):
    response = client.get("/api/v1/systems/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "Autentiseringsuppgifter ej tillhandahållna."
    assert response["Content-Language"] == "sv"
