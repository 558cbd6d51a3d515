"""Issue 18: the lists' sort keys have indexes (both databases), and the free-text search of
people and systems uses trigram indexes on PostgreSQL (``core.db.TrigramSearchIndexes``;
SQLite keeps the plain ``icontains`` scan)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.core.db import trigram_index_name
from styrsam.organisation.lists import PersonFilterSet
from styrsam.organisation.selectors import person_list
from styrsam.systems.lists import SystemFilterSet
from styrsam.systems.models import System
from tests.factories import SystemFactory, UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: c["columns"] for name, c in constraints.items() if c["index"]}


def test_sort_keys_of_the_large_lists_have_indexes():
    people = _indexes("auth_user")
    assert people["styrsam_person_name_idx"] == ["last_name", "first_name", "username"]
    assets = _indexes("rental_rentedasset")
    assert assets["asset_sort_idx"] == ["department_id", "asset_type_id", "tag", "id"]
    assert assets["asset_tag_idx"] == ["tag", "id"]
    assert _indexes("servicedesk_order")["order_created_idx"] == ["created_at", "id"]


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny test table would be scanned
    return queryset.explain()


@postgres_only
@pytest.mark.postgres
def test_people_search_uses_the_trigram_indexes_on_postgresql():
    anna = UserFactory(first_name="Anna", last_name="Lind", username="anna")
    UserFactory(first_name="Per", last_name="Berg", username="per")
    filterset = PersonFilterSet({"q": "lind"}, queryset=person_list(user=anna))
    assert list(filterset.qs) == [anna]
    plan = _plan(filterset.qs)
    for column in ("first_name", "last_name", "username"):
        assert trigram_index_name("auth_user", column) in plan


@postgres_only
@pytest.mark.postgres
def test_system_search_uses_the_trigram_indexes_on_postgresql():
    SystemFactory(name="Lifecare", vendor="Tietoevry")
    SystemFactory(name="Unikum", vendor="Unikum AB")
    filterset = SystemFilterSet({"q": "tieto"}, queryset=System.objects.all())
    assert [s.name for s in filterset.qs] == ["Lifecare"]
    plan = _plan(filterset.qs)
    for column in ("name", "vendor"):
        assert trigram_index_name("systems_system", column) in plan


def test_people_search_is_a_plain_case_insensitive_contains_everywhere():
    anna = UserFactory(first_name="Anna", last_name="Lindqvist", username="anna.l")
    UserFactory(first_name="Per", last_name="Berg", username="per")
    user_model = get_user_model()
    for text in ("LINDQ", "nna.", "ann"):
        filterset = PersonFilterSet({"q": text}, queryset=user_model.objects.filter(is_active=True))
        assert list(filterset.qs) == [anna], text


def test_cases_have_an_index_for_their_registration_number_order():
    assert _indexes("cases_case")["case_year_number_idx"] == ["year", "number"]


@postgres_only
@pytest.mark.postgres
def test_a_page_of_cases_is_read_from_the_registration_number_index_on_postgresql():
    """The case API's and "my cases"' order (newest registration number first) reads a page
    from the index, not by sorting every case joined with its reporter (issue 18)."""
    from styrsam.cases.selectors import case_list

    anna = UserFactory(username="anna")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # the empty test table: sorting is cheaper
    plan = _plan(case_list(user=anna)[:50])
    assert "case_year_number_idx" in plan
    assert "Sort" not in plan.replace("Incremental Sort", "")


def test_the_people_lists_total_has_an_index():
    assert _indexes("auth_user")["styrsam_person_active_idx"] == ["is_active"]


@postgres_only
@pytest.mark.postgres
def test_the_people_lists_total_is_counted_from_the_index_on_postgresql():
    """The people page's paginator counts the active people with the index (issue 18)."""
    from django.core.paginator import Paginator
    from django.test.utils import CaptureQueriesContext

    anna = UserFactory(username="anna")
    UserFactory(username="per", is_active=False)
    with CaptureQueriesContext(connection) as queries:
        assert Paginator(person_list(user=anna), 50).count == 1
    [count] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny test table would be scanned
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "styrsam_person_active_idx" in plan  # index-only once vacuumed (production)


@postgres_only
@pytest.mark.postgres
def test_the_rented_assets_in_use_are_counted_from_the_index_on_postgresql():
    """The asset page's exact count (docs/decisions/0024) of the assets in use, as the page
    counts them by default, reads the ``end_date`` index, not the table (issue 18)."""
    from styrsam.rental.models import RentedAsset
    from tests.factories import RentedAssetFactory

    RentedAssetFactory()
    RentedAssetFactory(end_date=datetime.date(2026, 6, 30))
    in_use = RentedAsset.objects.filter(end_date__isnull=True)
    with CaptureQueriesContext(connection) as queries:
        assert in_use.count() == 1
    [count] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny test table would be scanned
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on rental_rentedasset" not in plan
    assert "rental_rentedasset_end_date" in plan


def test_consultations_have_an_index_for_their_order():
    assert _indexes("cases_consultation")["consultation_opened_idx"] == ["opened_at", "id"]


@postgres_only
@pytest.mark.postgres
def test_a_page_of_consultations_is_read_from_the_index_on_postgresql():
    """The consultation API's order (newest opened first) reads a page from the index, not
    by sorting every consultation joined with its case and step (issue 18: grew with the
    data)."""
    from styrsam.cases.selectors import consultation_list

    anna = UserFactory(username="anna")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # the empty test table: sorting is cheaper
    plan = _plan(consultation_list(user=anna)[:50])
    assert "consultation_opened_idx" in plan
    assert "Sort" not in plan.replace("Incremental Sort", "")


def test_the_start_pages_reads_of_open_steps_and_awaiting_orders_have_indexes():
    """Issue 18: at scale, "does an order of my systems' permissions await approval?" read all
    5,716 awaiting orders to answer no (5.7 ms → 0.2 ms with the index), and the open steps of
    the user's roles were sought among all 16,487 steps, not the 2,256 open ones (4.3 ms →
    2.5–3.5 ms)."""
    assert _indexes("servicedesk_order")["order_item_status_idx"] == ["item_id", "status"]
    assert _indexes("cases_casestep")["casestep_open_idx"] == ["case_id"]
