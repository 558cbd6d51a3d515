"""Issue 18: the project form renders no list of every person or system (pickers instead),
so the page's size and queries do not grow with the municipality's people and systems."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import SystemFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/projekt/nytt/"


def test_project_form_lists_no_people_or_systems(client, head_of_vof, vof):
    client.force_login(head_of_vof)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    UserFactory.create_batch(20, first_name="Mångmänniska")
    for i in range(20):
        SystemFactory(name=f"Mångsystem {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mångmänniska" not in page
    assert "Mångsystem" not in page
    assert len(many.captured_queries) == len(few.captured_queries)
