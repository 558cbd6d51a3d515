"""The page crawl on Andrakommun's policy, in the same test pass as the crawl of the default
demo (decision 0020; it was a pass of its own in .ci/run, one worker busy and one idle).
Andrakommun's policy renames every role, group, case-type, step and unit code (issue 21): a
literal code of the default policy in app code shows here as a server error or a page a
persona cannot reach. The same test as test_page_crawl.py, on a module of its own so that
pytest-xdist runs the two crawls on different workers."""

from __future__ import annotations

import pytest

# collected here too, with this module's ``kommun`` (tests/crawl/conftest.py loads its demo)
from .test_page_crawl import test_crawl_as_persona_finds_no_server_error  # noqa: F401


@pytest.fixture(scope="module")
def kommun() -> str:
    return "andra"
