"""The API fuzz: one pytest node id per operation, and a count of what was exercised.

pytest 9.2 builds a node id from ``originalname`` and the callspec; schemathesis 4.32.5 gives
its items neither, so all 81 operations had the id ``test_api_operation`` and pytest-xdist,
which matches items by id, ran one of them while the summary said "passed" (issue #12)."""

from __future__ import annotations

import pytest

_exercised: set[str] = set()
_failed: set[str] = set()


def _label(item) -> str | None:
    return getattr(item, "operation_label", None)


def pytest_collection_modifyitems(items):
    for item in items:
        label = _label(item)
        if label and not item.nodeid.endswith("]"):
            item._id = item.parent.id.child(item.originalname).with_params(label)


def pytest_runtest_logreport(report):
    """Runs where the report arrives (the xdist controller too): the label is the node id's."""
    if report.when != "call" or "test_openapi_fuzz.py::" not in report.nodeid:
        return
    label = report.nodeid.partition("[")[2].rstrip("]")
    (_exercised if report.passed else _failed).add(label)


def operations_in_schema() -> int:
    from tests.api.test_openapi_fuzz import schema

    return sum(1 for _ in schema.get_all_operations())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not (_exercised or _failed):
        return
    total = operations_in_schema()
    terminalreporter.write_line(
        f"API-fuzzning: {len(_exercised)} av {total} operationer i /api/schema/ utan fel "
        f"({len(_failed)} med fel)"
    )


def pytest_sessionfinish(session, exitstatus):
    if not (_exercised or _failed) or hasattr(session.config, "workerinput"):
        return
    if session.config.option.keyword:
        return  # a selection (-k) of operations, chosen on purpose
    if len(_exercised) < operations_in_schema():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
