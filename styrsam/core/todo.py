"""The start page's "what is yours to do": each app registers a ``todos(user, context)``
provider (its ``todos.py``, found by its app config); this collects them.

A provider may put a :class:`Later` among its items: a to-do that waits for one value — a
count, whether anything exists, one field of the first row — which ``collect_todos`` reads
with every other provider's in a single query (issue 18: the start page asked one query per
count and per empty list). ``make(value)`` then gives the item's to-dos in its place; it may
read the rows a yes announced. A provider that returns them is decorated with
:func:`batched`: called on its own it still gives its to-dos (its values read in one query)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

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

    query: QuerySet
    make: Callable[[Any], Iterable[Todo] | Todo | None]
    kind: str = "count"


def count(query: QuerySet, make: Callable[[int], Any]) -> Later:
    return Later(query, make, "count")


def exists(query: QuerySet, make: Callable[[bool], Any]) -> Later:
    return Later(query, make, "exists")


def first_value(query: QuerySet, make: Callable[[Any], Any]) -> Later:
    return Later(query, make, "value")


LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}

# an id no row has: where ``url_of_ids`` puts each id in the URL reversed once
_MARKER_ID = 987_654_321_012_345


def url_of_ids(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[id])`` for the many ids of a list of to-dos (a URL whose one
    argument is an ``int``), reversed once, when first asked (issue 18: the start page
    reversed a URL per to-do). Made for each request: the URL keeps its script prefix."""
    parts: list[str] = []

    def url(pk: int) -> str:
        if not parts:
            before, marker, after = reverse(name, args=[_MARKER_ID]).partition(str(_MARKER_ID))
            if not marker:
                raise ValueError(f"url_of_ids: {name} does not show its id")
            parts.extend((before, after))
        return f"{parts[0]}{int(pk)}{parts[1]}"

    return url


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


def read_values(reads: list[Later]) -> list[Any]:
    """The values of ``reads`` in one query: ``SELECT (…), EXISTS(…), …`` (portable SQL); none
    when every one is known to have no row."""
    values: list[Any] = [None] * len(reads)
    asked: list[int] = []
    parts, params = [], []
    for i, read in enumerate(reads):
        if read.kind not in NO_ROWS:
            raise ValueError(f"unknown kind of read: {read.kind}")
        if read.kind == "value":
            query = read.query[:1].query
        elif read.kind == "exists" or _rows_alike(read.query.query):
            # which rows, not their columns: ``SELECT 1 …`` as Django's own ``exists()``, its
            # ``LIMIT 1`` for a yes (issue 18: each query's every column was compiled)
            query = read.query.query.exists(limit=read.kind == "exists")
        else:  # the rows' order and related objects do not change a count
            query = read.query.order_by().query
            query.select_related = False
        try:
            # the ORM's own SQL of each query, its values passed as parameters
            sql, query_params = query.sql_with_params()
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
