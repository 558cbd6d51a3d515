"""Issue 18, docs/decisions/0025: on PostgreSQL the values are bound on the server and a query
sent a fourth time on a connection is prepared, so PostgreSQL plans it once per connection;
``DB_PREPARE_THRESHOLD=`` (empty) turns both off; SQLite is unchanged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.db import connection
from django.db.models import F

from styrsam.systems.models import System
from tests.core.test_settings import PROJECT, _env
from tests.factories import SystemFactory

PROBE = """
import json
from django.conf import settings
print(json.dumps(settings.DATABASES["default"].get("OPTIONS", {})))
"""


def _options(tmp_path, **env: str) -> dict:
    environment = _env(tmp_path, SECRET_KEY="k" * 60, **env)
    if "DB_PREPARE_THRESHOLD" not in env:  # the default, whatever this process was given
        environment.pop("DB_PREPARE_THRESHOLD", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", "import django; django.setup()\n" + PROBE],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


POSTGRES_URL = "postgres://styrsam@db.exempel.se:5432/styrsam"


def test_postgresql_binds_on_the_server_and_prepares_a_query_after_three_times(tmp_path):
    options = _options(tmp_path, DATABASE_URL=POSTGRES_URL)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 3


def test_db_prepare_threshold_sets_or_turns_off_preparing(tmp_path):
    assert (
        _options(tmp_path, DATABASE_URL=POSTGRES_URL, DB_PREPARE_THRESHOLD="10")[
            "prepare_threshold"
        ]
        == 10
    )
    off = _options(tmp_path, DATABASE_URL=POSTGRES_URL, DB_PREPARE_THRESHOLD="")
    assert "server_side_binding" not in off
    assert "prepare_threshold" not in off


def test_sqlite_has_no_preparing_options(tmp_path):
    options = _options(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def _prepared(marker: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_a_query_sent_a_fourth_time_is_prepared_with_its_values_as_parameters():
    SystemFactory(name="Lifecare")
    SystemFactory(name="Unikum")

    def names(prefix: str) -> list[str]:
        # a query text no other test sends: its own column alias
        query = System.objects.filter(name__startswith=prefix).annotate(prepared_probe=F("name"))
        return list(query.values_list("prepared_probe", flat=True))

    marker = '"prepared_probe"'
    for _ in range(3):
        assert names("Life") == ["Lifecare"]
    assert _prepared(marker) == []  # three times: planned each time
    assert names("Life") == ["Lifecare"]  # the fourth time: prepared
    (statement,) = _prepared(marker)
    # the value is a parameter of the prepared statement, not part of its text
    assert "Life" not in statement
    assert "LIKE $1" in statement
    # another value uses the same statement
    assert names("Uni") == ["Unikum"]
    assert _prepared(marker) == [statement]
