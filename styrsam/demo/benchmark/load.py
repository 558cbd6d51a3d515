"""The loopback load test: a real gunicorn server on 127.0.0.1 (Styrsam's settings, the
baselines' URLconf, ``--workers`` sync workers, the same database and ``DB_CONN_MAX_AGE``)
and ``threads`` clients that each send up to ``requests`` GETs per page, bounded by
``seconds`` per page. Reports requests per second and the latency median and p95 per page,
beside the bare baselines of the same server. The server is always stopped."""

from __future__ import annotations

import http.client
import math
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def _wait_ready(proc, port: int, cookie: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn avslutades med kod {proc.returncode}")
        try:
            _get(port, "/bare/", cookie)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn svarade inte inom en minut")


def _hammer(port, path, cookie, *, threads, requests, seconds) -> dict:
    deadline = time.monotonic() + seconds

    def client(_n):
        done = []
        for _ in range(requests):
            if time.monotonic() > deadline:
                break
            done.append(_get(port, path, cookie))
        return done

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        answers = [a for chunk in pool.map(client, range(threads)) for a in chunk]
    elapsed = time.perf_counter() - start
    times = sorted(ms for _status, ms in answers)
    return {
        "requests": len(answers),
        "ok": sum(1 for status, _ms in answers if status == 200),
        "per_second": len(answers) / elapsed if elapsed else 0,
        "median": statistics.median(times) if times else None,
        "p95": times[max(0, math.ceil(len(times) * 0.95) - 1)] if times else None,
    }


def load_test(
    *, session: str, paths, workers: int = 2, threads: int = 4, requests: int = 50, seconds=20
) -> list[dict]:
    """``paths``: [(label, path)], measured in that order, each warmed with two requests."""
    port = _free_port()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "styrsam.demo.benchmark.server_settings"}
    command = [sys.executable, "-m", "gunicorn", "styrsam.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    proc = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter and arguments
    results = []
    try:
        _wait_ready(proc, port, cookie)
        for label, path in paths:
            for _ in range(2):
                _get(port, path, cookie)
            result = _hammer(
                port, path, cookie, threads=threads, requests=requests, seconds=seconds
            )
            results.append({"label": label, "path": path, **result})
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results
