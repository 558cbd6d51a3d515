"""GET /api/v1/policy/: the active policy as JSON."""

from __future__ import annotations

import yaml

from tests.vocab import c

from .policytext import suite_text

URL = "/api/v1/policy/"


def test_policy_endpoint_returns_the_active_policy(api_client, plain_user):
    api_client.force_authenticate(plain_user)
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    expected = yaml.safe_load(suite_text())["groups"][c("steering")]["meetings_per_year"]
    assert body["policy"]["groups"][c("steering")]["meetings_per_year"] == expected


def test_policy_endpoint_needs_authentication(api_client, policy):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert set(response.json()) >= {"code", "detail"}
