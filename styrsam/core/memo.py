"""Reads shared by several parts of one page, kept for the page's user object.

The start page asks several apps for their to-dos and dashboards; some ask the same question
(the meeting frequency of every group, for the coordinator's to-dos and chart). The answer is
kept on the request's user object — as the user's roles are (``organisation.roles``) — so it
is read once per request and never outlives it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
MEMO_ATTR = "_styrsam_memo"
PAGE_ATTR = "_styrsam_page_memo"


def per_user(user, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per user object and ``key``."""
    memo = getattr(user, MEMO_ATTR, None)
    if memo is None:
        memo = {}
        setattr(user, MEMO_ATTR, memo)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(user) -> None:
    """Drop what was kept for ``user`` (its roles or memberships changed within the request)."""
    if hasattr(user, MEMO_ATTR):
        delattr(user, MEMO_ATTR)


@contextmanager
def page(user) -> Iterator[None]:
    """While one page is built for ``user`` (the start page), ``per_page`` keeps its reads;
    they are dropped when the page is done, so a user object used again (a test, a task)
    reads afresh."""
    setattr(user, PAGE_ATTR, {})
    try:
        yield
    finally:
        delattr(user, PAGE_ATTR)


def per_page(user, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` while a ``page`` is built for ``user``; outside one,
    every call computes."""
    memo = getattr(user, PAGE_ATTR, None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def kept(user, key: Hashable):
    """What ``per_page`` keeps for ``key`` while a page is built for ``user``, else ``None``."""
    return getattr(user, PAGE_ATTR, {}).get(key)


def remember(user, key: Hashable, value) -> None:
    """Keep ``value`` as ``per_page``'s answer for ``key`` (read together with another read)
    while a page is built for ``user``; outside one, nothing is kept."""
    memo = getattr(user, PAGE_ATTR, None)
    if memo is not None:
        memo.setdefault(key, value)
