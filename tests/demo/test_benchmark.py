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
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "frozen": 198372,
    }
    assert server_note(server) == (
        "The server ran the production settings (`STYRSAM_ENV=production`, plain HTTP on the "
        "loopback without the redirect to HTTPS): DEBUG off, template loader `cached`, "
        "`CONN_MAX_AGE` 60 with health checks on, static files from "
        "`CompressedManifestStaticFilesStorage`, gunicorn's configuration of `styrsam serve` "
        "(198,372 objects of a worker's start-up frozen by `gc.freeze()`)."
    )
    assert "DEBUG on, template loader Django’s default" in server_note(
        {**server, "debug": True, "loaders": []}
    )


def test_the_in_process_measurement_runs_frozen_and_unfreezes_after():
    import gc

    from styrsam.demo.benchmark.run import frozen_start_up

    gc.unfreeze()
    with frozen_start_up():
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
