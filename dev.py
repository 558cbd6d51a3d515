#!/usr/bin/env python3
"""Styrsam's two commands for a fresh machine with only python3.

    python3 dev.py demo     # the demo municipality on http://127.0.0.1:8000/ (SQLite)
    python3 dev.py test     # the whole test suite (unit, API, browser + accessibility)
    python3 dev.py lock     # refresh requirements/constraints.txt from pyproject.toml

It creates .venv, installs the pinned dependencies (requirements/constraints.txt) and, for the
tests, Debian's chromium when run as root; otherwise it says exactly what to install.
Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
MARKER = VENV / ".styrsam-installed"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"[styrsam] {message}", flush=True)


def fail(message: str) -> None:
    print(f"[styrsam] FEL / ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


def run(cmd: list[str], **kwargs) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)


def check_python() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any python3
        fail(
            f"Python 3.11 eller senare krävs (du har {sys.version.split()[0]}). Installera: apt-get install python3"
        )


def ensure_venv() -> None:
    if PY.exists():
        return
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        fail(
            "Pythons venv-modul saknas. Installera den: apt-get install python3-venv  (sedan kör kommandot igen)"
        )
    say(f"skapar virtuell miljö i {VENV}")
    if run([sys.executable, "-m", "venv", VENV]) != 0:
        fail("kunde inte skapa .venv. Installera: apt-get install python3-venv python3-pip")


def ensure_dependencies() -> None:
    ensure_venv()
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()
    ).hexdigest()
    if MARKER.exists() and MARKER.read_text().strip() == digest:
        return
    say("installerar beroenden (låsta versioner från requirements/constraints.txt)")
    code = run(
        [
            PY,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            CONSTRAINTS,
            "-e",
            ".[test]",
        ]
    )
    if code != 0:
        fail(
            "pip install misslyckades; se utskriften ovan. Nätåtkomst till PyPI krävs första gången."
        )
    MARKER.write_text(digest)


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installerar Debians chromium för webbläsartesterna (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if (
            run(["apt-get", "update", "-qq"], env=env) == 0
            and run(["apt-get", "install", "-y", "-qq", "chromium"], env=env) == 0
            and CHROMIUM.exists()
        ):
            return
    fail(
        "Chromium saknas för webbläsartesterna. Installera som root: apt-get install chromium  "
        "(the browser tests need Debian's chromium at /usr/bin/chromium)"
    )


def cmd_demo(args: list[str]) -> int:
    ensure_dependencies()
    os.environ.pop("DATABASE_URL", None)  # the demo is the embedded SQLite municipality
    return run([BIN / "styrsam", "demo", *args])


def cmd_test(args: list[str]) -> int:
    ensure_dependencies()
    ensure_chromium()
    workers = os.environ.get("STYRSAM_TEST_WORKERS", "2")
    db = os.environ.get("DATABASE_URL", "SQLite (inbäddad)")
    say(f"kör testsviten mot {db.split('@')[-1]} med {workers} parallella processer")
    code = run([PY, "-m", "pytest", "-n", workers, "--dist", "loadfile", *args])
    if code == 5:
        say("pytest hittade inga tester: det räknas som ett fel")
        return 1
    return code


def cmd_lock(args: list[str]) -> int:
    """Resolve pyproject.toml's ranges afresh in a throwaway venv and pin the result."""
    with tempfile.TemporaryDirectory() as tmp:
        if run([sys.executable, "-m", "venv", tmp]) != 0:
            fail("kunde inte skapa en tillfällig venv")
        tmp_py = Path(tmp) / "bin" / "python"
        if run([tmp_py, "-m", "pip", "install", "--quiet", ".[test]"]) != 0:
            fail("pip install misslyckades")
        frozen = subprocess.check_output(
            [str(tmp_py), "-m", "pip", "freeze", "--exclude-editable"], cwd=ROOT, text=True
        )
    lines = [
        line for line in frozen.splitlines() if line and not line.startswith(("-e", "styrsam"))
    ]
    CONSTRAINTS.write_text(
        "# Generated by `python3 dev.py lock`; do not edit by hand.\n" + "\n".join(lines) + "\n"
    )
    say(f"skrev {CONSTRAINTS.relative_to(ROOT)} ({len(lines)} paket)")
    return 0


COMMANDS = {"demo": cmd_demo, "test": cmd_test, "lock": cmd_lock}


def main() -> int:
    check_python()
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
