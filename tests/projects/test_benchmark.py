"""``styrsam manage benchmark_projects`` (docs/performance.md) measures every page of the
portfolio against the bare-Django baseline of the same run, and leaves nothing behind."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from styrsam.projects.models import Project

pytestmark = pytest.mark.django_db


def test_benchmark_measures_the_portfolio_and_rolls_back(policy):
    out = io.StringIO()
    call_command("benchmark_projects", "--projects", "30", "--runs", "1", stdout=out)
    text = out.getvalue()
    assert "Baslinje (Django-vy som svarar 'ok'" in text
    pages = [line for line in text.splitlines() if "× baslinjen" in line]
    assert len(pages) == 8
    assert all(line.endswith("status 200") for line in pages), text
    assert "Genererade data är borttagna (rollback)." in text
    assert not Project.objects.exists()
