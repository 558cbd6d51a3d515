"""Parsers with limits (issue #12): JSON nested too deep, and a paginated composition list."""

from __future__ import annotations

import pytest

from styrsam.core.parsers import MAX_JSON_DEPTH
from tests.vocab import c

TOKEN_URL = "/api/v1/auth/token/"


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_json_nested_too_deep_is_400_on_any_post(api_client, it_strategist, depth):
    body = '{"a":' * depth + "1" + "}" * depth
    api_client.force_authenticate(it_strategist)
    for url in ("/api/v1/systems/", "/api/v1/cases/", TOKEN_URL):
        response = api_client.post(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert response.json()["code"] == "parse_error"
        assert "nästlad" in response.json()["detail"]


def test_json_array_nested_deep_is_400(api_client, db):
    body = "[" * 100_000 + "]" * 100_000
    response = api_client.post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 400


def test_json_within_the_depth_limit_is_parsed(api_client, db):
    response = api_client.post(TOKEN_URL, {"username": "x", "password": "y"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize("page_size", ["0", "-1", "x", "1"])
def test_group_composition_is_the_paginated_object_of_the_schema(
    api_client, it_strategist, page_size
):
    api_client.force_authenticate(it_strategist)
    response = api_client.get(
        f"/api/v1/groups/{c('steering')}/composition/", {"page_size": page_size}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 1
    assert len(body["results"]) == (1 if page_size == "1" else body["count"])
