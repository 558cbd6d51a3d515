"""Measure the department statement and the municipality overview at municipal scale:
``styrsam manage benchmark_finance --departments 60 --systems 3000``.

Generated (``styrsam.core.benchmark``: in a transaction rolled back afterwards, measured
against a bare-Django baseline of the same run): the departments with an economist each, the
systems with three cost lines for this year and last, ten common systems shared out by keys
over every department (each with a superseded earlier key), ten months of rent in the ledger
per department and asset type, a grant per department and the departments' budgets.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from styrsam.cases.models import Case, Decision
from styrsam.core.benchmark import BenchmarkCommand
from styrsam.finance.models import AllocationKey, AllocationWeight, DepartmentBudget, Source
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit, RoleAssignment
from styrsam.rental.models import AssetType, LedgerLine, RentRun
from styrsam.systems.models import System, SystemCost

User = get_user_model()


class Command(BenchmarkCommand):
    help = (
        "Genererar förvaltningar och system och mäter sammanställningen och översikten (G24–G27)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--departments", type=int, default=60)
        parser.add_argument("--systems", type=int, default=3000)

    def generate(self, *, departments, systems, seed, **_options):
        year = timezone.localdate().year
        units, people, director = self._generate(
            departments=departments, systems=systems, seed=seed, year=year
        )
        self.stdout.write(f"{departments} förvaltningar, {systems} system, år {year}")
        economist = Client(HTTP_HOST="localhost")
        economist.force_login(people[0])
        chief = Client(HTTP_HOST="localhost")
        chief.force_login(director)
        return [
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
