"""Start-page items of the register."""

from __future__ import annotations

import datetime

import pytest

from styrsam.systems.todos import todos
from tests.factories import SystemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G19")
def test_g19_strategist_is_told_which_common_systems_are_missing(it_strategist, policy):
    items = todos(it_strategist, policy)
    assert any(t.rule == "G19" and "Ekonomisystem" in t.text for t in items)


def test_owner_is_told_about_a_contract_ending_soon(owner, policy):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    SystemFactory(name="Lifecare", owner=owner, contract_end=soon)
    SystemFactory(name="Senare", owner=owner, contract_end=soon + datetime.timedelta(days=400))
    texts = [t.text for t in todos(owner, policy)]
    assert len(texts) == 1 and "Lifecare" in texts[0]


def test_start_page_renders_with_register_items(client, it_strategist):
    client.force_login(it_strategist)
    response = client.get("/")
    assert response.status_code == 200
