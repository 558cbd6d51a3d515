"""Start a server process for a test and always end it: a free port, a bounded wait until it
answers, and its output in the failure message when it does not."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds until a server answers (migrations of the provider included)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the test run's own database, cache and Django settings."""
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST_")}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


@contextlib.contextmanager
def server(args: list[str], *, env: dict[str, str], probe_url: str):
    """Run ``args`` (its own process group), wait until ``probe_url`` answers, yield the
    process; on the way out SIGTERM the group, then SIGKILL after 10 s."""
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(  # noqa: S603 - fixed arguments of the test
        args, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{args[:3]} ended with {process.returncode}:\n{_read(log)}")
            try:
                requests.get(probe_url, timeout=2)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{probe_url} did not answer:\n{_read(log)}") from None
                time.sleep(0.2)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def _read(log) -> str:
    log.seek(0)
    return log.read()[-5000:]


PYTHON = sys.executable
