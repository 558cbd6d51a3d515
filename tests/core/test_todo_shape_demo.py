"""The start page's compiled reads (``core.todo.Shape``, issue 18) on the demo municipality:
for every person and several days (a year's first and last), each provider's values read with
the SQL compiled once equal those of its queries compiled anew (the policy of
``STYRSAM_TEST_POLICY``)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from styrsam.core.registry import registry
from styrsam.core.todo import Later, read_values
from tests.demo_fixture import demo_in_a_rolled_back_transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker) as context:
        yield context


@pytest.mark.django_db
def test_every_persons_compiled_values_equal_the_queries_compiled_anew(demo, monkeypatch):
    today = timezone.localdate()
    days = [
        today,
        datetime.date(today.year, 1, 1),
        datetime.date(today.year, 12, 31),
        datetime.date(today.year + 1, 1, 1),
        today - datetime.timedelta(days=400),
    ]
    users = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    assert len(users) > 10
    shapes, compared, nonzero = set(), 0, 0
    for day in days:
        monkeypatch.setattr(timezone, "localdate", lambda *a, day=day: day)
        for user in users:
            context = registry.todo_context(user) if registry.todo_context else None
            reads = [
                item
                for provider in registry.todo_providers
                for item in getattr(provider, "items", provider)(user, context)
                if isinstance(item, Later) and item.shape is not None
            ]
            values = read_values(reads)
            assert values == read_values(reads, compiled=False), (user.username, day)
            shapes |= {read.shape.name for read in reads}
            compared += len(reads)
            nonzero += sum(1 for v in values if v)
    assert shapes >= {
        "meetings.year_meetings",
        "finance.decided_frame",
        "finance.open_plan",
        "followup.year_rounds",
        "followup.waiting_rounds",
        "documents.due",
    }
    assert compared > 100 and nonzero > 10
