"""Helpers for building broken policy files from the default one."""

from __future__ import annotations

from styrsam.guideline.policy import default_policy_path


def default_text() -> str:
    return default_policy_path().read_text(encoding="utf-8")


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first ``needle`` in ``text`` after the marker ``after``."""
    pos = text.index(needle, text.index(after) if after else 0)
    return text.count("\n", 0, pos) + 1


def replace_once(text: str, old: str, new: str, after: str = "") -> str:
    """Replace the first ``old`` that comes after the marker ``after``."""
    pos = text.index(old, text.index(after) if after else 0)
    return text[:pos] + new + text[pos + len(old) :]
