"""Convention 5: a decision can never be changed, through the ORM, the API, the admin or raw
SQL on PostgreSQL. A correction is a new decision."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from styrsam.cases import services
from styrsam.cases.models import Decision
from styrsam.core.models import AppendOnlyError

from .conftest import prepare, report

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G21")]


@pytest.fixture
def decision(actors):
    case = prepare(report(actors["owner"]), actors["strategist"])
    return services.case_decide(
        actor=actors["strategist"], case=case, outcome="approved", text="Bifall."
    )


def test_decision_cannot_be_changed_through_the_orm(decision):
    decision.text = "Ändrat i efterhand"
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        decision.delete()
    with pytest.raises(AppendOnlyError):
        Decision.objects.filter(pk=decision.pk).update(text="x")
    with pytest.raises(AppendOnlyError):
        Decision.objects.filter(pk=decision.pk).delete()
    assert Decision.objects.get(pk=decision.pk).text == "Bifall."


def test_decision_cannot_be_changed_through_the_api(decision, api_client, actors):
    api_client.force_authenticate(actors["strategist"])
    url = f"/api/v1/decisions/{decision.pk}/"
    assert api_client.get(url).status_code == 200
    assert api_client.put(url, {"text": "x"}, format="json").status_code == 405
    assert api_client.patch(url, {"text": "x"}, format="json").status_code == 405
    assert api_client.delete(url).status_code == 405
    assert api_client.post("/api/v1/decisions/", {"text": "x"}, format="json").status_code == 405
    assert Decision.objects.get(pk=decision.pk).text == "Bifall."


def test_decision_cannot_be_changed_through_the_admin(decision, client, superuser):
    client.force_login(superuser)
    url = f"/admin/cases/decision/{decision.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # viewable
    assert b'name="text"' not in page.content
    response = client.post(url, {"text": "Ändrat", "outcome": "rejected"})
    assert response.status_code == 403
    assert client.post(f"/admin/cases/decision/{decision.pk}/delete/").status_code == 403
    assert client.get("/admin/cases/decision/add/").status_code == 403
    assert Decision.objects.get(pk=decision.pk).text == "Bifall."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL only")
@pytest.mark.postgres
def test_decision_cannot_be_changed_with_raw_sql_on_postgresql(decision):
    for sql in (
        "UPDATE cases_decision SET text = 'x' WHERE id = %s",
        "DELETE FROM cases_decision WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [decision.pk])
    assert Decision.objects.get(pk=decision.pk).text == "Bifall."


def test_correction_through_the_api_is_a_new_decision(decision, api_client, actors):
    api_client.force_authenticate(actors["strategist"])
    response = api_client.post(
        f"/api/v1/decisions/{decision.pk}/correct/",
        {"outcome": "approved", "text": "Bifall med villkor.", "conditions": "Budget ryms"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["corrects"] == decision.pk
    assert Decision.objects.count() == 2
