"""``core.compiled.CompiledRead``: the SQL compiled once, the values bound per call, and the
two reads of every request that use it (the policy in force, G29; the user's roles, G02)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.core.compiled import CompiledRead
from styrsam.organisation.models import RoleAssignment
from styrsam.organisation.roles import ROLES_ATTR, active_q, roles_of
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE_DAY = datetime.date(1900, 1, 2)


def _assignments(person, today):
    return (
        RoleAssignment.objects.filter(active_q(today), person=person)
        .order_by("role")
        .values_list("role", "unit_id")
    )


def test_rows_equal_the_orm_for_every_day_and_person():
    """The compiled SQL answers what the ORM answers, whatever the date and the person: the
    slots are bound per call, not frozen at the samples (a date is bound as text on SQLite)."""
    read = CompiledRead(_assignments, person=-7, today=SAMPLE_DAY)
    first, second = UserFactory(), UserFactory()
    today = datetime.date(2026, 6, 1)
    RoleAssignmentFactory(person=first, role="a", start_date=datetime.date(2026, 1, 1))
    RoleAssignmentFactory(person=first, role="b", end_date=datetime.date(2026, 6, 1))
    RoleAssignmentFactory(person=second, role="c", start_date=datetime.date(2026, 6, 2))
    for person in (first, second):
        for day in (today, datetime.date(2026, 5, 31), datetime.date(2026, 6, 2)):
            expected = list(_assignments(person.pk, day))
            assert read.rows(person=person.pk, today=day) == expected
    assert read.rows(person=first.pk, today=today) == [("a", None)]
    assert read.rows(person=first.pk, today=datetime.date(2026, 5, 31)) == [
        ("a", None),
        ("b", None),
    ]
    assert read.rows(person=second.pk, today=datetime.date(2026, 6, 2)) == [("c", None)]


def test_compiled_once_per_database_and_one_query_per_call():
    read = CompiledRead(_assignments, person=-7, today=SAMPLE_DAY)
    user = UserFactory()
    compiled = read.compile()
    assert read.compile() is compiled
    slots = sorted(name for kind, name in compiled[1] if kind != "value")
    assert slots == ["person", "today", "today"]  # the day twice: started, not ended
    with CaptureQueriesContext(connection) as queries:
        read.rows(person=user.pk, today=SAMPLE_DAY)
    assert len(queries.captured_queries) == 1


def test_a_sample_missing_from_the_query_is_refused():
    read = CompiledRead(lambda person: RoleAssignment.objects.values_list("role"), person=-7)
    with pytest.raises(ValueError, match="not among"):
        read.compile()


def test_equal_samples_are_refused():
    read = CompiledRead(
        lambda a, b: RoleAssignment.objects.filter(person=a, unit=b).values_list("role"),
        a=-7,
        b=-7,
    )
    with pytest.raises(ValueError, match="equal"):
        read.compile()


def test_values_must_name_every_sample():
    read = CompiledRead(_assignments, person=-7, today=SAMPLE_DAY)
    with pytest.raises(TypeError):
        read.rows(person=1)


def test_roles_of_reads_the_roles_in_force_today():
    """G02: a role counts from its start date until its end date (the day it ended)."""
    user = UserFactory()
    RoleAssignmentFactory(person=user, role="a")
    RoleAssignmentFactory(person=user, role="b", end_date=datetime.date(2000, 1, 1))
    RoleAssignmentFactory(person=user, role="c", start_date=datetime.date(2099, 1, 1))
    setattr(user, ROLES_ATTR, None)
    assert roles_of(user) == frozenset({("a", None)})
