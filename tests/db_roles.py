"""The PostgreSQL suite connects as the application's database role (issue 11 item 9,
docs/decisions/0012-application-database-role.md).

With ``STYRSAM_APP_DB_ROLE`` set and ``DATABASE_URL`` on PostgreSQL, each test database (one
per pytest-xdist worker) is created and migrated as ``DATABASE_URL``'s user, the owner. The
application's role is then granted what production grants it (docs/operations.md: ``SELECT,
INSERT, UPDATE, DELETE`` on tables, ``USAGE, SELECT`` on sequences, nothing owned) and every
test connects as it. The owner comes back, on a connection of its own, only for

- the flush after a transactional test (``TRUNCATE``: the application's role has no such
  privilege, and the trigger on the audit log and the ledger lets only a superuser through),
- the tests marked ``@pytest.mark.db_owner("why")`` (they migrate backwards and forwards,
  restore into a new database, or grant a role ``TRUNCATE``), and
- dropping the test database at the end of the session.

The end of the run prints how many tests connected as which role (``pytest_terminal_summary``
in tests/conftest.py), also from pytest-xdist workers.
"""

from __future__ import annotations

import contextlib
import os

from django.db import connections
from django.test import TransactionTestCase

ROLE_KEY = "styrsam_db_role"
FLUSH_KEY = "styrsam_db_owner_flush"

# What docs/operations.md (section 3) grants the application's role in production; the
# default privileges cover the tables a migration test re-creates as the owner.
GRANTS = (
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
    " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
)


def app_role_from_environment() -> str | None:
    """``STYRSAM_APP_DB_ROLE`` when the default database is PostgreSQL, else None (SQLite, or
    a PostgreSQL run that connects as the owner throughout)."""
    from django.conf import settings

    role = os.environ.get("STYRSAM_APP_DB_ROLE", "").strip()
    if not role or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return None
    return role


class RoleSetupError(Exception):
    """The application's role is missing or may do more than read and write rows."""


class DbRoles:
    """Which role the default connection uses: ``"app"`` or ``"owner"``."""

    def __init__(self, app_role: str):
        self.app_role = app_role
        self.app_credentials = {
            "USER": app_role,
            "PASSWORD": os.environ.get("STYRSAM_APP_DB_PASSWORD", ""),
        }
        self.owner_credentials: dict[str, str] = {}
        self.owner_name = ""
        self.current: str | None = None  # None: no test database (not yet, or dropped)
        self.wanted = "app"
        self.flushes = 0
        self._original_teardown = None
        self._original_reset_sequences = None

    @property
    def current_name(self) -> str:
        return self.app_role if self.current == "app" else self.owner_name

    def start(self) -> None:
        """Right after the test database is migrated, still as the owner."""
        connection = connections["default"]
        settings_dict = connection.settings_dict
        self.owner_credentials = {
            "USER": settings_dict["USER"],
            "PASSWORD": settings_dict["PASSWORD"],
        }
        role = connection.ops.quote_name(self.app_role)
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            self.owner_name = cursor.fetchone()[0]
            cursor.execute(
                "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls"
                " FROM pg_roles WHERE rolname = %s",
                [self.app_role],
            )
            row = cursor.fetchone()
            if row is None:
                raise RoleSetupError(
                    f"the role {self.app_role} (STYRSAM_APP_DB_ROLE) is missing; create it as "
                    f".ci/run does: CREATE ROLE {self.app_role} LOGIN NOSUPERUSER NOCREATEDB "
                    "NOCREATEROLE"
                )
            if row[0]:
                raise RoleSetupError(
                    f"{self.app_role} may do more than read and write rows (superuser, "
                    "CREATEROLE, CREATEDB or BYPASSRLS): it must be the application's role"
                )
            for grant in GRANTS:
                cursor.execute(grant.format(role=role))
        self.current = "owner"
        self._patch_transaction_test_case()
        self.use(self.wanted)
        with self.as_app(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, (SELECT count(*) FROM pg_class c JOIN pg_roles r"
                " ON r.oid = c.relowner WHERE r.rolname = current_user"
                " AND c.relnamespace = 'public'::regnamespace)"
            )
            user, owned = cursor.fetchone()
        if (user, owned) != (self.app_role, 0):
            raise RoleSetupError(f"connected as {user}, owning {owned} relations")

    def stop(self) -> None:
        """Before the test database is dropped: the owner drops it."""
        self.use("owner")
        self._unpatch_transaction_test_case()
        self.current = None

    def use(self, which: str) -> None:
        """Reconnect the default alias as ``which``; the next query opens the connection."""
        if self.current is None or self.current == which:
            return
        connection = connections["default"]
        if connection.in_atomic_block:
            raise RuntimeError(
                f"cannot switch the database role to {which} inside a transaction; mark the "
                "test @pytest.mark.db_owner instead of switching in the test"
            )
        connection.close()
        # The same dict as settings.DATABASES["default"]: threads (live_server, a Celery
        # worker) and the URLs tests hand to subprocesses follow it.
        connection.settings_dict.update(
            self.app_credentials if which == "app" else self.owner_credentials
        )
        self.current = which

    @contextlib.contextmanager
    def as_owner(self):
        before = self.current
        self.use("owner")
        try:
            yield
        finally:
            self.use(before)

    @contextlib.contextmanager
    def as_app(self):
        before = self.current
        self.use("app")
        try:
            yield
        finally:
            self.use(before)

    def _patch_transaction_test_case(self) -> None:
        """A transactional test's flush (and a sequence reset) runs as the owner."""
        roles = self
        teardown = TransactionTestCase._fixture_teardown
        reset = TransactionTestCase._reset_sequences

        def _fixture_teardown(test_case):
            roles.flushes += roles.current == "app"
            with roles.as_owner():
                teardown(test_case)

        def _reset_sequences(db_name):
            with roles.as_owner():
                reset(db_name)

        self._original_teardown, self._original_reset_sequences = teardown, reset
        TransactionTestCase._fixture_teardown = _fixture_teardown
        TransactionTestCase._reset_sequences = staticmethod(_reset_sequences)

    def _unpatch_transaction_test_case(self) -> None:
        if self._original_teardown is not None:
            TransactionTestCase._fixture_teardown = self._original_teardown
            TransactionTestCase._reset_sequences = staticmethod(self._original_reset_sequences)
            self._original_teardown = self._original_reset_sequences = None


def uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db")
        or names & {"db", "transactional_db", "django_db_setup", "live_server"}
    )


def summary_lines(reports) -> list[str]:
    """How many database tests ran (their call phase) as the application's role and as the
    owner, which ran as the owner, and how many flushes the owner made."""
    as_app: dict[str, int] = {}
    as_owner: dict[str, list[str]] = {}
    flushes = 0
    for report in reports:
        for key, value in getattr(report, "user_properties", ()):
            if key == ROLE_KEY and report.when == "call":
                role, owner = value
                if owner:
                    as_owner.setdefault(role, []).append(report.nodeid)
                else:
                    as_app[role] = as_app.get(role, 0) + 1
            elif key == FLUSH_KEY and report.when == "teardown":
                flushes += value
    if not as_app and not as_owner:
        return []
    lines = [f"{count} database tests ran as {role}" for role, count in sorted(as_app.items())]
    for role, nodeids in sorted(as_owner.items()):
        lines.append(f"{len(nodeids)} ran as the owner {role} (@pytest.mark.db_owner):")
        lines += [f"  {nodeid}" for nodeid in sorted(nodeids)]
    if not as_owner:
        lines.append("0 ran as the owner (@pytest.mark.db_owner)")
    lines.append(f"{flushes} flushes (TRUNCATE) after transactional tests ran as the owner")
    return lines
