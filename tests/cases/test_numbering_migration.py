"""Migration 0003 moves the registration counters into the shared gap-free sequence: the
next case of a series gets exactly the number it would have got before (never a number a
case holds, no gap)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from styrsam.core.models import Sequence

from .conftest import report

BEFORE = ("cases", "0002_decision_minute_item")
AFTER = ("cases", "0003_registration_numbers_in_core_sequence")

# Migrating backwards and forwards alters and drops tables: the owner's work (decision 0012).
pytestmark = pytest.mark.db_owner("migrates backwards and forwards (DDL)")


@pytest.mark.django_db(transaction=True)
def test_counters_become_sequences_and_numbering_continues(actors):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    counter = old.get_model("cases", "RegistrationCounter")
    year = timezone.localdate().year
    counter.objects.create(series="IT", year=year, last_number=14)
    counter.objects.create(series="KS", year=year - 1, last_number=3)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])

    assert {(s.key, s.year, s.last_number) for s in Sequence.objects.all()} == {
        ("case:IT", year, 14),
        ("case:KS", year - 1, 3),
    }
    # the next report continues this year's series where the counter left it (with the
    # later migrations applied, as the current models need them)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert report(actors["owner"], title="Nästa").number == 15


@pytest.mark.django_db(transaction=True)
def test_going_back_restores_the_counters(policy):
    Sequence.objects.create(key="case:IT", year=2026, last_number=7)
    Sequence.objects.create(key="meeting:steering", year=2026, last_number=2)
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    counters = old.get_model("cases", "RegistrationCounter").objects.all()
    assert [(c.series, c.year, c.last_number) for c in counters] == [("IT", 2026, 7)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    assert Sequence.objects.get(key="case:IT").last_number == 7
    # every app's later migrations back, for the tests that follow in this process
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
