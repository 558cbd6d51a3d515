"""Bulk test data for benchmarks: ``styrsam manage generate_data --systems 3000``.

Rows are bulk-inserted (no audit entries, no G15 sync): this is load for measuring list pages
and filters, not registered systems. Generated systems are business systems (G22) of normal
or low criticality, so the system owners group is not changed by them."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from styrsam.organisation.models import OrgUnit
from styrsam.systems.models import System, SystemCost

User = get_user_model()

PRODUCTS = [
    "Ärendehantering",
    "Bokning",
    "Dokumentation",
    "Schema",
    "Tillsyn",
    "Planering",
    "Avgifter",
    "Uppföljning",
    "Arkiv",
    "Kartstöd",
    "Journal",
    "Register",
]
VENDORS = [
    "Tietoevry",
    "CGI Sverige AB",
    "Sokigo AB",
    "Visma Enterprise AB",
    "IST Group AB",
    "Formpipe Software AB",
    "Axiell Sverige AB",
    "Vitec Software Group AB",
    "Atea",
]


class Command(BaseCommand):
    help = "Skapar testdata i bulk för prestandamätningar (t.ex. --systems 3000)."

    def add_arguments(self, parser):
        parser.add_argument("--systems", type=int, default=0, help="antal system att skapa")
        parser.add_argument("--seed", type=int, default=1, help="slumpfrö (samma data varje gång)")
        parser.add_argument("--no-costs", action="store_true", help="utan kostnadsrader")

    def handle(self, *args, **options):
        count = options["systems"]
        if count <= 0:
            raise CommandError("Ange hur många system som ska skapas, t.ex. --systems 3000.")
        created = generate_systems(count, seed=options["seed"], costs=not options["no_costs"])
        self.stdout.write(self.style.SUCCESS(f"Skapade {created} system."))


@transaction.atomic
def generate_systems(count: int, *, seed: int = 1, costs: bool = True) -> int:
    rnd = random.Random(seed)  # noqa: S311 - test data, not security
    units = list(OrgUnit.objects.filter(is_active=True, kind="department"))
    if not units:
        units = [
            OrgUnit.objects.create(code=f"bench{i}", name=f"Testförvaltning {i}", kind="department")
            for i in range(1, 6)
        ]
    owners = list(User.objects.filter(is_active=True)[:200]) or [None]
    start = System.objects.count()
    lifecycles = [c for c in System.Lifecycle.values if c != System.Lifecycle.RETIRED]
    systems = []
    for i in range(start + 1, start + count + 1):
        unit = rnd.choice(units)
        systems.append(
            System(
                name=f"{rnd.choice(PRODUCTS)} {unit.code.upper()}-{i:05d}",
                description="Genererad testdata.",
                category="business",
                owner_unit=unit,
                owner=rnd.choice(owners),
                lifecycle=rnd.choice(lifecycles),
                criticality=rnd.choice([System.Criticality.NORMAL, System.Criticality.LOW]),
                vendor=rnd.choice(VENDORS),
                user_count=rnd.randint(5, 3000),
                financing_principle="department_own",
            )
        )
    created = System.objects.bulk_create(systems, batch_size=1000)
    if costs:
        lines = [
            SystemCost(system=s, year=2026, kind=kind, amount=rnd.randint(1, 500) * 1000)
            for s in created
            for kind in SystemCost.Kind.values
        ]
        SystemCost.objects.bulk_create(lines, batch_size=2000)
    return len(created)
