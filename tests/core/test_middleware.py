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
