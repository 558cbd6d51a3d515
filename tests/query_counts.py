"""Absolute query-count baselines of list pages, exports and API lists (issue 10, item 7).

``tests/query_counts.toml`` holds one number per page or endpoint, in a section per app; the
tests that already measure a list with 1 and with 50 rows also compare with that number, so
a change that adds (or saves) a query shows up in review as a changed line of that file, not
only as "1 row and 50 rows still cost the same". Counts are taken with warm caches (policy,
session) as the tests describe; they are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

FILE = Path(__file__).with_name("query_counts.toml")


@cache
def baselines() -> dict[str, dict[str, int]]:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def baseline(app: str, key: str) -> int:
    try:
        return baselines()[app][key]
    except KeyError:
        raise AssertionError(f"no baseline for [{app}] {key!r} in {FILE.name}") from None


def assert_query_baseline(app: str, key: str, measured: int) -> None:
    """``measured`` must equal the baseline: update the file (and say why) when it changes."""
    expected = baseline(app, key)
    assert measured == expected, (
        f"[{app}] {key}: {measured} queries, baseline {expected} in tests/{FILE.name}"
    )
