"""Shared fixtures. Every test gets the default policy loaded as the active version."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.guideline.policy import clear_policy_cache
from styrsam.guideline.services import policy_load

from . import db_roles
from .factories import OrgUnitFactory, UserFactory, person_with_role
from .vocab import on_second_policy, suite_kommun, suite_policy_path

# Browser fixtures for every test directory (tests/browser and the apps' browser walks); the
# time per test file with STYRSAM_DURATIONS_FILE (decision 0020).
pytest_plugins = ["tests.browser_plugin", "tests.durations"]


def pytest_report_header(config):
    """Which demo municipality the demo-based tests (crawl, fuzz, exports) load."""
    import os

    lines = [
        f"policy and demo: {os.environ.get('STYRSAM_TEST_POLICY', 'exempel')} "
        f"({suite_kommun().name}; STYRSAM_TEST_POLICY, tests/vocab.py)"
    ]
    role = db_roles.app_role_from_environment()
    if role:
        lines.append(
            f"database role: tests connect as {role} (STYRSAM_APP_DB_ROLE); DATABASE_URL's "
            "user creates, migrates, flushes and drops the test databases (decision 0012)"
        )
    return lines


_DB_ROLES: list[db_roles.DbRoles | None] = []


def _db_roles() -> db_roles.DbRoles | None:
    """The session's role switch when the suite runs as the application's role, else None."""
    if not _DB_ROLES:
        role = db_roles.app_role_from_environment()
        _DB_ROLES.append(db_roles.DbRoles(role) if role else None)
    return _DB_ROLES[0]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database (created and migrated as DATABASE_URL's user, the owner),
    then, with ``STYRSAM_APP_DB_ROLE`` on PostgreSQL, granted to the application's role as in
    production and connected to as that role; the owner drops it (tests/db_roles.py)."""
    roles = _db_roles()
    if roles is None:
        yield
        return
    with django_db_blocker.unblock():
        try:
            roles.start()
        except db_roles.RoleSetupError as exc:
            pytest.fail(f"STYRSAM_APP_DB_ROLE: {exc}", pytrace=False)
    yield
    roles.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """A test marked ``@pytest.mark.db_owner("why")`` connects as the owner: switched before
    any fixture opens its transaction, and back after the last one closed it."""
    roles = _db_roles()
    owner = item.get_closest_marker("db_owner") is not None
    if roles is not None:
        roles.wanted = "owner" if owner else "app"
        roles.use(roles.wanted)
    result = yield
    if roles is not None and roles.current is not None and db_roles.uses_database(item):
        item.user_properties.append((db_roles.ROLE_KEY, (roles.current_name, owner)))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    roles = _db_roles()
    flushes = roles.flushes if roles is not None else 0
    try:
        return (yield)
    finally:
        if roles is not None:
            if roles.flushes > flushes:
                item.user_properties.append((db_roles.FLUSH_KEY, roles.flushes - flushes))
            roles.wanted = "app"
            roles.use("app")


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.once``: a slow extra pass (a generated API client, the HTML of every
    page) that says the same on both databases runs in the SQLite pass of CI only. So do the
    browser walks (``@pytest.mark.browser``): Chromium sees the same HTML from either database,
    and every view, service and API test behind those pages runs on both (docs/decisions/0015).
    ``STYRSAM_BROWSER_EVERYWHERE=1`` runs them on PostgreSQL too."""
    import os

    from django.conf import settings

    if on_second_policy():
        for item in items:
            marker = item.get_closest_marker("default_policy")
            if marker:
                why = marker.args[0] if marker.args else "the default policy's own content"
                item.add_marker(pytest.mark.skip(reason=f"default policy only: {why}"))
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return
    skip = pytest.mark.skip(reason="runs once, on SQLite (@pytest.mark.once)")
    skip_browser = pytest.mark.skip(reason="browser walks run once, on SQLite (decision 0015)")
    browser_everywhere = os.environ.get("STYRSAM_BROWSER_EVERYWHERE") == "1"
    for item in items:
        if item.get_closest_marker("once"):
            item.add_marker(skip)
        elif item.get_closest_marker("browser") and not browser_everywhere:
            item.add_marker(skip_browser)


COUNT_KEY = "styrsam_count"


@pytest.fixture
def report_count(request):
    """``report_count("42 feeds parsed")``: a count that the end of the test run prints
    (also from pytest-xdist workers), e.g. what an extra check over the product covered."""
    return lambda text: request.node.user_properties.append((COUNT_KEY, text))


def pytest_terminal_summary(terminalreporter):
    counts = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        for key, value in getattr(report, "user_properties", ())
        if key == COUNT_KEY and getattr(report, "when", "call") == "call"
    ]
    if on_second_policy():
        skipped = [
            r
            for r in terminalreporter.stats.get("skipped", ())
            if "default policy only" in str(getattr(r, "longrepr", ""))
        ]
        ran = len(terminalreporter.stats.get("passed", ())) + len(
            terminalreporter.stats.get("failed", ())
        )
        counts.append(
            f"second policy ({suite_kommun().name}): {ran} tests ran on it, "
            f"{len(skipped)} skipped as default-policy-only (@pytest.mark.default_policy)"
        )
    if counts:
        terminalreporter.write_sep("=", "counts of the checks over the product")
        for line in sorted(counts):
            terminalreporter.write_line(line)
    roles = db_roles.summary_lines(
        report for reports in terminalreporter.stats.values() for report in reports
    )
    if roles:
        terminalreporter.write_sep("=", "database roles (STYRSAM_APP_DB_ROLE, decision 0012)")
        for line in roles:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing a password the production way costs a second per user; tests need speed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()
    clear_policy_cache()
    yield
    clear_policy_cache()


@pytest.fixture
def policy(db):
    """The suite's policy (the default one; Andrakommun's with ``STYRSAM_TEST_POLICY=andra``,
    tests/vocab.py), loaded as the active version (groups created from it)."""
    from styrsam.demo import vocabulary
    from styrsam.guideline.policy import get_policy

    policy_load(actor=None, text=suite_policy_path().read_text(encoding="utf-8"), source="test")
    vocabulary.activate(suite_kommun())

    return get_policy()


@pytest.fixture
def department(db):
    return OrgUnitFactory(kind="department", name="Vård- och omsorgsförvaltningen", code="vof")


@pytest.fixture
def it_strategist(policy):
    return person_with_role("it_strategist", username="strateg")


@pytest.fixture
def municipal_director(policy):
    return person_with_role("municipal_director", username="kd")


@pytest.fixture
def plain_user(policy):
    """A logged-in employee with no role of the guideline."""
    return UserFactory(username="anstalld")


@pytest.fixture
def superuser(policy):
    user = UserFactory(username="superadmin", is_superuser=True, is_staff=True)
    return user


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


class QueryCounter:
    def __init__(self):
        self.context = CaptureQueriesContext(connection)

    def __enter__(self):
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)

    @property
    def count(self) -> int:
        return len(self.context.captured_queries)


@pytest.fixture
def count_queries():
    """Usage: ``with count_queries() as q: client.get(url)`` then ``q.count``."""
    return QueryCounter
