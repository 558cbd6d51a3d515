"""``styrsam manage benchmark`` (issue 18, docs/performance.md): the smoke test runs the
small scale on the test database (SQLite and PostgreSQL) without timing anything — every page,
detail page and API list answers as expected, enough of them are found, and nothing is left
behind."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from styrsam.demo.benchmark.data import PREFIX
from styrsam.demo.benchmark.report import END, START, write_section
from styrsam.demo.management.commands.benchmark import Command
from styrsam.organisation.models import OrgUnit

# 403: the persona may not open it; 404: an object the persona may not see, or a page that
# needs a parameter; 405: an endpoint that only accepts POST.
EXPECTED = {200, 403, 404, 405}


@pytest.mark.once  # about a CPU-minute: the smoke run says the same on both databases
@pytest.mark.django_db
def test_benchmark_small_answers_every_page_and_leaves_nothing_behind(tmp_path, report_count):
    command = Command(stdout=io.StringIO())
    target = tmp_path / "performance.md"
    target.write_text(f"# Performance\n\n{START}\nold\n{END}\n\n## After\n", encoding="utf-8")
    call_command(command, "--scale", "small", "--runs", "0", "--write", str(target))
    rows = command.rows
    assert len(command.personas) == 3, command.personas
    wrong = [(r["url"], r["persona"], r["status"]) for r in rows if r["status"] not in EXPECTED]
    assert wrong == []
    kinds = {
        kind: {r["url"] for r in rows if r["kind"] == kind} for kind in {r["kind"] for r in rows}
    }
    answered = {r["url"] for r in rows if r["status"] == 200}
    report_count(
        f"{len(kinds['sida'])} sidor, {len(kinds['detaljsida'])} detaljsidor och "
        f"{len(kinds['API'])} API-listor mätta som {len(command.personas)} personer"
    )
    assert len(kinds["sida"]) >= 60
    assert len(kinds["detaljsida"]) >= 12
    assert len(kinds["API"]) >= 30
    # the IT strategist opens every detail page found and every API list but POST-only ones
    strategist = command.personas[0]
    assert all(
        r["status"] == 200 for r in rows if r["persona"] == strategist and r["kind"] == "detaljsida"
    )
    assert len(answered) >= 100
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\n" + START) and text.endswith(END + "\n\n## After\n")
    assert "old" not in text and "| `/system/` (systems:system_list) |" in text
    # rolled back: neither the demo nor the generated data are left
    assert not OrgUnit.objects.exists()
    assert not get_user_model().objects.filter(username__startswith=PREFIX).exists()


@pytest.mark.django_db
def test_benchmark_refuses_a_database_with_an_organisation(policy, department):
    with pytest.raises(CommandError, match="tom databas"):
        call_command("benchmark", "--scale", "small", "--runs", "0", stdout=io.StringIO())
    assert OrgUnit.objects.count() == 1


def test_write_section_appends_the_markers_to_a_file_without_them(tmp_path):
    target = tmp_path / "performance.md"
    target.write_text("# Performance\n", encoding="utf-8")
    write_section(target, f"{START}\nnew\n{END}\n")
    assert target.read_text(encoding="utf-8") == f"# Performance\n\n{START}\nnew\n{END}\n"


def test_every_export_is_found_in_both_formats():
    from styrsam.demo.benchmark.targets import export_targets

    urls = [t.url for t in export_targets()]
    assert "/system/export.csv" in urls and "/system/export.xlsx" in urls
    assert len(urls) >= 40 and len(urls) == len(set(urls))
    assert sum(u.endswith(".csv") for u in urls) == sum(u.endswith(".xlsx") for u in urls)
