"""The follow-up's start-page items for the coordinator (G30): this year's round not opened,
a round past its deadline, a compiled round not sent — read in one query, asked only when
the start page's shared query of counts says a round waits (issue 18)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.followup.models import AssessmentRound
from styrsam.followup.todos import todos
from styrsam.guideline.policy import get_policy

pytestmark = pytest.mark.django_db


def _texts(user) -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as queries:
        items = todos(user, get_policy())
    return [item.text for item in items], len(queries.captured_queries)


@pytest.mark.rule("G30")
def test_g30_coordinator_todos_for_rounds_in_constant_queries(strategist, assessment, today):
    AssessmentRound.objects.filter(pk=assessment.pk).delete()
    _texts(strategist)  # warm the per-process and per-user caches (policy, roles)
    texts, none_queries = _texts(strategist)
    assert "Årets självskattning av e-förvaltningen är inte öppnad." in texts

    AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(
                year=today.year,
                instrument=assessment.instrument,
                deadline=today - datetime.timedelta(days=1),
                opened_by=strategist,
            ),
            AssessmentRound(
                year=today.year - 1,
                instrument=assessment.instrument,
                deadline=today - datetime.timedelta(days=300),
                status=AssessmentRound.Status.COMPILED,
                opened_by=strategist,
            ),
        ]
    )
    texts, some_queries = _texts(strategist)
    assert "Årets självskattning av e-förvaltningen är inte öppnad." not in texts
    assert sum("Sista svarsdagen" in t for t in texts) == 1
    assert sum("Skicka resultatet" in t for t in texts) == 1
    # the rounds that wait: one query more than none, whatever their number
    assert some_queries == none_queries + 1
    AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(
                year=today.year - years,
                instrument=assessment.instrument,
                deadline=today - datetime.timedelta(days=365 * years),
                status=status,
                opened_by=strategist,
            )
            for years, status in (
                (2, AssessmentRound.Status.OPEN),
                (3, AssessmentRound.Status.COMPILED),
            )
        ]
    )
    texts, more_queries = _texts(strategist)
    assert sum("Sista svarsdagen" in t for t in texts) == 2
    assert sum("Skicka resultatet" in t for t in texts) == 2
    assert more_queries == some_queries
