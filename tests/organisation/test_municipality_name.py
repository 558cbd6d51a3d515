"""The municipality's name in every page's frame is kept in the cache (issue 18: one query
fewer on every page); a rename shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrsam.organisation.services import municipality_set

pytestmark = pytest.mark.django_db


def _frame(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), [
        q["sql"] for q in queries.captured_queries if "organisation_municipality" in q["sql"]
    ]


def test_the_frame_reads_the_name_once_and_shows_a_rename_at_once(client, it_strategist):
    municipality_set(actor=it_strategist, name="Exempelby kommun")
    client.force_login(it_strategist)
    html, reads = _frame(client)
    assert '<span class="muni">Exempelby kommun</span>' in html and len(reads) == 1
    html, reads = _frame(client)
    assert '<span class="muni">Exempelby kommun</span>' in html and reads == []
    municipality_set(actor=it_strategist, name="Nyby kommun")
    html, reads = _frame(client)
    assert '<span class="muni">Nyby kommun</span>' in html and len(reads) == 1
    assert "Exempelby" not in html
