"""Reads that every request makes, compiled by the ORM once per database.

Django builds and compiles a query's SQL on every evaluation: the ``Q`` objects, the clones
and the compiler cost about 0.3–0.4 ms of CPU for a small query, while PostgreSQL answers it
in about 0.05 ms (issue 18, ``docs/performance.md``). Two reads run on every page: the
policy in force (G29) and the roles of the user. ``CompiledRead`` keeps their SQL and binds
only the values that change between requests.

The queryset is still written with the ORM (``build``); it is compiled once per database
alias with sample values, and each parameter equal to a sample becomes a slot for that
name. A sample must be unique among the query's parameters (checked when compiled), so a
constant of the query can never be mistaken for a slot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class CompiledRead:
    """``build(**samples)`` → a ``values_list()`` queryset whose selected columns need no
    conversion from the database (integers, texts); ``rows(**values)`` runs its SQL with
    ``values`` in the samples' places and returns the rows as tuples."""

    def __init__(self, build: Callable[..., QuerySet], **samples: Any):
        # no samples: a read whose SQL has no value that changes (a list's choices)
        self._build = build
        self._samples = samples
        self._compiled: dict[str, tuple[str, tuple]] = {}
        self._lock = threading.Lock()

    def compile(self, using: str = "default") -> tuple[str, tuple]:
        """The SQL and its parameters, each ``("value", v)``, ``("slot", name)`` or
        ``("text", name)`` (the value bound as its text)."""
        found = self._compiled.get(using)
        if found is not None:
            return found
        queryset = self._build(**self._samples)
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        plan = plan_of(params, self._samples, "CompiledRead")
        with self._lock:
            return self._compiled.setdefault(using, (sql, tuple(plan)))

    def rows(self, using: str = "default", **values: Any) -> list[tuple]:
        if set(values) != set(self._samples):
            raise TypeError(f"CompiledRead: values for {sorted(self._samples)} expected")
        sql, plan = self.compile(using)
        params = bind(plan, values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def plan_of(params, samples: dict[str, Any], what: str) -> tuple:
    """The compiled ``params`` as a plan: each ``("value", v)`` (a constant of the query),
    ``("slot", name)`` (the sample ``name``'s place), ``("text", name)`` (its place, bound as
    its text) or ``("as", (name, cls))`` (its place, bound as ``cls(value)``: psycopg 3's
    ``Int2``/``Int4``/``Int8`` that Django binds an integer field's value as). Raises
    ``ValueError`` when two samples are equal or one is not among ``params``."""
    plan = []
    seen = set()
    for param in params:
        names = [(n, _bound_as(param, sample)) for n, sample in samples.items()]
        names = [(n, kind) for n, kind in names if kind is not None]
        if len(names) > 1:
            raise ValueError(f"{what}: samples {[n for n, _ in names]} are equal")
        if names:
            name, kind = names[0]
            plan.append((kind, (name, type(param))) if kind == "as" else (kind, name))
            seen.add(name)
        else:
            plan.append(("value", param))
    missing = set(samples) - seen
    if missing:
        raise ValueError(f"{what}: {sorted(missing)} not among the query's parameters")
    return tuple(plan)


def _bound_as(param, sample) -> str | None:
    """How ``param`` is ``sample`` bound, if it is: "slot", "text" or "as"."""
    if type(param) is type(sample):
        return "slot" if param == sample else None
    if isinstance(param, str) and not isinstance(sample, str):
        # a backend may bind a value as text (SQLite binds a date as its ISO text)
        return "text" if param == str(sample) else None
    if (
        type(sample) is int
        and isinstance(param, int)
        and not isinstance(param, bool)
        and int(param) == sample
    ):
        return "as"
    return None


def bind(plan: tuple, values: dict[str, Any]) -> list:
    """The parameters of a ``plan_of`` with ``values`` in the samples' places."""
    params = []
    for kind, v in plan:
        if kind == "value":
            params.append(v)
        elif kind == "slot":
            params.append(values[v])
        elif kind == "text":
            params.append(str(values[v]))
        else:
            name, cls = v
            params.append(cls(values[name]))
    return params
