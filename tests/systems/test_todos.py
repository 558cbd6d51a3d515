"""Start-page items of the register."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def test_the_coordinators_own_contracts_come_with_the_common_systems(it_strategist, policy):
    """The coordinator's register to-dos (issue 18): the common systems and the user's own
    contracts ending within six months in one query; the units off the platform (G20) counted
    in another, the one the start page reads every app's counts in (``core.todo.Later``)."""
    soon = datetime.date.today() + datetime.timedelta(days=30)
    SystemFactory(name="Lifecare", owner=it_strategist, contract_end=soon)
    SystemFactory(name="Senare", owner=it_strategist, contract_end=soon + datetime.timedelta(400))
    SystemFactory(name="Avvecklat", owner=it_strategist, contract_end=soon, lifecycle="retired")
    SystemFactory(name="Någon annans", contract_end=soon)
    SystemFactory(name="Ekonomi", category="common", common_kind="finance")
    todos(it_strategist, policy)  # the user's roles, read once per user object
    with CaptureQueriesContext(connection) as queries:
        items = todos(it_strategist, policy)
    # besides the active policy's version, asked afresh outside a request
    sqls = [q["sql"] for q in queries.captured_queries if '"guideline_' not in q["sql"]]
    assert len(sqls) == 2
    assert sqls[0].split(" FROM ")[1].split()[0] == '"systems_system"'
    assert sqls[1].startswith("SELECT (SELECT COUNT(*) FROM (SELECT ")
    assert sqls[1].split(" FROM ")[2].split()[0] == '"organisation_orgunit"'
    contracts = [t.text for t in items if "Avtalet" in t.text]
    assert len(contracts) == 1 and "Lifecare" in contracts[0]
    [g19] = [t.text for t in items if t.rule == "G19"]
    assert "Ekonomisystem" not in g19
