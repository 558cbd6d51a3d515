"""Issue 18: the organisation list's number of people per unit is counted for the page's
units only (a subquery on the profiles' unit), not by joining and grouping every profile;
the page's total counts units without touching the profiles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_people_per_unit_counted_per_unit_in_constant_queries(client, it_strategist):
    vof, bou = OrgUnitFactory(code="vof"), OrgUnitFactory(code="bou")
    UserFactory(profile__unit=vof)
    client.force_login(it_strategist)
    url = reverse("organisation:unit_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response.status_code == 200
    UserFactory.create_batch(30, profile__unit=vof)
    UserFactory.create_batch(5, profile__unit=bou)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    counts = {u.code: u.people_count for u in response.context["object_list"]}
    assert counts["vof"] == 31
    assert counts["bou"] == 5
    assert len(many.captured_queries) == len(one.captured_queries)
    unit_count = [q["sql"] for q in many.captured_queries if q["sql"].startswith("SELECT COUNT")]
    assert unit_count
    assert all("organisation_profile" not in sql for sql in unit_count)


def test_units_api_reads_no_profiles(api_client, it_strategist):
    """The API does not show the number of people: it does not count them either."""
    vof = OrgUnitFactory(code="vof")
    UserFactory.create_batch(3, profile__unit=vof)
    api_client.force_authenticate(it_strategist)
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/org-units/")
    assert response.status_code == 200
    assert "vof" in {row["code"] for row in response.json()["results"]}
    assert all("organisation_profile" not in q["sql"] for q in queries.captured_queries)
