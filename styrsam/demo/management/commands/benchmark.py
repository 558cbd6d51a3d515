"""The project's own benchmark (issue 18, docs/performance.md):

    styrsam manage benchmark --scale stockholm2 --keep --write docs/performance.md
    styrsam manage benchmark --scale small          # a smoke test, rolled back

The growth from a tenth of the data to the whole (issue 18), two runs back to back, each on
its own database: the first writes its raw figures, the second compares with them::

    styrsam manage benchmark --scale tenth --keep --json /tmp/tenth.json
    styrsam manage benchmark --scale stockholm2 --keep --compare /tmp/tenth.json --write …

Loads the demo municipality and adds the scale's data in bulk (``demo/benchmark/data.py``,
seeded), then measures every page, one detail page per kind and every API list as three
personas beside the bare-Django baselines, the rent run, and a loopback load test
(``demo/benchmark/run.py``, ``load.py``); prints the table and with ``--write`` puts it in a
Markdown file between ``<!-- benchmark:start -->`` and ``<!-- benchmark:end -->``.

Without ``--keep`` everything happens in one transaction that is rolled back (the load test,
which needs a server of its own to see the data, is then left out); the database must be
empty. With ``--keep`` the data are committed on an empty, throwaway database and reused by
the next run with ``--keep``."""

from __future__ import annotations

import datetime
import json
import os
import platform
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.test.utils import override_settings

from styrsam.cases.models import Case, Consultation, Decision
from styrsam.core.benchmark import Rollback
from styrsam.demo.benchmark import data, report, run
from styrsam.demo.loader import load_demo
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import RentedAsset
from styrsam.servicedesk.models import Order, OrderApproval
from styrsam.systems.models import System

RUNS = {"small": 2, "tenth": 10, "stockholm2": 10}


def _quiet():
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",  # the demo's mails
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],  # demo logins
    )


class Command(BaseCommand):
    help = "Mäter alla sidor och API-listor på en kommun i given storlek (issue 18)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(data.SCALES), default="small")
        parser.add_argument("--runs", type=int, help="mätningar per sida och persona")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep", action="store_true", help="behåll data (tom databas som får slängas)"
        )
        parser.add_argument("--write", type=Path, help="Markdown-fil att skriva tabellen i")
        parser.add_argument(
            "--json",
            type=Path,
            help="JSON-fil att skriva körningens mätvärden i (status, frågor, median, p95, "
            "CPU-tid per sida och persona), att jämföra med i en senare körning (--compare)",
        )
        parser.add_argument(
            "--compare",
            type=Path,
            help="JSON-fil från en körning i en annan storlek (--json): rapporten får "
            "tillväxten per sida och persona (median här / median där, skillnad i antal "
            "frågor); ⚠ över 1,5× eller fler frågor. Kör båda storlekarna direkt efter "
            "varandra på en lika belastad maskin, t.ex. --scale tenth --json /tmp/tenth.json "
            "och sedan --scale stockholm2 --compare /tmp/tenth.json",
        )
        parser.add_argument("--load-threads", type=int, default=4)
        parser.add_argument("--load-requests", type=int, default=50)
        parser.add_argument("--load-seconds", type=float, default=20)
        parser.add_argument("--no-load", action="store_true", help="utan belastningstest")
        parser.add_argument(
            "--exports", action="store_true", help="mät också varje export (csv och xlsx)"
        )

    def handle(self, *args, **options):
        scale = data.SCALES[options["scale"]]
        runs = RUNS[scale.name] if options["runs"] is None else options["runs"]
        info = {
            "command": self._command_line(options, runs),
            "started": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}",
            "load_before": _load(),
            "scale": scale.name,
            "seed": options["seed"],
            "runs": runs,
        }
        if options["compare"]:
            try:
                info["compare"] = report.read_figures(options["compare"])
            except (OSError, ValueError) as error:
                raise CommandError(f"Kan inte läsa {options['compare']}: {error}") from error
        # one connection for the whole run (the test client would close it per request)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            if options["keep"]:
                self._generate_kept(scale, options["seed"], info)
                _vacuum()
                result = self._measure(scale, runs, options, info, load=not options["no_load"])
            else:
                result = self._rolled_back(scale, runs, options, info)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        self.rows, self.personas = result  # for the smoke test
        text = report.markdown(info, *result)
        if options["json"]:
            figures = report.figures(info, *result)
            options["json"].write_text(
                json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            self.stdout.write(f"Mätvärden skrivna i {options['json']}.")
        self.stdout.write(text)
        if options["write"]:
            report.write_section(options["write"], text)
            self.stdout.write(f"Skrivet i {options['write']}.")

    # --- data ------------------------------------------------------------------------------

    def _refuse_unless_empty(self):
        if OrgUnit.objects.exists():
            raise CommandError(
                "Databasen innehåller redan en organisation: kör mätningen mot en tom databas "
                "(t.ex. DATABASE_URL=postgres://…/styrsam_bench)."
            )

    def _generate(self, scale, seed, info):
        start = time.perf_counter()
        with _quiet():
            load_demo()
            added = data.generate(scale, seed=seed)
        if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        info["generated"] = f"{time.perf_counter() - start:.0f} s"
        self.stdout.write(
            f"Genererat på {info['generated']}: "
            + ", ".join(f"{n} {what}" for what, n in added.items())
        )

    def _generate_kept(self, scale, seed, info):
        User = get_user_model()
        if User.objects.filter(username__startswith=data.PREFIX).exists():
            info["generated"] = "an earlier run (`--keep`)"
            self.stdout.write("Återanvänder data från en tidigare körning med --keep.")
            return
        self._refuse_unless_empty()
        with _quiet(), transaction.atomic():  # the demo's mails are sent on commit
            self._generate(scale, seed, info)

    def _rolled_back(self, scale, runs, options, info):
        self._refuse_unless_empty()
        try:
            with transaction.atomic():
                self._generate(scale, options["seed"], info)
                result = self._measure(scale, runs, options, info, load=False)
                raise Rollback
        except Rollback:
            self.stdout.write("Genererade data är borttagna (rollback).")
        return result

    # --- measuring -------------------------------------------------------------------------

    def _measure(self, scale, runs, options, info, *, load):
        rows, personas, info["baselines"] = run.measure_pages(runs=runs, progress=self.stdout.write)
        self.stdout.write(f"Personer: {', '.join(personas)}")
        info["rent"] = run.rent(assets=RentedAsset.objects.count())
        if options["exports"]:
            info["exports"] = run.measure_exports(
                user=run.personas()[0].user, progress=self.stdout.write
            )
        info["load"] = []
        if load:
            people = run.personas()
            server, info["load"] = run.load(
                user=people[0].user,
                threads=options["load_threads"],
                requests=options["load_requests"],
                seconds=options["load_seconds"],
            )
            info["load_note"] = (
                f"gunicorn with {os.environ.get('WEB_CONCURRENCY', '2')} sync workers on "
                f"127.0.0.1, {options['load_threads']} client threads × at most "
                f"{options['load_requests']} requests (at most {options['load_seconds']:.0f} s) "
                f"per page, logged in as {people[0].label}; the clients share the machine. "
                + report.server_note(server)
            )
        else:
            info["load_note"] = (
                "Not run: the data were rolled back (a server of its own sees only committed "
                "data; run with `--keep` on a throwaway database)."
                if not options["keep"]
                else "Not run (`--no-load`)."
            )
        info.update(
            finished=f"{datetime.datetime.now(datetime.UTC):%H:%M}",
            load_after=_load(),
            machine=f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}",
            database=run.database(),
            conn_max_age=connection.settings_dict.get("CONN_MAX_AGE"),
            totals=_totals(),
            note=(
                "Other processes share the machine: compare a page with the baselines of the "
                "same run, not with figures from another run."
            ),
        )
        return rows, personas

    def _command_line(self, options, runs) -> str:
        parts = ["styrsam manage benchmark", f"--scale {options['scale']}", f"--runs {runs}"]
        if options["keep"]:
            parts.append("--keep")
        if options["no_load"]:
            parts.append("--no-load")
        if options["exports"]:
            parts.append("--exports")
        return " ".join(parts)


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def _totals() -> list[str]:
    User = get_user_model()
    counts = [
        (User.objects.count(), "people"),
        (OrgUnit.objects.filter(kind="department").count(), "departments"),
        (System.objects.count(), "systems"),
        (RentedAsset.objects.count(), "rented assets"),
        (Case.objects.count(), "cases"),
        (Decision.objects.count(), "decisions"),
        (Consultation.objects.count(), "consultations"),
        (Order.objects.count(), "orders"),
        (OrderApproval.objects.count(), "order approvals"),
        (Meeting.objects.count(), "meetings"),
    ]
    return [f"{n:,} {what}" for n, what in counts]


def _vacuum() -> None:
    """PostgreSQL: ``VACUUM ANALYZE`` of the committed data (``--keep``), as autovacuum keeps a
    production database: planner statistics and the visibility map, without which no count
    or lookup can be an index-only scan (issue 18; this server runs without autovacuum, so a
    freshly generated database had none). Not possible inside the rolled-back run's
    transaction, which analyzes only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
