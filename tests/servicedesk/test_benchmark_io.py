"""``styrsam manage benchmark_io`` (docs/performance.md, issue 18) times the register import
and re-import (CSV and Excel) and the exports of the people, asset and order lists beside the
bare-Django baselines of the same run, and leaves nothing behind. A small scale: no timing
asserts, the figures are for people."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from styrsam.core.models import AuditEntry
from styrsam.rental.models import RentedAsset
from styrsam.servicedesk.models import Order
from styrsam.systems.models import System

pytestmark = pytest.mark.django_db


def test_benchmark_io_imports_exports_and_rolls_back(policy):
    audit = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("benchmark_io", "--systems", "6", "--rows", "30", stdout=out)
    text = out.getvalue()
    assert "Baslinje: Django-vy som svarar 'ok'" in text
    imports = [line for line in text.splitlines() if "av 6 system" in line]
    assert len(imports) == 4, text
    assert "nya 6, ändrade 0, oförändrade 0, fel 0" in imports[0]
    assert "nya 0, ändrade 0, oförändrade 6, fel 0" in imports[1]
    exports = [line for line in text.splitlines() if line.startswith("Export ")]
    assert len(exports) == 5, text
    assert "Export utrustning csv" in text and "30 rader" in text
    assert "Export beställningar csv" in text and "10 rader" in text
    assert "status" not in "".join(exports)  # every export answered 200
    # the CPU time of the process beside the wall clock (a loaded machine's fair figure)
    assert all("(CPU " in line for line in imports + exports), text
    assert "Genererade data är borttagna (rollback)." in text
    assert not System.objects.exists() and not RentedAsset.objects.exists()
    assert not Order.objects.exists() and AuditEntry.objects.count() == audit
