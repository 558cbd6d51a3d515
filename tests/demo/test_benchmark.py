"""``styrsam manage benchmark`` (issue 18, docs/performance.md): the smoke test runs the
small scale on the test database (SQLite and PostgreSQL) without timing anything — every page,
detail page and API list answers as expected, enough of them are found, and nothing is left
behind."""

from __future__ import annotations

import io
import json
import os

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
    figures, earlier = tmp_path / "small.json", tmp_path / "earlier.json"
    earlier.write_text(json.dumps({**THERE, "scale": "fake", "rows": []}), encoding="utf-8")
    call_command(
        command, "--scale", "small", "--runs", "0", "--write", str(target),
        "--json", str(figures), "--compare", str(earlier),
    )  # fmt: skip
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
    # --json: the raw figures of every pair; --compare: a growth table (here of nothing)
    written = json.loads(figures.read_text(encoding="utf-8"))
    assert (written["scale"], written["runs"], written["personas"]) == (
        "small",
        0,
        command.personas,
    )
    assert written["rows"] == [
        {k: r[k] for k in ("kind", "name", "url", "persona", "status", "queries", "median", "p95")}
        | {"cpu": None, "runs": None}
        for r in rows
    ]
    assert (
        "**0 of 0** page × persona pairs and **0 of 0** API list × persona pairs grow at most "
        "1.5× from the scale `fake` (below)." in text
    )
    assert "| `/system/` (systems:system_list) | not measured there | not measured there |" in text
    # rolled back: neither the demo nor the generated data are left
    assert not OrgUnit.objects.exists()
    assert not get_user_model().objects.filter(username__startswith=PREFIX).exists()


@pytest.mark.django_db
def test_benchmark_refuses_a_database_with_an_organisation(policy, department):
    with pytest.raises(CommandError, match="tom databas"):
        call_command("benchmark", "--scale", "small", "--runs", "0", stdout=io.StringIO())
    assert OrgUnit.objects.count() == 1


def test_benchmark_refuses_a_figures_file_it_cannot_read(tmp_path):
    broken = tmp_path / "tenth.json"
    broken.write_text("{", encoding="utf-8")
    for path in (broken, tmp_path / "missing.json"):
        with pytest.raises(CommandError, match="Kan inte läsa"):
            call_command("benchmark", "--compare", str(path), stdout=io.StringIO())


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


# --- the load test's server (styrsam/demo/benchmark/server_settings.py, load.py) -------------

_SETTINGS_PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "TEMPLATES": settings.TEMPLATES,
    "DATABASE": {k: settings.DATABASES["default"][k]
                 for k in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
    "STORAGES": settings.STORAGES,
    "MIDDLEWARE": settings.MIDDLEWARE,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ROOT_URLCONF": settings.ROOT_URLCONF,
    "STATIC_ROOT": str(settings.STATIC_ROOT),
}, default=str))
"""


def _settings_of(env: dict) -> dict:
    import json
    import subprocess
    import sys

    done = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", _SETTINGS_PROBE], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_load_test_server_runs_the_production_settings_over_plain_http(tmp_path):
    import os

    from styrsam.demo.benchmark.load import server_env

    secret = "k" * 60
    # what the benchmark's own process may have in its environment changes nothing
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    base.update(STYRSAM_ENV="development", DEBUG="1", STYRSAM_DATA_DIR=str(tmp_path))
    base.pop("DB_CONN_MAX_AGE", None)
    server = _settings_of(
        {**base, **server_env(secret_key=secret, static_root=str(tmp_path / "static"))}
    )
    production = _settings_of(
        {
            **base,
            "DJANGO_SETTINGS_MODULE": "styrsam.settings",
            "STYRSAM_ENV": "production",
            "DEBUG": "0",
            "SECRET_KEY": secret,
        }  # fmt: skip
    )

    assert server["DEBUG"] is False
    assert server["TEMPLATES"][0]["OPTIONS"]["loaders"] == [
        [
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        ]
    ]
    assert server["DATABASE"]["CONN_MAX_AGE"] == 60
    assert server["DATABASE"]["CONN_HEALTH_CHECKS"] is True
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in server["MIDDLEWARE"]
    assert server["STATIC_ROOT"] == str(tmp_path / "static")
    # the same values production gets, but for plain HTTP on the loopback and the URLconf
    for key in ("DEBUG", "TEMPLATES", "DATABASE", "STORAGES", "MIDDLEWARE"):
        assert server[key] == production[key], key
    assert server["SESSION_COOKIE_SECURE"] is True
    assert server["SECURE_HSTS_SECONDS"] == production["SECURE_HSTS_SECONDS"] == 31536000
    assert (server["SECURE_SSL_REDIRECT"], production["SECURE_SSL_REDIRECT"]) == (False, True)
    assert server["ALLOWED_HOSTS"] == ["127.0.0.1"]
    assert server["ROOT_URLCONF"] == "styrsam.demo.benchmark.baseline_urls"


@pytest.mark.django_db
def test_the_server_says_what_it_runs(client, it_strategist, settings):
    import gc

    settings.ROOT_URLCONF = "styrsam.demo.benchmark.baseline_urls"
    assert client.get("/server-configuration/").status_code == 403
    client.force_login(it_strategist)
    answer = client.get("/server-configuration/")
    assert answer.status_code == 200
    from django.db import connection

    assert answer.json() == {
        "debug": settings.DEBUG,
        "loaders": [],  # the test run's settings name none: Django's default
        "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
        "conn_health_checks": connection.settings_dict["CONN_HEALTH_CHECKS"],
        "prepare_threshold": connection.settings_dict["OPTIONS"].get("prepare_threshold"),
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "frozen": gc.get_freeze_count(),
    }
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "APP_DIRS": False,
         "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"],
                     "loaders": [("django.template.loaders.cached.Loader",
                                  ["django.template.loaders.app_directories.Loader"])]}}
    ]  # fmt: skip
    assert client.get("/server-configuration/").json()["loaders"] == [
        "django.template.loaders.cached.Loader"
    ]


def test_the_report_says_what_the_load_test_server_ran():
    from styrsam.demo.benchmark.report import server_note

    server = {
        "debug": False,
        "loaders": ["django.template.loaders.cached.Loader"],
        "conn_max_age": 60,
        "conn_health_checks": True,
        "prepare_threshold": 3,
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "frozen": 198372,
    }
    assert server_note(server) == (
        "The server ran the production settings (`STYRSAM_ENV=production`, plain HTTP on the "
        "loopback without the redirect to HTTPS): DEBUG off, template loader `cached`, "
        "`CONN_MAX_AGE` 60 with health checks on, a query prepared after 3 runs on a "
        "connection (`DB_PREPARE_THRESHOLD`), static files from "
        "`CompressedManifestStaticFilesStorage`, gunicorn's configuration of `styrsam serve` "
        "(198,372 objects of a worker's start-up frozen by `gc.freeze()`)."
    )
    assert "DEBUG on, template loader Django’s default" in server_note(
        {**server, "debug": True, "loaders": []}
    )
    assert "health checks on, no prepared statements, static" in server_note(
        {**server, "prepare_threshold": None}
    )


def test_the_in_process_measurement_runs_frozen_and_unfreezes_after():
    import gc

    from styrsam.demo.benchmark.run import frozen_start_up

    gc.unfreeze()
    with frozen_start_up():
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0


# --- growth from a tenth of the data to the whole (--json, --compare) ----------------------


def _info(**changes) -> dict:
    info = {
        "command": "styrsam manage benchmark --scale stockholm2 --runs 8 --keep --no-load",
        "started": "2026-12-01 10:30",
        "finished": "10:50",
        "load_before": "0.5 0.4 0.3",
        "load_after": "1.1 0.9 0.6",
        "scale": "stockholm2",
        "seed": 1,
        "runs": 8,
        "machine": "2 CPUs, Linux x86_64",
        "database": "PostgreSQL 15.20",
        "conn_max_age": 0,
        "note": "",
        "generated": "an earlier run (`--keep`)",
        "totals": ["60,049 people"],
        "baselines": [
            {
                "label": "bare view",
                "url": "/bare/",
                "status": 200,
                "queries": 2,
                "median": 6.0,
                "p95": 8.0,
                "p90": 7.0,
                "cpu": 5.0,
                "runs": 8,
            },
        ],  # fmt: skip
        "rent": [],
        "load": [],
        "load_note": "Not run (`--no-load`).",
    }
    return {**info, **changes}


def _row(kind, name, url, persona, status, queries, median, p95=None) -> dict:
    return {"kind": kind, "name": name, "url": url, "persona": persona, "status": status,
            "queries": queries, "median": median, "p95": p95 or median,
            "cpu": median and median / 2, "runs": 8}  # fmt: skip


PERSONAS = ["IT-strateg", "Verksamhetschef"]
HERE = [
    _row("sida", "systems:system_list", "/system/", "IT-strateg", 200, 9, 45.0),
    _row("sida", "systems:system_list", "/system/", "Verksamhetschef", 200, 8, 30.0),
    # the wall time tripled, the CPU time (2 ms there) did not: the load, not the data
    {**_row("sida", "cases:decision_list", "/beslut/", "IT-strateg", 200, 7, 12.0), "cpu": 2.5},
    _row("sida", "cases:decision_list", "/beslut/", "Verksamhetschef", 403, 4, None),
    _row("detaljsida", "systems:system_detail", "/system/3001/", "IT-strateg", 200, 11, 20.0),
    _row("detaljsida", "systems:system_detail", "/system/3001/", "Verksamhetschef", 404, 5, None),
    _row("API", "api:system-list", "/api/v1/systems/", "IT-strateg", 200, 6, 16.0),
    _row("API", "api:system-list", "/api/v1/systems/", "Verksamhetschef", 200, 6, 15.0),
]
# the same pages at a tenth of the data (another id for the detail page: the URL name pairs)
THERE = {
    "command": "styrsam manage benchmark --scale tenth --runs 8 --keep --no-load",
    "started": "2026-12-01 10:20",
    "finished": "10:29",
    "load_before": "0.4 0.3 0.3",
    "load_after": "0.9 0.7 0.5",
    "scale": "tenth",
    "seed": 1,
    "runs": 8,
    "baselines": [
        {
            "label": "bare view",
            "url": "/bare/",
            "status": 200,
            "queries": 2,
            "median": 5.0,
            "p95": 7.0,
        }
    ],  # fmt: skip
    "personas": PERSONAS,
    "rows": [
        _row("sida", "systems:system_list", "/system/", "IT-strateg", 200, 9, 30.0),
        _row("sida", "systems:system_list", "/system/", "Verksamhetschef", 200, 7, 24.0),
        _row("sida", "cases:decision_list", "/beslut/", "IT-strateg", 200, 7, 4.0),
        _row("sida", "cases:decision_list", "/beslut/", "Verksamhetschef", 403, 4, None),
        _row("detaljsida", "systems:system_detail", "/system/301/", "IT-strateg", 200, 11, 8.0),
        _row("API", "api:system-list", "/api/v1/systems/", "IT-strateg", 200, 6, 16.0),
        _row("API", "api:system-list", "/api/v1/systems/", "Verksamhetschef", 200, 6, 10.0),
    ],
    "file": "tenth.json",
}


def test_growth_pairs_divide_the_medians_and_subtract_the_queries():
    from styrsam.demo.benchmark.report import growth_pairs

    pairs = {(p["name"], p["persona"]): p for p in growth_pairs(HERE, THERE)}
    assert len(pairs) == len(HERE)
    system = pairs[("systems:system_list", "IT-strateg")]
    assert (system["factor"], system["more_queries"], system["warn"]) == (1.5, 0, False)
    head = pairs[("systems:system_list", "Verksamhetschef")]
    assert (head["factor"], head["more_queries"], head["warn"]) == (1.25, 1, True)
    decisions = pairs[("cases:decision_list", "IT-strateg")]
    assert (decisions["factor"], decisions["cpu_factor"], decisions["warn"]) == (3.0, 1.25, True)
    forbidden = pairs[("cases:decision_list", "Verksamhetschef")]
    assert (forbidden["factor"], forbidden["more_queries"], forbidden["warn"]) == (None, 0, False)
    detail = pairs[("systems:system_detail", "IT-strateg")]
    assert (detail["factor"], detail["there"]["url"]) == (2.5, "/system/301/")
    assert pairs[("systems:system_detail", "Verksamhetschef")]["there"] is None
    assert pairs[("api:system-list", "Verksamhetschef")]["factor"] == 1.5


def test_the_report_lists_every_pair_with_its_growth_and_marks_over_1_5_or_more_queries():
    from styrsam.demo.benchmark.report import markdown

    text = markdown(_info(compare=THERE), HERE, PERSONAS)
    lines = text.splitlines()
    assert (
        "**4 of 4** page × persona pairs and **2 of 2** API list × persona pairs meet every goal."
        " **2 of 4** page × persona pairs and **2 of 2** API list × persona pairs grow at most "
        "1.5× from the scale `tenth` (below)."
    ) in lines
    assert "### Growth from the scale `tenth`" in lines
    assert "Compared with `tenth.json`: `styrsam manage benchmark --scale tenth --runs 8" in text
    assert "⚠ marks a growth over 1.5× or a query count that grew" in text
    assert (
        "The baselines' growth (the noise between the two runs): bare view 5.0 → 6.0 ms (1.20×)."
        in text
    )
    assert (
        "**2 of 4** page × persona pairs and **2 of 2** API list × persona pairs timed in both "
        "runs grow at most 1.5×; pairs with more queries here: 1. By the median CPU time of "
        "the Django process, which depends less on the machine's load (but leaves out the "
        "database server's time): **3 of 4** and **2 of 2**."
    ) in lines
    assert (
        "| `/system/` (systems:system_list) | 1.50× (30 → 45 ms) · +0 q | "
        "1.25× (24 → 30 ms) · +1 q ⚠ |"
    ) in lines
    assert "| `/beslut/` (cases:decision_list) | **3.00×** ⚠ (4 → 12 ms) · +0 q | 403 |" in lines
    assert (
        "| `/system/3001/` (systems:system_detail) | **2.50×** ⚠ (8 → 20 ms) · +0 q | "
        "not measured there |"
    ) in lines
    assert (
        "| `/api/v1/systems/` (api:system-list) | 1.00× (16 → 16 ms) · +0 q | "
        "1.50× (10 → 15 ms) · +0 q |"
    ) in lines
    largest = lines[lines.index("#### Largest growth") + 6 :][:5]
    assert largest == [
        "| `/beslut/` | IT-strateg | 3.00× | 4 → 12 ms | 2 → 2 ms | 7 → 7 |",
        "| `/system/3001/` | IT-strateg | 2.50× | 8 → 20 ms | 4 → 10 ms | 11 → 11 |",
        "| `/system/` | IT-strateg | 1.50× | 30 → 45 ms | 15 → 22 ms | 9 → 9 |",
        "| `/api/v1/systems/` | Verksamhetschef | 1.50× | 10 → 15 ms | 5 → 8 ms | 6 → 6 |",
        "| `/system/` | Verksamhetschef | 1.25× | 24 → 30 ms | 12 → 15 ms | 7 → 8 |",
    ]
    cpu = lines[lines.index("#### Largest growth of the CPU time") + 4 :][:2]
    assert cpu == [
        "| `/system/3001/` | IT-strateg | 2.50× | 8 → 20 ms | 4 → 10 ms | 11 → 11 |",
        "| `/system/` | IT-strateg | 1.50× | 30 → 45 ms | 15 → 22 ms | 9 → 9 |",
    ]
    # without --compare the report is what it was
    assert "Growth" not in markdown(_info(), HERE, PERSONAS)
    assert "grow at most" not in markdown(_info(), HERE, PERSONAS)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="the CPU is read from Linux's /proc")
def test_the_load_test_reads_the_cpu_time_of_the_servers_workers_from_proc():
    """Issue 18: the load test says, per request, how much CPU the server's workers and
    PostgreSQL used: which side a page's cost is on. A child of the "server" that burns
    0.3 s of CPU is counted to the workers; its parent's other processes are not."""
    import subprocess
    import sys

    from styrsam.demo.benchmark.load import cpu_seconds

    burn = (
        "import time\n"
        "start = time.process_time()\n"
        "while time.process_time() - start < 0.3: pass\n"
        "print('burnt', flush=True)\n"
        "time.sleep(60)\n"
    )
    before = cpu_seconds(os.getpid())[0]
    child = subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert child.stdout.readline() == "burnt\n"
        workers, _postgres = cpu_seconds(os.getpid())
        assert 0.28 <= workers - before < 5
        assert cpu_seconds(child.pid)[0] == 0  # it has no children of its own
    finally:
        child.kill()
        child.wait()


def test_the_load_table_shows_the_cpu_per_request_of_server_and_database():
    from styrsam.demo.benchmark.report import markdown

    load = [
        {"label": "bare view", "path": "/bare/", "requests": 200, "ok": 200,
         "per_second": 300.0, "median": 11.0, "p95": 21.0,
         "server_cpu": 5.04, "database_cpu": 0.66},
        {"label": "bare view, 50 systems", "path": "/bare-systems/", "requests": 200,
         "ok": 200, "per_second": 120.0, "median": 28.0, "p95": 44.0,
         "server_cpu": 12.46, "database_cpu": 0.93},
        {"label": "start page", "path": "/", "requests": 120, "ok": 120, "per_second": 30.0,
         "median": 130.0, "p95": 180.0},
    ]  # fmt: skip
    lines = markdown(_info(load=load, load_note="Ran."), [], PERSONAS).splitlines()
    assert (
        "| request | requests | 200 | req/s | share of the 50-systems baseline | median | p95 "
        "| CPU per request: server · PostgreSQL |"
    ) in lines
    assert (
        "| bare view, 50 systems `/bare-systems/` | 200 | 200 | 120.0 | 100% | 28 ms | 44 ms "
        "| 12.5 ms · 0.9 ms |"
    ) in lines
    # a run without /proc says so instead of a number
    assert "| start page `/` | 120 | 120 | 30.0 | 25% | 130 ms | 180 ms | not measured |" in lines


def test_without_proc_the_load_test_reads_no_cpu(monkeypatch):
    """Not Linux: no figure rather than a 0 (the table then says "not measured")."""
    from styrsam.demo.benchmark import load

    real_isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda path: path != "/proc" and real_isdir(path))
    assert load.cpu_seconds(os.getpid()) is None
    assert load._processes() == []
