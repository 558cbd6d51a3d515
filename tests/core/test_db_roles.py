"""Issue 11 item 9: the PostgreSQL suite runs as the application's role (tests/db_roles.py,
decision 0012). With ``STYRSAM_APP_DB_ROLE`` set, a test connects as that role, which owns
nothing and so cannot disable a trigger; a test marked ``db_owner`` connects as the owner; a
transactional test also runs as the application's role (only its flush runs as the owner)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from ..db_roles import app_role_from_environment

APP_ROLE = app_role_from_environment()

pytestmark = [
    pytest.mark.rule("G13"),
    pytest.mark.postgres,
    pytest.mark.skipif(
        APP_ROLE is None, reason="runs with STYRSAM_APP_DB_ROLE on PostgreSQL (.ci/run)"
    ),
]


def _whoami() -> tuple[str, int]:
    """The connected role and how many relations it owns in the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, (SELECT count(*) FROM pg_class c JOIN pg_roles r"
            " ON r.oid = c.relowner WHERE r.rolname = current_user"
            " AND c.relnamespace = 'public'::regnamespace)"
        )
        return cursor.fetchone()


def _disable_trigger_sqlstate() -> str | None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER ALL")
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER ALL")
    except DatabaseError as exc:
        return getattr(exc.__cause__, "sqlstate", None)
    return None


@pytest.mark.django_db
def test_a_test_connects_as_the_application_role_which_owns_nothing():
    assert _whoami() == (APP_ROLE, 0)
    assert _disable_trigger_sqlstate() == "42501"  # must be owner of table


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_connects_as_the_application_role(policy):
    assert _whoami() == (APP_ROLE, 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM guideline_policyversion")
        assert cursor.fetchone()[0] == 1


@pytest.mark.db_owner("shows that the marker connects as the owner of the tables")
@pytest.mark.django_db
def test_a_test_marked_db_owner_connects_as_the_owner():
    user, owned = _whoami()
    assert user != APP_ROLE
    assert owned > 0
    assert _disable_trigger_sqlstate() is None
