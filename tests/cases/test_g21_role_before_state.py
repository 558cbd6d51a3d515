"""Who may decide is asked before the case's state (issue 11 item 10, found by the
authorization table tests/authz/table.py): an outsider deciding a case that is not ready gets
403, not the workflow's 409, and learns nothing about the case."""

from __future__ import annotations

import pytest

from styrsam.cases.models import Decision

from .conftest import report

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G21")
@pytest.mark.rule("G13")
def test_g21_outsider_deciding_a_case_not_ready_gets_403_not_409(api_client, actors):
    """The role check comes first: an outsider learns nothing about the case's state."""
    case = report(actors["owner"])  # open, its steps not done
    api_client.force_authenticate(actors["owner"])
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall."},
        format="json",
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()
    api_client.force_authenticate(actors["strategist"])
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall."},
        format="json",
    )
    assert response.status_code == 409
    assert not Decision.objects.exists()
