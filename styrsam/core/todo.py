"""The start page's "what is yours to do": each app registers a ``todos(user, context)``
provider (its ``todos.py``, found by its app config); this collects them.

A provider may put a :class:`Later` among its items: a to-do that waits for one value — a
count, whether anything exists, one field of the first row — which ``collect_todos`` reads
with every other provider's in a single query (issue 18: the start page asked one query per
count and per empty list). ``make(value)`` then gives the item's to-dos in its place; it may
read the rows a yes announced. A provider that returns them is decorated with
:func:`batched`: called on its own it still gives its to-dos (its values read in one query).

A ``Later`` made by a :class:`Shape` has its part of that query compiled by the ORM once per
database (issue 18: the start page compiled some 26 subqueries on every request); its values
are bound in the compiled SQL on each request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from .compiled import bind, plan_of
from .registry import registry


@dataclass
class Todo:
    text: str
    url: str = ""
    rule: str = ""
    level: str = "info"  # info | warning | danger


@dataclass
class Later:
    """``make(value)`` → the to-dos, once ``query``'s value is read with the page's others:
    ``kind`` "count" (its rows counted), "exists" (True if it has a row) or "value" (its first row's
    value: a query of one column, ``values_list(field)``; ``None`` without a row)."""

    query: QuerySet | None
    make: Callable[[Any], Iterable[Todo] | Todo | None]
    kind: str = "count"
    # made by ``shape.later``: its query is ``shape.build(**values)``, compiled once
    shape: Shape | None = None
    values: dict[str, Any] | None = None

    def queryset(self) -> QuerySet:
        return self.query if self.shape is None else self.shape.build(**self.values)


class Shape:
    """A query of a ``Later`` whose SQL has one shape whatever its values: ``build(**values)`` →
    the queryset, its values plain parameters of the SQL (no list whose length varies, no
    ``None``, no lookup that binds other values, as ``__year`` binds dates). Its SQL is
    compiled once per kind of read and database with ``samples`` (one per value, as
    ``CompiledRead``: each unique among the query's parameters, which is checked) and reused
    with each ``Later``'s values in their places.

    ``name`` tells shapes apart in messages. What else changes the SQL must not be read by
    ``build`` (a policy, the user): such a query is an ordinary ``Later``."""

    def __init__(self, name: str, build: Callable[..., QuerySet], **samples: Any):
        if not samples:
            raise ValueError(f"Shape {name}: at least one sample value")
        self.name = name
        self.build = build
        self.samples = samples
        self._compiled: dict[tuple[str, str], tuple[str, tuple]] = {}

    def later(self, kind: str, make: Callable[[Any], Any], /, **values: Any) -> Later:
        if set(values) != set(self.samples):
            raise TypeError(f"Shape {self.name}: values for {sorted(self.samples)} expected")
        if kind not in NO_ROWS:
            raise ValueError(f"unknown kind of read: {kind}")
        return Later(None, make, kind, shape=self, values=values)

    def sql(self, kind: str, using: str) -> tuple[str, tuple]:
        """The SQL of the read ``kind`` on the database ``using`` and its parameters' plan."""
        key = (kind, using)
        found = self._compiled.get(key)
        if found is None:
            try:
                sql, params = _read_sql(kind, self.build(**self.samples), using)
            except EmptyResultSet:
                raise ValueError(f"Shape {self.name}: its query can have no row") from None
            found = self._compiled.setdefault(key, (sql, plan_of(params, self.samples, self.name)))
        return found


def count(query: QuerySet, make: Callable[[int], Any]) -> Later:
    return Later(query, make, "count")


def exists(query: QuerySet, make: Callable[[bool], Any]) -> Later:
    return Later(query, make, "exists")


def first_value(query: QuerySet, make: Callable[[Any], Any]) -> Later:
    return Later(query, make, "value")


LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}

# the value of a query that can have no row (``none()``, ``__in=[]``): known without asking
NO_ROWS = {"count": 0, "exists": False, "value": None}


def _rows_alike(query) -> bool:
    """Whether ``query`` counts as many rows without its columns: not distinct, sliced,
    grouped, combined or annotated (``SELECT DISTINCT 1`` would count one row)."""
    return not (
        query.distinct
        or query.is_sliced
        or query.group_by is not None
        or query.combinator
        or query.annotations
        or query.extra
    )


def _read_sql(kind: str, queryset: QuerySet, using: str) -> tuple[str, tuple]:
    """The SQL of the read ``kind`` of ``queryset`` (the ORM's own, its values passed as
    parameters); ``EmptyResultSet`` when it can have no row."""
    if kind == "value":
        query = queryset[:1].query
    elif kind == "exists" or _rows_alike(queryset.query):
        # which rows, not their columns: ``SELECT 1 …`` as Django's own ``exists()``, its
        # ``LIMIT 1`` for a yes (issue 18: each query's every column was compiled)
        query = queryset.query.exists(limit=kind == "exists")
    else:  # the rows' order and related objects do not change a count
        query = queryset.order_by().query
        query.select_related = False
    return query.get_compiler(using=using).as_sql()


def read_values(reads: list[Later], *, compiled: bool = True) -> list[Any]:
    """The values of ``reads`` in one query: ``SELECT (…), EXISTS(…), …`` (portable SQL); none
    when every one is known to have no row. A ``Shape``'s read uses its compiled SQL (with
    ``compiled=False``, its query compiled anew, as the tests compare)."""
    values: list[Any] = [None] * len(reads)
    asked: list[int] = []
    parts, params = [], []
    using = connection.alias
    for i, read in enumerate(reads):
        if read.kind not in NO_ROWS:
            raise ValueError(f"unknown kind of read: {read.kind}")
        if read.shape is not None and compiled:
            sql, plan = read.shape.sql(read.kind, using)
            query_params = bind(plan, read.values)
        else:
            try:
                sql, query_params = _read_sql(read.kind, read.queryset(), using)
            except EmptyResultSet:
                values[i] = NO_ROWS[read.kind]
                continue
        asked.append(i)
        if read.kind == "count":
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) later_{i})")  # noqa: S608
        elif read.kind == "exists":
            parts.append(f"EXISTS({sql})")
        else:
            parts.append(f"({sql})")
        params.extend(query_params)
    if asked:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        for i, value in zip(asked, row, strict=True):
            values[i] = bool(value) if reads[i].kind == "exists" else value
    return values


def _made(result) -> list[Todo]:
    if result is None:
        return []
    if isinstance(result, Todo):
        return [result]
    return list(result)


def resolve(found: Iterable[Todo | Later]) -> list[Todo]:
    """``found`` with each ``Later`` replaced by its to-dos, in its place; the values of all of
    them read in one query."""
    found = list(found)
    later = [item for item in found if isinstance(item, Later)]
    values = dict(zip(map(id, later), read_values(later), strict=True))
    items: list[Todo] = []
    for item in found:
        items.extend(_made(item.make(values[id(item)])) if isinstance(item, Later) else [item])
    return items


def batched(provider: Callable) -> Callable:
    """A provider whose items may be ``Later``: called as ``provider(user, context)`` it gives
    its to-dos; ``collect_todos`` calls ``provider.items`` and reads the values of every
    provider's ``Later`` together."""

    def todos(user, context) -> list[Todo]:
        return resolve(provider(user, context))

    todos.items = provider
    todos.__doc__ = provider.__doc__
    todos.__module__ = provider.__module__
    todos.__name__ = todos.__qualname__ = provider.__name__
    return todos


def collect_todos(user, context=None) -> list[Todo]:
    """Every registered provider's items for ``user``, the most urgent first. ``context`` is
    handed to each provider (the active policy, registered by the guideline app)."""
    if context is None and registry.todo_context is not None:
        context = registry.todo_context(user)
    found: list[Todo | Later] = []
    for provider in registry.todo_providers:
        found.extend(getattr(provider, "items", provider)(user, context))
    return sorted(resolve(found), key=lambda t: LEVEL_ORDER.get(t.level, 3))
