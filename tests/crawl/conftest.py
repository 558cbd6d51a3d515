"""The crawl's demo, loaded once per module: test_page_crawl.py crawls ``STYRSAM_TEST_POLICY``'s
demo municipality (``exempel`` by default), test_page_crawl_andra.py Andrakommun's."""

from __future__ import annotations

import pytest

from tests.demo_fixture import demo_in_a_rolled_back_transaction, demo_kommun


@pytest.fixture(scope="module")
def kommun() -> str:
    """The demo municipality crawled (a module overrides it)."""
    return demo_kommun()


@pytest.fixture(scope="module")
def demo(kommun, django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker, kommun) as context:
        yield context
