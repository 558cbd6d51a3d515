"""Migration 0003: the § counters move to ``core.Sequence`` with the same numbers, and on
PostgreSQL the lock of approved §§ is the kit's ``LockedOnceTrigger`` (the first trigger is
dropped, not left beside it)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from styrsam.core.models import Sequence
from styrsam.meetings import services
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import GovernanceGroup

BEFORE = [("meetings", "0002_case_links")]

# Migrating backwards and forwards alters and drops tables: the owner's work (decision 0012).
pytestmark = pytest.mark.db_owner("migrates backwards and forwards (DDL)")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    # every app's leaf: later apps (projects) depend on meetings and were rolled back with it
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.rule("G13")
@pytest.mark.django_db(transaction=True)
def test_g13_counters_move_to_the_sequence_and_numbering_goes_on():
    apps = _migrate(BEFORE)
    Group = apps.get_model("organisation", "GovernanceGroup")
    Counter = apps.get_model("meetings", "MinuteCounter")
    Meeting = apps.get_model("meetings", "Meeting")
    Item = apps.get_model("meetings", "MinuteItem")
    steering = Group.objects.create(code="steering", name="IT-styrgruppen")
    prep = Group.objects.create(code="preparatory", name="Beredningsgruppen")
    Counter.objects.create(group=steering, year=2025, last_number=17)
    Counter.objects.create(group=steering, year=2026, last_number=4)
    Counter.objects.create(group=prep, year=2026, last_number=9)
    meeting = Meeting.objects.create(
        group=prep, date=datetime.date(2026, 5, 5), start_time=datetime.time(9)
    )
    # a § written beyond its counter (copied in by hand) keeps its number all the same
    Item.objects.create(meeting=meeting, group=prep, year=2026, number=11, title="Inlagd")

    _migrate(_latest())
    rows = set(Sequence.objects.values_list("key", "year", "last_number"))
    assert rows == {
        ("minutes:steering", 2025, 17),
        ("minutes:steering", 2026, 4),
        ("minutes:preparatory", 2026, 11),
    }
    with transaction.atomic():
        group = GovernanceGroup.objects.get(code="steering")
        assert services.next_minute_number(group=group, year=2026) == 5
        assert services.next_minute_number(group=group, year=2027) == 1

    # and back: the counters return with the numbers taken since
    apps = _migrate(BEFORE)
    counters = apps.get_model("meetings", "MinuteCounter").objects
    assert set(counters.values_list("group__code", "year", "last_number")) == {
        ("steering", 2025, 17),
        ("steering", 2026, 5),
        ("steering", 2027, 1),
        ("preparatory", 2026, 11),
    }
    assert not Sequence.objects.filter(key__startswith="minutes:").exists()
    _migrate(_latest())
    assert MinuteItem.objects.get().number == 11


def _triggers() -> set[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'meetings_minuteitem'::regclass "
            "AND NOT tgisinternal"
        )
        return {row[0] for row in cur.fetchall()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_lock_trigger_after_the_migration_and_back():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-trigger")
    assert _triggers() == {"meetings_minuteitem_locked_trg"}
    _migrate(BEFORE)
    assert _triggers() == {"meetings_minuteitem_locked_guard_trg"}
    _migrate(_latest())
    assert _triggers() == {"meetings_minuteitem_locked_trg"}
