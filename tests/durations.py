"""Where the test run's time goes, per test file (docs/decisions/0020-ci-time-per-file.md).

With ``STYRSAM_DURATIONS_FILE=path`` every test file's seconds (setup, call and teardown of its
tests, module fixtures included), the CPU seconds of the pytest process that ran them (not
Chromium's or PostgreSQL's), its test count and the pytest-xdist worker that ran it are written
to ``path`` (tab-separated, slowest first), and the end of the run prints the slowest files and
each worker's busy seconds: a file that keeps one worker busy while the other idles shows as a
tail. On a machine shared with other work, judge by the shares and the CPU seconds, not the
wall-clock seconds.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

CPU_KEY = "styrsam_cpu_seconds"
ENV = "STYRSAM_DURATIONS_FILE"
SHOWN = 15

_cpu_started: dict[str, float] = {}


class Recorder:
    """Seconds, CPU seconds and tests per file, and each worker's busy seconds."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.tests: dict[str, int] = defaultdict(int)
        self.worker: dict[str, str] = {}
        self.busy: dict[str, float] = defaultdict(float)
        self.last_report: dict[str, float] = {}
        self.started = time.monotonic()

    def add(self, report) -> None:
        path = report.nodeid.split("::", 1)[0]
        node = getattr(report, "node", None)
        worker = node.gateway.id if node is not None else "main"
        self.seconds[path] += report.duration
        self.busy[worker] += report.duration
        self.worker.setdefault(path, worker)
        self.last_report[worker] = time.monotonic() - self.started
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.tests[path] += 1
        for key, value in report.user_properties:
            if key == CPU_KEY and report.when == "teardown":
                self.cpu[path] += value

    def lines(self) -> list[str]:
        """A header and a tab-separated line per file, slowest first."""
        ordered = sorted(self.seconds, key=lambda p: -self.seconds[p])
        total = sum(self.seconds.values()) or 1.0
        return ["seconds\tcpu_seconds\tshare\ttests\tworker\tfile"] + [
            f"{self.seconds[p]:.1f}\t{self.cpu[p]:.1f}\t{self.seconds[p] / total:.3f}\t"
            f"{self.tests[p]}\t{self.worker[p]}\t{p}"
            for p in ordered
        ]

    def report(self, path: str, terminalreporter) -> None:
        lines = self.lines()
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
        terminalreporter.write_sep("=", f"time per test file ({ENV}={path})")
        for worker in sorted(self.busy):
            terminalreporter.write_line(
                f"{worker}: busy {self.busy[worker]:.0f} s, last report at "
                f"{self.last_report.get(worker, 0):.0f} s"
            )
        for line in lines[: SHOWN + 1]:
            terminalreporter.write_line(line)


_RECORDER: list[Recorder] = []


def _enabled() -> bool:
    return bool(os.environ.get(ENV))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _enabled():
        _cpu_started[item.nodeid] = time.process_time()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the teardown (module fixtures closed with the file's last test), before its
    report is made: the CPU seconds travel with the report, also from a worker."""
    started = _cpu_started.pop(item.nodeid, None)
    if started is not None:
        item.user_properties.append((CPU_KEY, time.process_time() - started))


def pytest_sessionstart(session):
    """The recorder lives where the reports arrive: the controller with pytest-xdist."""
    if _enabled() and not hasattr(session.config, "workerinput"):
        _RECORDER.append(Recorder())


def pytest_runtest_logreport(report):
    if _RECORDER:
        _RECORDER[0].add(report)


def pytest_terminal_summary(terminalreporter):
    if _RECORDER:
        _RECORDER[0].report(os.environ[ENV], terminalreporter)
