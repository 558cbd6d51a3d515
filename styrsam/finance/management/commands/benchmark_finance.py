"""Measure the department statement and the municipality overview at municipal scale:
``styrsam manage benchmark_finance --departments 60 --systems 3000``.

Generated inside one transaction that is rolled back afterwards (unless ``--keep``): the
departments with an economist each, the systems with three cost lines for this year and
last, ten common systems shared out by keys over every department (each with a superseded
earlier key), ten months of rent in the ledger per department and asset type, a grant per
department and the departments' budgets. Then each page is requested ``--runs`` times through
Django's test client (the whole middleware stack, logged in), and so is a bare Django view
returning "ok" through the same stack: the baseline of the same run. Reported: the median and
90th percentile in ms, the ratio of the medians to the baseline, and the queries per request.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path
from django.utils import timezone

from styrsam.cases.models import Case, Decision
from styrsam.finance.models import AllocationKey, AllocationWeight, DepartmentBudget, Source
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit, RoleAssignment
from styrsam.rental.models import AssetType, LedgerLine, RentRun
from styrsam.systems.models import System, SystemCost

User = get_user_model()


def _bare(request):
    """The baseline: Django with the same middleware and a logged-in user (session and user
    read from the database), answering "ok"."""
    return HttpResponse("ok" if request.user.is_authenticated else "")


urlpatterns = [path("bare/", _bare)]  # the baseline's URLconf (this module)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Genererar förvaltningar och system och mäter sammanställningen och översikten (G24–G27)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departments", type=int, default=60)
        parser.add_argument("--systems", type=int, default=3000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="behåll genererade data")

    def handle(self, *args, **options):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with transaction.atomic():
                self._run(**options)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Genererade data är borttagna (rollback).")
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    # --- data ---------------------------------------------------------------------------

    def _generate(self, *, departments, systems, seed, year):
        rng = random.Random(seed)
        policy = get_policy()
        units = OrgUnit.objects.bulk_create(
            OrgUnit(code=f"bench{i:03d}", name=f"Benchmarkförvaltning {i:03d}", kind="department")
            for i in range(departments)
        )
        people = User.objects.bulk_create(
            User(username=f"bench-ekonom-{i:03d}", first_name="Ekonom", last_name=f"{i:03d}")
            for i in range(departments)
        )
        director = User.objects.create(username="bench-ekonomidirektor")
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(person=p, role=policy.roles_with("manage_unit_budget")[0], unit=u)
                for p, u in zip(people, units, strict=True)
            ]
            + [RoleAssignment(person=director, role=policy.roles_with("read_all_finance")[0])]
        )
        owner = policy.owner_paid_principles()[0]
        shared = policy.allocated_principles()[0]
        central = (policy.central_principles() or [shared])[0]
        kinds = [code for code, _name in policy.common_kind_choices()][:10]
        rows = [
            System(
                name=f"Benchmark gemensamt {k}",
                category="common",
                common_kind="" if System.objects.filter(common_kind=k).exists() else k,
                owner_unit=units[0],
                financing_principle=shared if n % 3 else central,
                user_count=rng.randint(50, 5000),
            )
            for n, k in enumerate(kinds)
        ]
        rows += [
            System(
                name=f"Benchmarksystem {n:05d}",
                category="business",
                owner_unit=units[n % departments],
                financing_principle=owner,
                user_count=rng.randint(5, 900),
            )
            for n in range(systems - len(rows))
        ]
        made = System.objects.bulk_create(rows, batch_size=1000)
        SystemCost.objects.bulk_create(
            (
                SystemCost(system=s, year=y, kind=kind, amount=rng.randint(1, 400) * 1000)
                for s in made
                for y in (year - 1, year)
                for kind in ("licence", "operation", "support")
            ),
            batch_size=5000,
        )
        keys = []
        for s in made[: len(kinds)]:
            keys.append(AllocationKey(system=s, basis="users", valid_from=year - 3))
            keys.append(AllocationKey(system=s, basis="employees", valid_from=year - 1))
        keys = AllocationKey.objects.bulk_create(keys)
        AllocationWeight.objects.bulk_create(
            (
                AllocationWeight(key=k, department=u, weight=rng.randint(0, 3000))
                for k in keys
                for u in units
            ),
            batch_size=5000,
        )
        types = AssetType.objects.bulk_create(
            AssetType(code=f"bench{t}", name=f"Benchmarktyp {t}") for t in range(4)
        )
        run = RentRun.objects.create(month=datetime.date(year, 1, 1))
        LedgerLine.objects.bulk_create(
            (
                LedgerLine(
                    run=run,
                    month=datetime.date(year, m, 1),
                    department=u,
                    asset_type=t,
                    kind="charge",
                    asset_count=40,
                    asset_days=1200,
                    monthly_amount=Decimal("295.00"),
                    amount=Decimal(rng.randint(100000, 2000000)) / 100,
                )
                for u in units
                for t in types
                for m in range(1, 11)
            ),
            batch_size=5000,
        )
        case_type = policy.case_types_with_amount()[0]
        cases = Case.objects.bulk_create(
            Case(
                case_type=case_type,
                title=f"Delfinansiering {i}",
                reporter=people[i],
                reporting_unit=u,
                status="decided",
                series="BENCH",
                year=year,
                number=i + 1,
                amount_requested=300000,
                amount_granted=100000,
            )
            for i, u in enumerate(units)
        )
        Decision.objects.bulk_create(
            Decision(
                case=c,
                outcome="approved",
                text="Bifall.",
                body="steering_group",
                amount_granted=100000,
                decided_by=director,
            )
            for c in cases
        )
        DepartmentBudget.objects.bulk_create(
            DepartmentBudget(department=u, year=year, source=s, amount=rng.randint(1, 9) * 100000)
            for u in units
            for s in Source.values
        )
        return units, people, director

    # --- measuring ----------------------------------------------------------------------

    def _measure(self, client, url, runs):
        """Wall time (what the user waits) and the CPU time of this process (Django's own
        work, without the database server's and without waiting for a busy CPU)."""
        client.get(url)  # warm: the policy, templates
        times, cpu, queries, status = [], [], 0, None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            queries, status = len(captured.captured_queries), response.status_code
        times.sort()
        return {
            "median": statistics.median(times),
            "p90": times[int(len(times) * 0.9) - 1],
            "cpu": statistics.median(cpu),
            "queries": queries,
            "status": status,
        }

    def _run(self, *, departments, systems, runs, seed, **_options):
        year = timezone.localdate().year
        start = time.perf_counter()
        units, people, director = self._generate(
            departments=departments, systems=systems, seed=seed, year=year
        )
        if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Databas: {connection.vendor}; {departments} förvaltningar, {systems} system, "
            f"år {year}; genererat på {time.perf_counter() - start:.1f} s; {runs} mätningar per sida"
        )
        economist = Client(HTTP_HOST="localhost")
        economist.force_login(people[0])
        chief = Client(HTTP_HOST="localhost")
        chief.force_login(director)
        with override_settings(ROOT_URLCONF=__name__):
            baseline = self._measure(economist, "/bare/", runs)
        pages = [
            ("Förvaltningens sammanställning (ekonom)", economist, "/ekonomi/forvaltning/"),
            (
                "En annan förvaltnings sammanställning (ekonomidirektör)",
                chief,
                f"/ekonomi/forvaltning/?forvaltning={units[-1].code}",
            ),
            ("Alla förvaltningar (ekonomidirektör)", chief, "/ekonomi/oversikt/"),
            (
                "API /api/v1/department-costs/ (en förvaltning)",
                chief,
                f"/api/v1/department-costs/?year={year}&department={units[1].code}",
            ),
        ]
        self.stdout.write(
            f"Baslinje (Django-vy som svarar 'ok', samma middleware, inloggad): "
            f"median {baseline['median']:.1f} ms, p90 {baseline['p90']:.1f} ms, "
            f"CPU {baseline['cpu']:.1f} ms, {baseline['queries']} frågor"
        )
        for label, client, url in pages:
            result = self._measure(client, url, runs)
            ratio = result["median"] / baseline["median"] if baseline["median"] else 0
            cpu_ratio = result["cpu"] / baseline["cpu"] if baseline["cpu"] else 0
            self.stdout.write(
                f"{label}: median {result['median']:.1f} ms, p90 {result['p90']:.1f} ms, "
                f"{ratio:.1f} × baslinjen; CPU {result['cpu']:.1f} ms ({cpu_ratio:.1f} ×); "
                f"{result['queries']} frågor, status {result['status']}"
            )
        load = " ".join(f"{v:.1f}" for v in os.getloadavg())
        self.stdout.write(f"Systembelastning (load average 1, 5, 15 min): {load}")
