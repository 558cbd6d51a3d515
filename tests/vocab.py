"""The whole suite on a second municipality's policy (issue 21, item 5).

``STYRSAM_TEST_POLICY=andra`` runs every test on Andrakommun's policy, which renames every
role, group, case-type, step, unit and obligation code of the default policy, merges the
financing group into the steering group, meets 6-8 times a year and adds a step. The tests are
written in the default policy's words; ``c(word)`` answers the suite's policy's code for one of
them (the demo's table, ``styrsam.demo.vocabulary``), and the factories and the ``policy``
fixture translate by themselves. A literal default code in app code then fails a test on the
second pass.

A test that checks what only the default policy says (its financing group beside the steering
group, its frequencies, its number of steps) is marked ``@pytest.mark.default_policy("why")``
and is skipped on the second pass; the run prints how many were."""

from __future__ import annotations

import os
from pathlib import Path

from styrsam.demo.vocabulary import KOMMUNER, Kommun


def suite_kommun() -> Kommun:
    """The demo municipality whose policy the suite runs on (``STYRSAM_TEST_POLICY``)."""
    key = os.environ.get("STYRSAM_TEST_POLICY", "exempel")
    try:
        return KOMMUNER[key]
    except KeyError:
        raise LookupError(
            f"STYRSAM_TEST_POLICY={key!r}: known are {', '.join(sorted(KOMMUNER))}"
        ) from None


def on_second_policy() -> bool:
    return suite_kommun().policy_file is not None


def suite_policy_path() -> Path:
    from styrsam.guideline.policy import default_policy_path

    return suite_kommun().policy_file or default_policy_path()


def c(word: str) -> str:
    """The suite's policy's code for ``word``, a code of the default policy (unchanged on it)."""
    return suite_kommun().codes.get(word, word)


def c_all(words):
    """``c`` of each word, in order (a list)."""
    return [c(word) for word in words]
