"""Measure the rent run on generated assets: ``styrsam manage benchmark_rent_run --assets 60000``.

Everything is generated inside one transaction that is rolled back afterwards (unless
``--keep``), so the command can run against a real database without leaving traces.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection
from django.utils import timezone

from styrsam.core.benchmark import RolledBackCommand
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import AssetType, LedgerLine, RentedAsset, RentLevel
from styrsam.rental.money import month_bounds
from styrsam.rental.runs import rent_run


def generate_assets(*, count, types, departments, rng, month, users=None) -> int:
    """``count`` rented assets (tags ``BENCH-0000000``…) of ``types`` in ``departments``, rented
    from before ``month`` or during it, one in ten returned (some during the month); with
    ``users`` ({department id: [people]}) each is lent to someone of its department."""
    first, last = month_bounds(month)
    rows = []
    for n in range(count):
        start = min(first - datetime.timedelta(days=rng.randint(-20, 900)), last)
        end = None
        if rng.random() < 0.1:  # one in ten returned, some of them this month
            end = start + datetime.timedelta(days=rng.randint(0, 900))
        asset_type, department = rng.choice(types), rng.choice(departments)
        staff = (users or {}).get(department.pk)
        rows.append(
            RentedAsset(
                asset_type=asset_type,
                department=department,
                user=rng.choice(staff) if staff else None,
                tag=f"BENCH-{n:07d}",
                start_date=start,
                end_date=end,
            )
        )
    return len(RentedAsset.objects.bulk_create(rows, batch_size=5000))


def time_rent_runs(*, month, assets: int) -> list[tuple[str, float, int, object]]:
    """The rent run for ``month`` three times: first, again (adds nothing: idempotent) and
    after a late change to 1 % of the generated assets (returned on the 10th); each as
    (label, seconds, lines added, amount added)."""
    first, _last = month_bounds(month)
    results = []

    def timed(label):
        start = time.perf_counter()
        run = rent_run(actor=None, month=month)
        results.append((label, time.perf_counter() - start, run.lines_added, run.amount_added))

    timed("Hyreskörning, första")
    timed("Hyreskörning, igen (idempotent)")
    changed = list(
        RentedAsset.objects.filter(
            tag__startswith="BENCH-", end_date__isnull=True, start_date__lte=first
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: max(1, assets // 100)]
    )
    RentedAsset.objects.filter(pk__in=changed).update(end_date=first + datetime.timedelta(days=9))
    timed("Hyreskörning efter sen ändring (1 %)")
    return results


class Command(RolledBackCommand):
    help = "Genererar hyrd utrustning och mäter hyreskörningen (G08)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--assets", type=int, default=60000)
        parser.add_argument("--departments", type=int, default=12)
        parser.add_argument("--types", type=int, default=4)

    def _timed(self, label, func):
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        self.stdout.write(f"{label}: {elapsed:.2f} s")
        return result, elapsed

    def _run(self, *, assets, departments, types, seed, **_options):
        rng = random.Random(seed)
        today = timezone.localdate()
        month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        units = [
            OrgUnit.objects.create(
                code=f"bench{i}", name=f"Benchmarkförvaltning {i}", kind=OrgUnit.Kind.DEPARTMENT
            )
            for i in range(departments)
        ]
        kinds = [
            AssetType.objects.create(code=f"bench{i}", name=f"Benchmarktyp {i}")
            for i in range(types)
        ]
        RentLevel.objects.bulk_create(
            RentLevel(asset_type=t, year=month.year, monthly_amount=100 + 50 * i, status="decided")
            for i, t in enumerate(kinds)
        )

        self.stdout.write(
            f"Databas: {connection.vendor}; {assets} tillgångar, {departments} förvaltningar, "
            f"{types} typer; månad {month:%Y-%m}"
        )
        self._timed(
            "Generera tillgångar (bulk_create)",
            lambda: generate_assets(
                count=assets, types=kinds, departments=units, rng=rng, month=month
            ),
        )
        runs = time_rent_runs(month=month, assets=assets)
        for label, seconds, lines, amount in runs:
            self.stdout.write(f"{label}: {seconds:.2f} s")
            self.stdout.write(f"  rader: {lines}, belopp: {amount} kr")
        t1, t2, t3 = (seconds for _label, seconds, _lines, _amount in runs)
        total = LedgerLine.objects.filter(month=month, department__in=units).count()
        self.stdout.write(f"Reskontrarader för månaden: {total}")
        self.stdout.write(
            self.style.SUCCESS(
                f"RESULTAT {connection.vendor}: {assets} tillgångar, första körningen {t1:.2f} s, omkörning {t2:.2f} s, rättelse {t3:.2f} s"
            )
        )
