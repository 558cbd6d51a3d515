"""SQLite as a real embedded default (issue #12): WAL, BEGIN IMMEDIATE and a busy timeout, so
that a few concurrent demo users never get 500 "database is locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("sqlite_concurrency_probe.py")


def test_sqlite_settings_are_those_of_an_embedded_server():
    from styrsam import settings as project

    if project.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite options apply to SQLite")
    options = project.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


def test_concurrent_writers_on_a_sqlite_file_never_get_500(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "STYRSAM_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["journal"] == "wal"
    assert result["requests"] == 8 * 6 * 4
    assert result["errors"] == []
