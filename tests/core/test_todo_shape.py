"""A ``Later`` made by a ``core.todo.Shape`` (issue 18): its SQL compiled once per kind of read
and database, its values bound per request; the values equal those of its query compiled
anew, and a query whose shape is not the samples' is refused, never read with another SQL."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from styrsam.core.compiled import bind, plan_of
from styrsam.core.todo import Later, Shape, Todo, read_values, resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()
    return [
        User.objects.create(username=name, first_name=first)
        for name, first in (("berit", "B"), ("adam", "A"), ("cecilia", "C"), ("david", "A"))
    ]


def _by_first(first, after):
    return (
        get_user_model()
        .objects.filter(first_name=first, username__gt=after)
        .order_by("-username")
        .values_list("username")
    )


def _shape(built=None):
    def build(**values):
        if built is not None:
            built.append(values)
        return _by_first(**values)

    return Shape("test.by_first", build, first="\x00first", after="\x00after")


def _reads(shape, values):
    return [
        shape.later(kind, lambda v: None, first=first, after=after)
        for first, after in values
        for kind in ("count", "exists", "value")
    ]


VALUES = [("A", ""), ("A", "adam"), ("B", ""), ("C", "d"), ("Z", ""), ("A", "david")]


def test_the_compiled_values_equal_the_queries_compiled_anew(people):
    reads = _reads(_shape(), VALUES)
    found = read_values(reads)
    assert found == read_values(reads, compiled=False)
    # and the values of the queries themselves
    expected = []
    for first, after in VALUES:
        query = _by_first(first, after)
        row = query.first()
        expected += [query.count(), query.exists(), row[0] if row else None]
    assert found == expected
    assert found[:3] == [2, True, "david"] and found[12:15] == [0, False, None]


def test_the_sql_is_compiled_once_per_kind_and_the_values_bound_each_time(people, count_queries):
    built = []
    shape = _shape(built)
    first = read_values(_reads(shape, [("A", "")]))
    assert len(built) == 3  # once per kind: count, exists, value
    assert all(values == shape.samples for values in built)
    assert set(shape._compiled) == {
        (kind, connection.alias) for kind in ("count", "exists", "value")
    }
    with count_queries() as q:
        second = read_values(_reads(shape, [("B", ""), ("A", "b")]))
    assert len(built) == 3 and q.count == 1
    assert first == [2, True, "david"]
    assert second == [1, True, "berit", 1, True, "david"]


def test_a_shaped_read_keeps_its_place_among_the_others(people):
    User = get_user_model()
    shape = _shape()
    found = [
        Later(User.objects.filter(first_name="A"), lambda n: Todo(text=f"orm {n}")),
        shape.later("count", lambda n: Todo(text=f"compiled {n}"), first="A", after="adam"),
        Todo(text="mitt"),
        shape.later("value", lambda v: Todo(text=f"first {v}"), first="C", after=""),
    ]
    assert [t.text for t in resolve(found)] == ["orm 2", "compiled 1", "mitt", "first cecilia"]


def test_a_query_whose_shape_is_not_the_samples_is_refused(people):
    # a sample that the query does not bind is refused when compiled
    shape = Shape("test.drops", lambda first, after: _by_first(first, ""), first="X", after="Y")
    with pytest.raises(ValueError, match="not among"):
        read_values([shape.later("count", lambda n: None, first="A", after="")])
    # two samples equal: a parameter would be two values' place
    shape = Shape("test.equal", _by_first, first="X", after="X")
    with pytest.raises(ValueError, match="equal"):
        read_values([shape.later("count", lambda n: None, first="A", after="")])
    # values for other names than the samples'
    with pytest.raises(TypeError):
        _shape().later("count", lambda n: None, first="A")
    with pytest.raises(ValueError):
        _shape().later("rows", lambda n: None, first="A", after="")


def test_a_value_bound_as_a_subclass_of_int_is_bound_as_that_class():
    """psycopg 3's ``Int2``/``Int4``/``Int8``, which Django binds an integer field's value as."""

    class Int2(int):
        pass

    plan = plan_of(["x", Int2(1901), 7, "1901-01-02"], {"year": 1901, "name": "x"}, "test")
    assert plan == (("slot", "name"), ("as", ("year", Int2)), ("value", 7), ("value", "1901-01-02"))
    params = bind(plan, {"year": 2027, "name": "y"})
    assert params == ["y", 2027, 7, "1901-01-02"] and type(params[1]) is Int2
    with pytest.raises(ValueError, match="not among"):
        plan_of([True], {"flag": 1}, "test")
