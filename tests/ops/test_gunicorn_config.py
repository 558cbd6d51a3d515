"""gunicorn's configuration of Styrsam's servers (styrsam/ops/gunicorn_config.py,
docs/decisions/0023): each worker freezes the objects of its start-up (``gc.freeze()``),
after collecting the start-up's garbage; ``styrsam serve``, the systemd unit and the
Containerfile run gunicorn with it."""

from __future__ import annotations

import gc
import sys
import types
import weakref
from pathlib import Path

import pytest

from styrsam import cli
from styrsam.ops import gunicorn_config

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = "python:styrsam.ops.gunicorn_config"


class _Cycle:
    def __init__(self):
        self.me = self


class _Log:
    def __init__(self):
        self.lines = []

    def debug(self, message, *args):
        self.lines.append(message % args)


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test run collects as before


def test_a_worker_freezes_its_start_up_after_collecting_its_garbage(unfrozen):
    garbage = _Cycle()  # unreachable once deleted: only a collection frees a cycle
    dead_before = weakref.ref(garbage)
    del garbage
    worker = types.SimpleNamespace(log=_Log())
    assert gc.get_freeze_count() == 0

    gunicorn_config.post_worker_init(worker)

    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Django, the apps, the URLconf's modules
    assert dead_before() is None  # collected, not frozen
    assert worker.log.lines == [f"gc.freeze(): {frozen} objects of the start-up frozen"]
    assert "styrsam.systems.views" in sys.modules  # the URLconf was imported first
    # garbage made after the freeze is still collected
    later = _Cycle()
    dead_later = weakref.ref(later)
    del later
    gc.collect()
    assert dead_later() is None


def test_gunicorn_takes_the_hook_from_the_config_module(monkeypatch):
    from gunicorn.app.wsgiapp import WSGIApplication

    monkeypatch.setattr(sys, "argv", ["gunicorn", "--config", CONFIG, "styrsam.wsgi:application"])
    app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
    assert app.cfg.post_worker_init is gunicorn_config.post_worker_init


def test_styrsam_serve_runs_gunicorn_with_the_config(monkeypatch):
    monkeypatch.setenv("STYRSAM_ENV", "production")
    monkeypatch.setattr(sys, "argv", ["styrsam", "serve"])
    managed, started = [], []
    monkeypatch.setattr(cli, "_manage", managed.append)
    import gunicorn.app.wsgiapp

    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: started.append(list(sys.argv)))

    assert cli.cmd_serve(types.SimpleNamespace(bind="127.0.0.1:8123", workers=5)) == 0

    assert managed == [["migrate", "--no-input"], ["collectstatic", "--no-input", "-v", "0"]]
    assert started == [
        ["gunicorn", "styrsam.wsgi:application", "--config", CONFIG]
        + ["--bind", "127.0.0.1:8123", "--workers", "5"]
    ]


@pytest.mark.parametrize("path", ["deploy/systemd/styrsam@.service", "deploy/Containerfile"])
def test_the_deployed_servers_run_gunicorn_with_the_config(path):
    text = (PROJECT / path).read_text(encoding="utf-8")
    assert text.count("gunicorn styrsam.wsgi:application") == 1
    assert text.count(f"--config {CONFIG}") == 1


@pytest.mark.parametrize(("value", "workers"), [(None, "3"), ("", "3"), ("5", "5")])
def test_styrsam_serve_takes_its_workers_from_the_environment(monkeypatch, value, workers):
    monkeypatch.setattr(sys, "argv", ["styrsam", "serve"])  # cmd_serve sets gunicorn's
    if value is None:
        monkeypatch.delenv("STYRSAM_WORKERS", raising=False)
    else:
        monkeypatch.setenv("STYRSAM_WORKERS", value)
    monkeypatch.setenv("STYRSAM_ENV", "production")
    monkeypatch.setattr(cli, "_manage", lambda args: None)
    import gunicorn.app.wsgiapp

    started = []
    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: started.append(list(sys.argv)))
    assert cli.main(["serve"]) == 0
    assert started[0][-2:] == ["--workers", workers]


@pytest.mark.parametrize("value", ["tre", "0", "-1", "2²"])
def test_styrsam_serve_refuses_workers_that_are_not_a_whole_number_before_it_migrates(
    monkeypatch, value
):
    """A mistyped STYRSAM_WORKERS stops `styrsam serve` with the variable's name, before it
    migrates or collects anything (it was a ValueError traceback from every command)."""
    monkeypatch.setenv("STYRSAM_WORKERS", value)
    monkeypatch.setattr(sys, "argv", ["styrsam", "serve"])
    managed = []
    monkeypatch.setattr(cli, "_manage", managed.append)
    import gunicorn.app.wsgiapp

    monkeypatch.setattr(gunicorn.app.wsgiapp, "run", lambda: None)  # never a real server
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve"])
    assert (
        str(stopped.value)
        == f"STYRSAM_WORKERS ska vara ett heltal från 1 och uppåt, inte {value!r}."
    )
    assert managed == []
    # every other command starts as before
    monkeypatch.setattr(cli, "cmd_rules", lambda args: 0)
    assert cli.main(["rules"]) == 0
