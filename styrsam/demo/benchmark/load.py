"""The loopback load test: a real gunicorn server on 127.0.0.1 as production runs it
(``server_settings``: STYRSAM_ENV=production over plain HTTP, the baselines' URLconf; the
static files collected into a temporary ``STATIC_ROOT`` as ``styrsam serve`` collects them;
gunicorn's configuration of ``styrsam serve``; ``--workers`` sync workers; the same
database) and ``threads`` clients that each send up to ``requests`` GETs per page, bounded by
``seconds`` per page. Reports what the server ran (``/server-configuration/``), and requests
per second, the latency median and p95 and the CPU time per request of the server's
workers and of PostgreSQL (on this machine, from ``/proc``) per page, beside the bare
baselines of the same server. The server is always stopped and the collected files removed."""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SETTINGS = "styrsam.demo.benchmark.server_settings"
GUNICORN_CONFIG = "python:styrsam.ops.gunicorn_config"  # as `styrsam serve`


def _get(port: int, path: str, cookie: str, *, body: bool = False):
    """(status, ms), or with ``body`` (status, ms, body)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        content = response.read()
        ms = (time.perf_counter() - start) * 1000
        return (response.status, ms, content) if body else (response.status, ms)
    finally:
        conn.close()


def server_env(*, secret_key: str, static_root: str) -> dict:
    """The server's environment: this one with the server's settings, its own secret key
    (the session is signed with it) and the collected static files."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SECRET_KEY": secret_key,
        "STATIC_ROOT": static_root,
    }


def configuration(port: int, cookie: str) -> dict:
    """What the server runs, as it says itself (``baseline_urls.server_configuration``)."""
    status, _ms, content = _get(port, "/server-configuration/", cookie, body=True)
    if status != 200:
        raise RuntimeError(f"/server-configuration/ svarade {status}")
    return json.loads(content)


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


def _processes() -> list[tuple[int, int, str, float]]:
    """(pid, parent pid, command name, CPU seconds) of every process this machine's ``/proc``
    shows; empty without ``/proc`` (not Linux)."""
    if not os.path.isdir("/proc"):
        return []
    tick = os.sysconf("SC_CLK_TCK")
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                text = stat.read()
        except OSError:  # ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # fields from the state on: ppid is the 2nd, utime and stime the 12th and 13th
        found.append((int(entry), int(fields[1]), name, (int(fields[11]) + int(fields[12])) / tick))
    return found


def cpu_seconds(server_pid: int) -> tuple[float, float] | None:
    """CPU seconds used so far by the server's workers (the children of gunicorn's master)
    and by this machine's PostgreSQL processes (``postgres``; 0 when the database runs
    elsewhere); ``None`` without ``/proc``."""
    if not os.path.isdir("/proc"):
        return None
    workers = postgres = 0.0
    for _pid, ppid, name, seconds in _processes():
        if ppid == server_pid:
            workers += seconds
        elif name == "postgres":
            postgres += seconds
    return workers, postgres


def _hammer(port, path, cookie, *, threads, requests, seconds, server_pid=None) -> dict:
    deadline = time.monotonic() + seconds

    def client(_n):
        done = []
        for _ in range(requests):
            if time.monotonic() > deadline:
                break
            done.append(_get(port, path, cookie))
        return done

    before = cpu_seconds(server_pid) if server_pid else None
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        answers = [a for chunk in pool.map(client, range(threads)) for a in chunk]
    elapsed = time.perf_counter() - start
    times = sorted(ms for _status, ms in answers)
    cpu = {}
    after = cpu_seconds(server_pid) if before is not None and answers else None
    if after is not None:
        # CPU ms per request: the server's workers, and PostgreSQL on this machine (issue 18:
        # which side a page's cost is on; read from /proc in clock ticks, 10 ms each)
        cpu = {
            "server_cpu": (after[0] - before[0]) * 1000 / len(answers),
            "database_cpu": (after[1] - before[1]) * 1000 / len(answers),
        }
    return {
        "requests": len(answers),
        "ok": sum(1 for status, _ms in answers if status == 200),
        "per_second": len(answers) / elapsed if elapsed else 0,
        "median": statistics.median(times) if times else None,
        "p95": times[max(0, math.ceil(len(times) * 0.95) - 1)] if times else None,
        **cpu,
    }


def load_test(
    *,
    session: str,
    secret_key: str,
    paths,
    workers: int = 2,
    threads: int = 4,
    requests: int = 50,
    seconds=20,
) -> tuple[dict, list[dict]]:
    """(the server's configuration, a result per path). ``session``: a session signed with
    ``secret_key``; ``paths``: [(label, path)], measured in that order, each warmed with two
    requests."""
    port = _free_port()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    static_root = tempfile.mkdtemp(prefix="styrsam-load-static-")
    env = server_env(secret_key=secret_key, static_root=static_root)
    command = [sys.executable, "-m", "gunicorn", "styrsam.wsgi:application"]
    command += ["--config", GUNICORN_CONFIG, "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    proc = None
    results = []
    try:
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "django", "collectstatic", "--no-input", "-v", "0"],
            env=env,
            check=True,
        )
        proc = subprocess.Popen(command, env=env)  # noqa: S603 - as above
        _wait_ready(proc, port, cookie)
        server = configuration(port, cookie)
        for label, path in paths:
            for _ in range(2):
                _get(port, path, cookie)
            result = _hammer(
                port,
                path,
                cookie,
                threads=threads,
                requests=requests,
                seconds=seconds,
                server_pid=proc.pid,
            )
            results.append({"label": label, "path": path, **result})
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(static_root, ignore_errors=True)
    return server, results
