"""The time per test file that CI prints (tests/durations.py, decision 0020): every file's
seconds and CPU seconds, its test count, the worker that ran it, and each worker's busy
seconds, so that a tail (one worker busy, the other idle) shows."""

from __future__ import annotations

from types import SimpleNamespace

from tests import durations


def _report(nodeid, when, seconds, worker, outcome="passed", cpu=None):
    props = [(durations.CPU_KEY, cpu)] if cpu is not None else []
    node = SimpleNamespace(gateway=SimpleNamespace(id=worker))
    return SimpleNamespace(
        nodeid=nodeid, when=when, duration=seconds, outcome=outcome, node=node,
        user_properties=props,
    )  # fmt: skip


class _Terminal:
    def __init__(self):
        self.lines: list[str] = []

    def write_sep(self, sep, title):
        self.lines.append(title)

    def write_line(self, line):
        self.lines.append(line)


def test_seconds_cpu_and_tests_are_summed_per_file_slowest_first(tmp_path):
    recorder = durations.Recorder()
    reports = [
        _report("tests/a/test_x.py::test_one", "setup", 4.0, "gw0"),
        _report("tests/a/test_x.py::test_one", "call", 1.0, "gw0"),
        _report("tests/a/test_x.py::test_one", "teardown", 0.5, "gw0", cpu=2.5),
        _report("tests/a/test_x.py::test_two[1]", "call", 0.5, "gw0"),
        _report("tests/a/test_x.py::test_two[1]", "teardown", 0.0, "gw0", cpu=0.25),
        _report("tests/b/test_y.py::test_three", "setup", 0.2, "gw1", outcome="skipped"),
        _report("tests/b/test_y.py::test_three", "teardown", 0.1, "gw1", cpu=0.0),
        _report("tests/b/test_z.py::test_four", "call", 9.0, "gw1"),
        _report("tests/b/test_z.py::test_four", "teardown", 0.0, "gw1", cpu=8.0),
    ]
    for report in reports:
        recorder.add(report)
    terminal = _Terminal()
    recorder.report(str(tmp_path / "durations.tsv"), terminal)

    rows = [line.split("\t") for line in (tmp_path / "durations.tsv").read_text().splitlines()]
    assert rows[0] == ["seconds", "cpu_seconds", "share", "tests", "worker", "file"]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("9.0", "8.0", "1", "gw1", "tests/b/test_z.py"),
        ("6.0", "2.8", "2", "gw0", "tests/a/test_x.py"),
        ("0.3", "0.0", "1", "gw1", "tests/b/test_y.py"),
    ]
    assert "gw0: busy 6 s" in " ".join(terminal.lines)
    assert any(line.startswith("gw1: busy 9 s") for line in terminal.lines)


def test_a_recorder_only_where_the_reports_arrive_and_with_the_variable(monkeypatch, tmp_path):
    monkeypatch.setattr(durations, "_RECORDER", [])
    monkeypatch.delenv(durations.ENV, raising=False)
    durations.pytest_sessionstart(SimpleNamespace(config=SimpleNamespace()))
    assert durations._RECORDER == []
    monkeypatch.setenv(durations.ENV, str(tmp_path / "d.tsv"))
    worker = SimpleNamespace(config=SimpleNamespace(workerinput={"workerid": "gw0"}))
    durations.pytest_sessionstart(worker)
    assert durations._RECORDER == []  # a pytest-xdist worker sends its reports on
    durations.pytest_sessionstart(SimpleNamespace(config=SimpleNamespace()))
    assert len(durations._RECORDER) == 1
