"""`styrsam upgrade` migrates as the owning role (MIGRATE_DATABASE_URL), collects static files
and reports what changed in the policy schema; `styrsam worker` and `styrsam beat` start Celery
with the project's app and schedule."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from styrsam import cli
from styrsam.core import migrations as core_migrations
from styrsam.guideline.schema import POLICY_SCHEMA
from styrsam.ops.upgrade import schema_keys

from .servers import clean_env

pytestmark = pytest.mark.django_db(transaction=True)

# The core migration that added AuditEntry.request_id, whatever number it ends up with.
ROLLED_BACK = next(
    p.stem for p in Path(core_migrations.__file__).parent.glob("0*_audit_entry_request_id.py")
)
# It and every later core migration are rolled back in the owner's copy.
LATER = sorted(
    p.stem for p in Path(core_migrations.__file__).parent.glob("0*.py") if p.stem >= ROLLED_BACK
)


def test_schema_keys_name_every_key_a_policy_file_may_have():
    keys = schema_keys(POLICY_SCHEMA)
    assert "rental.monthly_rent_run" in keys
    assert "groups.*.meetings_per_year.min" in keys
    assert "case_types.*.steps.[].performers.roles" in keys
    assert "case_types.*.decision.body.group" in keys
    assert len(keys) == len(set(keys))


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="runs once, on SQLite: a copy of the test database in a file plays the owner's",
)
def test_upgrade_migrates_through_the_owner_url_and_reports_the_policy_schema(policy, tmp_path):
    owner_db, app_db = tmp_path / "owner.sqlite3", tmp_path / "app.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(owner_db)
    connection.connection.backup(target)
    # The owner's database is one migration behind, and the last upgrade knew fewer keys.
    target.execute("ALTER TABLE core_auditentry DROP COLUMN request_id")
    target.executemany(
        "DELETE FROM django_migrations WHERE app='core' AND name=?", [(n,) for n in LATER]
    )
    old_keys = [k for k in schema_keys(POLICY_SCHEMA) if k != "rental.monthly_rent_run"]
    target.execute(
        "INSERT INTO ops_upgraderun (at, styrsam_version, migrations_applied, "
        "policy_schema_version, policy_schema_keys) VALUES ('2026-01-01 08:00:00', '0.0.9', "
        "'[]', 1, ?)",
        (json.dumps(old_keys + ["groups.*.retired_key"]),),
    )
    target.commit()
    target.close()
    env = clean_env(
        DATABASE_URL=f"sqlite:///{app_db}",
        MIGRATE_DATABASE_URL=f"sqlite:///{owner_db}",
        STATIC_ROOT=str(tmp_path / "static"),
        STYRSAM_DATA_DIR=str(tmp_path / "data"),
    )
    result = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).with_name("styrsam")), "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "som databasens ägarroll (MIGRATE_DATABASE_URL)" in out
    assert f"core.{ROLLED_BACK}" in out
    assert "+ rental.monthly_rent_run" in out
    assert "- groups.*.retired_key  (borttagen)" in out
    assert "Gällande policy (v1) är giltig mot schemat." in out
    assert (tmp_path / "static" / "styrsam" / "styrsam.css").exists()
    assert not app_db.exists()  # the application's own URL was never used
    check = sqlite3.connect(owner_db)
    try:
        columns = [row[1] for row in check.execute("PRAGMA table_info(core_auditentry)")]
        assert "request_id" in columns
        [(applied, keys)] = check.execute(
            "SELECT migrations_applied, policy_schema_keys FROM ops_upgraderun "
            "ORDER BY id DESC LIMIT 1"
        ).fetchall()
        assert json.loads(applied) == [f"core.{n}" for n in LATER]
        assert "rental.monthly_rent_run" in json.loads(keys)
        [(action,)] = check.execute(
            "SELECT action FROM core_auditentry ORDER BY id DESC LIMIT 1"
        ).fetchall()
        assert action == "ops.upgrade"
    finally:
        check.close()


def test_upgrade_without_an_owner_url_reports_an_up_to_date_database(policy, monkeypatch, capsys):
    from styrsam.ops.upgrade import run_upgrade

    monkeypatch.delenv("MIGRATE_DATABASE_URL", raising=False)
    assert run_upgrade(skip_static=True) == 0
    out = capsys.readouterr().out
    assert "Databasen är redan migrerad." in out
    assert "(första uppgraderingen som registreras)" in out
    assert run_upgrade(skip_static=True) == 0
    assert "inga ändrade nycklar" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["worker"], ["worker", "--loglevel", "INFO", "--concurrency", "2"]),
        (
            ["worker", "-Q", "styrsam"],
            ["worker", "--loglevel", "INFO", "--concurrency", "2", "-Q", "styrsam"],
        ),
        (["beat"], ["beat", "--loglevel", "INFO", "--schedule"]),
    ],
)
def test_worker_and_beat_start_the_project_celery_app(
    monkeypatch, settings, tmp_path, command, expected
):
    from styrsam.celery import app

    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(tmp_path / "beat" / "schedule")
    monkeypatch.delenv("STYRSAM_WORKER_CONCURRENCY", raising=False)
    started = []
    monkeypatch.setattr(app, "start", lambda argv: started.append(argv))
    assert cli.main(command) == 0
    [argv] = started
    assert argv[: len(expected)] == expected
    if command == ["beat"]:
        assert argv[len(expected)] == str(tmp_path / "beat" / "schedule")
        assert (tmp_path / "beat").is_dir()


def _wait_for_line(process, text: str, seconds: float) -> tuple[list[str], threading.Thread]:
    """Lines of ``process``'s output until one contains ``text`` (or the time is up), and the
    thread that reads them (it ends at the output's end; join it before closing the pipe).

    A thread reads the lines: ``select()`` on the pipe cannot see lines that one ``read()``
    already moved into the text wrapper's buffer (the banner and the ready line arriving
    together on a loaded machine), so a select loop could wait for output that is already here.
    """
    import queue
    import time

    received: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            received.put(line)
        received.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while not any(text in line for line in lines):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            line = received.get(timeout=remaining)
        except queue.Empty:
            break
        if line is None:
            break
        lines.append(line)
    return lines, reader


@pytest.mark.skipif(connection.vendor != "sqlite", reason="runs once, in the SQLite pass")
@pytest.mark.parametrize(
    ("command", "ready"),
    [
        (["worker", "--queues", "styrsam-cli-test"], "ready."),
        (["beat"], "beat: Starting..."),
    ],
)
def test_worker_and_beat_really_start_against_redis(tmp_path, command, ready):
    import os
    import signal

    from tests.meetings.test_celery_worker import _require_redis

    _require_redis()
    env = clean_env(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/13", STYRSAM_DATA_DIR=str(tmp_path / "data")
    )
    process = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("styrsam")), *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    reader = None
    try:
        lines, reader = _wait_for_line(process, ready, 120)  # a loaded CI machine starts slowly
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        if reader is not None:
            reader.join(timeout=15)
        process.stdout.close()
    output = "".join(lines)
    assert ready in output, output[-3000:]
    if command[0] == "worker":
        for task in ("meetings.remind_conveners", "rental.monthly_rent_run"):
            assert f". {task}" in output
    else:
        assert (tmp_path / "data").is_dir()
