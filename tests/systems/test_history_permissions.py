"""The history respects read permissions field by field (issue 11, item 8): the history tab and
``GET /api/v1/systems/{id}/history/`` show a system's cost amounts only to those who may read
its costs (G16, G25), as the system's page and ``costs`` in the API already did. The finding:
the history tab showed before/after cost amounts to users who may not read costs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from styrsam.systems import services

URL = "/api/v1/systems/"


@pytest.fixture
def costed(owner, care_system):
    services.system_set_costs(
        actor=owner, system=care_system, year=2026, amounts={"licence": Decimal("123456")}
    )
    services.system_set_costs(
        actor=owner, system=care_system, year=2026, amounts={"licence": Decimal("654321")}
    )
    return care_system


@pytest.mark.rule("G16")
@pytest.mark.rule("G25")
def test_g16_history_tab_hides_costs_from_readers_without_cost_rights(
    client, plain_user, owner, costed
):
    url = reverse("systems:system_detail", args=[costed.pk]) + "?flik=historik"
    client.force_login(plain_user)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "123456" not in html and "654321" not in html
    assert "dold" in html
    assert "2026" in html  # the year is not confidential

    client.force_login(owner)
    html = client.get(url).content.decode()
    assert "123456" in html and "654321" in html


@pytest.mark.rule("G16")
def test_g16_history_api_hides_costs_from_readers_without_cost_rights(
    api_client, plain_user, owner, it_strategist, costed
):
    api_client.force_authenticate(plain_user)
    response = api_client.get(f"{URL}{costed.pk}/history/")
    assert response.status_code == 200
    entries = [e for e in response.json()["results"] if e["action"] == "system.costs"]
    assert len(entries) == 2
    latest = entries[0]
    assert latest["after"] == {"year": 2026, "licence": None}
    assert latest["before"] == {"year": 2026, "licence": None}
    assert latest["hidden_fields"] == ["licence"]
    assert "123456" not in response.content.decode()

    for reader in (owner, it_strategist):
        api_client.force_authenticate(reader)
        entries = api_client.get(f"{URL}{costed.pk}/history/").json()["results"]
        latest = next(e for e in entries if e["action"] == "system.costs")
        assert latest["after"] == {"year": 2026, "licence": "654321"}
        assert latest["before"] == {"year": 2026, "licence": "123456"}
        assert latest["hidden_fields"] == []
        assert latest["actor"] == "eva"


def test_history_api_of_unknown_system_is_404(api_client, plain_user):
    api_client.force_authenticate(plain_user)
    assert api_client.get(f"{URL}999999/history/").status_code == 404
