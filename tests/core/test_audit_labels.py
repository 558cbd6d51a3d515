"""Every action the services write to the audit log has a Swedish name for the history tabs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from styrsam.core.audit_labels import action_label, known_actions
from styrsam.servicedesk.models import Order

SOURCE = Path(__file__).resolve().parents[2] / "styrsam"
LITERAL = re.compile(r'"((?:[a-z_]+)\.(?:[a-z_]+))"')


def _written_actions() -> set[str]:
    """Action codes as they stand in the services: ``action="x.y"`` and the codes passed on to
    a helper (``"case.decide"``, ``action="a" if … else "b"``), plus ``order.<status>``."""
    codes = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "migrations" in path.parts or "audit_record" not in text and "_audit(" not in text:
            continue
        for line in text.splitlines():
            if "action" in line or "_audit(" in line:
                codes.update(LITERAL.findall(line))
    codes.update(f"order.{status}" for status in Order.Status.values if status != "draft")
    return codes


def test_every_written_action_has_a_swedish_label():
    written = _written_actions()
    assert {"case.decide", "minutes.lock", "rent.run", "system.register"} <= written
    assert written - set(known_actions()) == set()


@pytest.mark.parametrize(("code", "label"), [("case.decide", "Beslut fattat"), ("x.y", "x.y")])
def test_label_or_the_code_itself(code, label):
    assert action_label(code) == label
