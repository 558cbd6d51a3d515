import pytest

from .policytext import default_text as _default_text
from .policytext import suite_text as _suite_text


@pytest.fixture(scope="session")
def default_text() -> str:
    return _default_text()


@pytest.fixture(scope="session")
def suite_text() -> str:
    """The text of the suite's policy (the one the ``policy`` fixture loads)."""
    return _suite_text()
