"""Production settings fail loudly without a secret and pass Django's deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='styrsam.settings'; django.setup()"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DEBUG",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        STYRSAM_ENV="production",
        STYRSAM_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="styrsam.settings",
        **extra,
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments
        args, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _run([sys.executable, "-c", SETUP], _env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["styrsam-demo-secret-not-for-production", "kort"])
def test_production_with_weak_secret_key_refuses_to_start(tmp_path, key):
    result = _run([sys.executable, "-c", SETUP], _env(tmp_path, SECRET_KEY=key))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = _env(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(45)[:60],
        ALLOWED_HOSTS="styrsam.example.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )
    script = Path(sys.executable).with_name("styrsam")  # the console script of pyproject.toml
    command = [str(script), "manage", "check", "--deploy"]
    result = _run([*command, "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value"),
    [("DB_PREPARE_THRESHOLD", "tre"), ("DB_CONN_MAX_AGE", "-1"), ("EMAIL_PORT", "2²")],
)
def test_a_number_setting_that_is_not_a_whole_number_stops_the_start_naming_it(
    tmp_path, name, value
):
    """A mistyped number in the environment file is named in the error, in Swedish and
    English, instead of a bare ``ValueError`` from somewhere in the settings."""
    env = _env(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://styrsam@db.exempel.se:5432/styrsam",
        **{name: value},
    )
    result = _run([sys.executable, "-c", SETUP], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} ska vara ett heltal från 0 och uppåt, inte '{value}'" in result.stderr
    assert "ValueError" not in result.stderr


@pytest.mark.parametrize("value", ["nio", "0", "-2", "inf", "8²"])
def test_session_hours_that_are_not_a_number_of_hours_stop_the_start_naming_it(tmp_path, value):
    """SESSION_HOURS takes a decimal number ("8,5" as well as "8.5"); anything else, zero
    and infinity included, is named in the error instead of a bare ``ValueError`` or a
    session that ends at once."""
    env = _env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), SESSION_HOURS=value)
    result = _run([sys.executable, "-c", SETUP], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"SESSION_HOURS ska vara ett antal timmar större än 0, t.ex. 8,5, inte '{value}'" in (
        result.stderr
    )
    assert "ValueError" not in result.stderr


def test_session_hours_with_a_decimal_comma(tmp_path):
    env = _env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), SESSION_HOURS="8,5")
    probe = SETUP + "; from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = _run([sys.executable, "-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(int(8.5 * 3600))
