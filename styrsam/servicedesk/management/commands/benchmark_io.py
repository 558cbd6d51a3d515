"""Measure imports and exports at municipal scale (issue 18, items 3 and 4):
``styrsam manage benchmark_io --systems 3000 --rows 60000``.

Generates, in bulk and inside one transaction that is rolled back afterwards (unless
``--keep``): ``--rows`` people (with a profile, a unit and a role each), ``--rows`` rented
assets and ``--rows // 3`` orders, and a register file of ``--systems`` systems as CSV and
as Excel. Then it times

- the import of the register (every system new) and the re-import of the same file (changes
  nothing), for CSV and for Excel, each inside a savepoint rolled back after it;
- the exports of the people, asset and order lists (CSV and Excel) through Django's test
  client as the coordinator (the whole middleware stack, the streamed body read to its end);

beside two baselines of the same run: a bare Django view answering "ok" to a logged-in user
and a bare CSV of the people (``values_list`` + ``csv.writer``, no list kit). Last, the load
average: on a shared machine every figure (the baselines' too) grows with it."""

from __future__ import annotations

import csv
import io
import os
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from styrsam.core.benchmark import RolledBackCommand, measure
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit, Profile, RoleAssignment
from styrsam.rental.models import AssetType, RentedAsset
from styrsam.systems.importing import HEADERS, import_systems

from ...models import CatalogueItem, Order

User = get_user_model()


class Command(RolledBackCommand):
    help = "Mäter import av systemförteckningen och exporter av stora listor (issue 18)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--systems", type=int, default=3000)
        parser.add_argument("--rows", type=int, default=60000)
        parser.add_argument("--departments", type=int, default=12)
        parser.add_argument("--no-import", action="store_true", help="bara exporterna")

    def _line(self, label: str, seconds: float, extra: str = "", cpu: float | None = None) -> None:
        cpu_text = f" (CPU {cpu:.2f} s)" if cpu is not None else ""
        self.stdout.write(f"{label}: {seconds:.2f} s{cpu_text}{extra}")

    def _run(self, *, systems, rows, departments, no_import=False, **_options):
        start = time.perf_counter()
        actor, units = self._generate(rows=rows, departments=departments)
        if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Databas: {connection.vendor}; {rows} personer, {rows} tillgångar, "
            f"{rows // 3} beställningar genererade på {time.perf_counter() - start:.1f} s"
        )
        if not no_import:
            self._imports(actor, units, systems, rows)
        client = Client()
        client.force_login(actor)
        with override_settings(ROOT_URLCONF="styrsam.core.benchmark"):
            base = measure(client, "/bare/", 20)
        self.stdout.write(
            f"Baslinje: Django-vy som svarar 'ok' (inloggad): median {base['median']:.1f} ms, "
            f"{base['queries']} frågor"
        )
        begin, begin_cpu = time.perf_counter(), time.process_time()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        people = User.objects.filter(is_active=True).order_by("last_name", "first_name")
        for row in people.values_list(
            "username", "first_name", "last_name", "profile__title", "profile__unit__name"
        ).iterator(chunk_size=2000):
            writer.writerow(row)
        self._line(
            f"Baslinje: CSV av {people.count()} personer med values_list och csv.writer",
            time.perf_counter() - begin,
            cpu=time.process_time() - begin_cpu,
        )
        for label, name, formats in [
            ("personer", "organisation:person_export", ("xlsx",)),  # the list is Excel only
            ("utrustning", "rental:asset_export", ("csv", "xlsx")),
            ("beställningar", "servicedesk:order_export", ("csv", "xlsx")),
        ]:
            for fmt in formats:
                self._export(client, f"Export {label} {fmt}", name, fmt)
        load = " ".join(f"{v:.1f}" for v in os.getloadavg())
        self.stdout.write(f"Systembelastning (load average 1, 5, 15 min): {load}")

    def _export(self, client, label: str, name: str, fmt: str) -> None:
        url = reverse(name, kwargs={"fmt": fmt})
        with CaptureQueriesContext(connection) as captured:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, {"active": ""})
            if response.status_code != 200:
                self.stdout.write(f"{label}: status {response.status_code}")
                return
            body = b"".join(response.streaming_content) if response.streaming else response.content
            elapsed = time.perf_counter() - begin
            cpu = time.process_time() - begin_cpu
        size = len(body)
        lines = body.count(b"\n") if fmt == "csv" else None
        extra = f", {lines - 1} rader" if lines else ""
        self._line(label, elapsed, f" ({size // 1024} kB{extra}, {len(captured)} frågor)", cpu=cpu)

    def _imports(self, actor, units, systems: int, rows: int) -> None:
        policy = get_policy()
        category = next(
            code
            for code, _l in policy.system_category_choices()
            if not policy.category_one_per_kind(code)
        )
        usernames = list(
            User.objects.filter(username__startswith="bench")
            .order_by("pk")
            .values_list("username", flat=True)[: max(1, min(rows, systems))]
        )
        table = [HEADERS]
        for i in range(systems):
            cells = dict.fromkeys(HEADERS, "")
            cells.update(
                {
                    "Namn": f"Benchmarksystem {i:05d}",
                    "Beskrivning": "Genererat för mätning",
                    "Kategori": category,
                    "Ägande förvaltning": units[i % len(units)].code,
                    "Systemägare": usernames[i % len(usernames)],
                    "Systemrepresentanter": usernames[(i + 1) % len(usernames)],
                    "Användande enheter": f"{units[i % len(units)].code} "
                    f"{units[(i + 1) % len(units)].code}",
                    "Leverantör": "Leverantör AB",
                    "Avtalet löper ut": "2028-12-31",
                    "Antal användare": str(10 + i),
                }
            )
            table.append([cells[h] for h in HEADERS])
        text = io.StringIO()
        csv.writer(text, delimiter=";").writerows(table)
        workbook = Workbook()
        for row in table:
            workbook.active.append(row)
        xlsx = io.BytesIO()
        workbook.save(xlsx)
        files = {"csv": text.getvalue().encode(), "xlsx": xlsx.getvalue()}
        for fmt, data in files.items():
            sid = transaction.savepoint()
            for label in ("import", "omimport (ändrar inget)"):
                with CaptureQueriesContext(connection) as captured:
                    begin, begin_cpu = time.perf_counter(), time.process_time()
                    result = import_systems(actor=actor, filename=f"s.{fmt}", data=data)
                    elapsed = time.perf_counter() - begin
                    cpu = time.process_time() - begin_cpu
                self._line(
                    f"{label.capitalize()} {fmt} av {systems} system",
                    elapsed,
                    f" (nya {len(result.created)}, ändrade {len(result.updated)}, "
                    f"oförändrade {len(result.unchanged)}, fel {len(result.errors)}, "
                    f"{len(captured)} frågor)",
                    cpu=cpu,
                )
            transaction.savepoint_rollback(sid)

    def _generate(self, *, rows: int, departments: int):
        policy = get_policy()
        today = timezone.localdate()
        units = OrgUnit.objects.bulk_create(
            OrgUnit(
                code=f"bench{i}", name=f"Benchmarkförvaltning {i}", kind=OrgUnit.Kind.DEPARTMENT
            )
            for i in range(departments)
        )
        actor = User.objects.create(username="bench-coordinator", first_name="Bench")
        Profile.objects.create(user=actor, unit=units[0], title="IT-strateg")
        RoleAssignment.objects.create(
            person=actor, role=policy.roles_with("coordinate")[0], start_date=today
        )
        roles = [r for r in policy.role_codes() if not policy.role_is_unit_scoped(r)]
        people = User.objects.bulk_create(
            (
                User(
                    username=f"bench{i:06d}",
                    first_name=f"Förnamn{i % 997}",
                    last_name=f"Efternamn{i % 1009}",
                    password=UNUSABLE_PASSWORD_PREFIX,
                )
                for i in range(rows)
            ),
            batch_size=5000,
        )
        Profile.objects.bulk_create(
            (
                Profile(user=p, unit=units[i % departments], title=f"Titel {i % 50}")
                for i, p in enumerate(people)
            ),
            batch_size=5000,
        )
        RoleAssignment.objects.bulk_create(
            (
                RoleAssignment(person=p, role=roles[i % len(roles)], start_date=today)
                for i, p in enumerate(people[: rows // 20])
            ),
            batch_size=5000,
        )
        kinds = AssetType.objects.bulk_create(
            AssetType(code=f"bench{i}", name=f"Benchmarktyp {i}") for i in range(4)
        )
        RentedAsset.objects.bulk_create(
            (
                RentedAsset(
                    asset_type=kinds[i % 4],
                    department=units[i % departments],
                    user=people[i],
                    tag=f"BENCH-{i:07d}",
                    model="Modell X",
                    start_date=today.replace(day=1),
                )
                for i in range(rows)
            ),
            batch_size=5000,
        )
        item = CatalogueItem.objects.create(name="Benchmarkartikel", kind=CatalogueItem.Kind.OTHER)
        Order.objects.bulk_create(
            (
                Order(
                    item=item,
                    department=units[i % departments],
                    for_person=people[i],
                    ordered_by=people[(i + 1) % rows],
                    quantity=1 + i % 3,
                )
                for i in range(rows // 3)
            ),
            batch_size=5000,
        )
        return actor, units
