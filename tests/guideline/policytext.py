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


def suite_text() -> str:
    """The suite's policy file (the default one; Andrakommun's with STYRSAM_TEST_POLICY=andra)."""
    from tests.vocab import suite_policy_path

    return suite_policy_path().read_text(encoding="utf-8")


def with_group(text: str, word: str, **changes) -> str:
    """``text`` with the group ``word`` (a default-policy word, tests/vocab.py) changed:
    ``meetings_min=8`` sets its minimum of meetings a year, any other key replaces that field."""
    import yaml

    from tests.vocab import c

    data = yaml.safe_load(text)
    group = data["groups"][c(word)]
    for key, value in changes.items():
        if key == "meetings_min":
            group["meetings_per_year"]["min"] = value
        else:
            group[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def suite_meetings_min(word: str = "steering") -> int:
    """The suite's policy file's minimum of meetings a year for the group ``word``."""
    import yaml

    from tests.vocab import c

    return yaml.safe_load(suite_text())["groups"][c(word)]["meetings_per_year"]["min"]
