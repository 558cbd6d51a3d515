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
        plan = []
        seen = set()
        for param in params:
            # a backend may bind a value as text (SQLite binds a date as its ISO text)
            names = [
                (n, type(param) is not type(sample))
                for n, sample in self._samples.items()
                if (type(param) is type(sample) and param == sample)
                or (isinstance(param, str) and not isinstance(sample, str) and param == str(sample))
            ]
            if len(names) > 1:
                raise ValueError(f"CompiledRead: samples {[n for n, _ in names]} are equal")
            if names:
                name, as_text = names[0]
                plan.append(("text" if as_text else "slot", name))
                seen.add(name)
            else:
                plan.append(("value", param))
        missing = set(self._samples) - seen
        if missing:
            raise ValueError(f"CompiledRead: {sorted(missing)} not among the query's parameters")
        with self._lock:
            return self._compiled.setdefault(using, (sql, tuple(plan)))

    def rows(self, using: str = "default", **values: Any) -> list[tuple]:
        if set(values) != set(self._samples):
            raise TypeError(f"CompiledRead: values for {sorted(self._samples)} expected")
        sql, plan = self.compile(using)
        params = [
            v if kind == "value" else str(values[v]) if kind == "text" else values[v]
            for kind, v in plan
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
