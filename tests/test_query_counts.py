"""Absolute query counts of every page and API list without parameters, as two personas, on
the demo municipality — pinned in ``tests/query_counts.json`` (as NetBox keeps its
``query_counts``). Besides the 1-versus-50-rows checks next to each list, this catches a page
that grows by a query after any change. Each page is also required to answer 200: a crawl of
every list a persona can open.

A changed count fails with both numbers. After a deliberate change, rewrite the file:

    STYRSAM_UPDATE_QUERY_COUNTS=1 .venv/bin/python -m pytest tests/test_query_counts.py -p no:xdist

and review the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrsam.demo.benchmark.targets import list_targets
from styrsam.demo.loader import load_demo

BASELINE = Path(__file__).with_name("query_counts.json")
UPDATE = os.environ.get("STYRSAM_UPDATE_QUERY_COUNTS") == "1"
PERSONAS = ("anna", "ingrid")  # the IT strategist; a head of department
# The start page of each dashboard persona besides (issue 17): the head of the IT unit, the IT
# unit's economist, a department economist. ``tests/core/test_dashboards.py`` proves the
# dashboards' counts do not grow with the rows.
START_PAGE_PERSONAS = ("mats", "helena", "tomas")


def page_names() -> list[str]:
    """Every page and API list without parameters (the benchmark's own enumeration,
    ``styrsam/demo/benchmark/targets.py``: the admin, sign-in, schema and operations left out)."""
    return [target.name for target in list_targets()]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo municipality, once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        context = load_demo()
        yield context
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def measured():
    found: dict[str, int] = {}
    yield found
    if UPDATE:  # the whole file was run: the pins are exactly what was measured
        BASELINE.write_text(json.dumps(dict(sorted(found.items())), indent=1) + "\n")


def _baseline() -> dict[str, int]:
    return json.loads(BASELINE.read_text()) if BASELINE.exists() else {}


def _check_pinned(name, persona, demo, measured):
    client = Client()
    # fresh from the database: the demo sets passwords on other instances of the same users
    client.force_login(type(demo.people[persona]).objects.get(username=persona))
    url = reverse(name)
    client.get(url)  # warm the per-process caches (policy, templates)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, f"{url} as {persona}: {response.status_code}"
    key = f"{name} {persona}"
    # a page the persona may open pins its query count; any other answer pins its status
    count = (
        len(queries.captured_queries)
        if response.status_code == 200
        else f"status {response.status_code}"
    )
    measured[key] = count
    if UPDATE:
        return
    expected = _baseline().get(key)
    assert expected is not None, f"{key}: no baseline; run with STYRSAM_UPDATE_QUERY_COUNTS=1"
    assert count == expected, (
        f"{url} as {persona}: {count} queries, pinned {expected} (tests/query_counts.json)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", page_names())
def test_query_count_is_pinned(name, persona, demo, measured):
    _check_pinned(name, persona, demo, measured)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", START_PAGE_PERSONAS)
def test_start_page_query_count_is_pinned(persona, demo, measured):
    _check_pinned("home", persona, demo, measured)


def test_every_page_of_the_baseline_still_exists():
    """A page removed or renamed must leave the baseline too (no stale pins)."""
    keys = {f"{n} {p}" for n in page_names() for p in PERSONAS}
    keys |= {f"home {p}" for p in START_PAGE_PERSONAS}
    stale = sorted(set(_baseline()) - keys)
    assert not stale, f"pins for pages that no longer exist: {stale}"
