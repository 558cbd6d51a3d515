import pytest

from .policytext import default_text as _default_text


@pytest.fixture(scope="session")
def default_text() -> str:
    return _default_text()
