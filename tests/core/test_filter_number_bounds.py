"""Hostile input (issue 12): every number filter of every list page and API list refuses a
number no database column holds (``99999999999999999999``) as bad input — a field error on
the page (the same status as without it), 400 in the API — never a 500. SQLite raised
``OverflowError`` on such a value in ``/medborgarpaneler/enkater/?panel=…`` (the filter had no
maximum); PostgreSQL answered it."""

from __future__ import annotations

import django_filters
import pytest
from django.test import Client
from django.urls import resolve

from styrsam.core.lists import ListPageView
from styrsam.demo.benchmark.targets import list_targets
from tests.demo_fixture import demo_in_a_rolled_back_transaction

HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker) as context:
        yield context


def _number_filters(url: str) -> list[str]:
    """The names of the number filters of the page's or API list's filter set."""
    match = resolve(url)
    view_class = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
    if view_class is ListPageView:
        definition = match.func.view_initkwargs["definition"]
        filterset_class = definition.filterset_class
    else:
        filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return []
    return sorted(
        name
        for name, f in filterset_class.base_filters.items()
        if isinstance(f, django_filters.NumberFilter)
    )


def _cases() -> list[tuple[str, str]]:
    return [(t.url, name) for t in list_targets() for name in _number_filters(t.url)]


CASES = _cases()


def test_the_cases_cover_pages_and_api_lists(report_count):
    pages = {url for url, _n in CASES if not url.startswith("/api/")}
    apis = {url for url, _n in CASES if url.startswith("/api/")}
    report_count(
        f"number filters given a huge value: {len(CASES)} filters, {len(pages)} pages, "
        f"{len(apis)} API lists"
    )
    assert "/medborgarpaneler/enkater/" in pages
    assert len(apis) >= 5


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name"), CASES, ids=[f"{u}?{n}" for u, n in CASES])
def test_a_huge_number_is_bad_input_not_a_500(demo, url, name):
    client = Client(raise_request_exception=False)
    client.force_login(type(demo.people["anna"]).objects.get(username="anna"))
    assert client.get(url).status_code == 200  # the IT strategist opens every list
    response = client.get(url, {name: HUGE})
    if url.startswith("/api/"):
        assert response.status_code == 400, (url, name, response.content[:300])
        body = response.json()
        assert body["code"] and body["detail"]
    else:
        assert response.status_code == 200, (url, name)
        if not _hidden(url, name):  # a hidden filter (a link's ``?case=``) filters nothing
            assert b'class="field-error"' in response.content  # the field says what is wrong


def _hidden(url: str, name: str) -> bool:
    definition = resolve(url).func.view_initkwargs["definition"]
    return definition.filterset_class.base_filters[name].field.widget.is_hidden
