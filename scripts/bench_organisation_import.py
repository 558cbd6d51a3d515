"""Time the organisation import (issue 21) with a generated HR extract of N people.

    STYRSAM_DATA_DIR=$(mktemp -d) .venv/bin/python scripts/bench_organisation_import.py 60000

Starts from an empty database in STYRSAM_DATA_DIR (``styrsam init`` with the default policy),
writes an .xlsx of N people in 40 departments under 10 committees, every 50th person with a
unit role, imports it as the coordinator (first run: everything created), then again (nothing
changes), and prints the times. Use an empty, throwaway data directory."""

from __future__ import annotations

import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")
os.environ.setdefault("STYRSAM_ADMIN_PASSWORD", "benchmark-losenord-2026")


def main(count: int) -> None:
    from styrsam.cli import main as styrsam

    styrsam(
        ["init", "--policy", "styrsam/guideline/default_policy.yaml", "--admin-username", "bench"]
    )
    import openpyxl
    from django.contrib.auth import get_user_model

    from styrsam.guideline.policy import get_policy
    from styrsam.organisation.importing import HEADERS, import_organisation

    policy = get_policy()
    coordinator = get_user_model().objects.get(username="bench")
    grants = policy.roles_granted_by(policy.coordinator_roles()[0])
    unit_role = next(r for r in grants if policy.role_is_unit_scoped(r))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Personal")
    sheet.append(HEADERS)
    for n in range(count):
        unit = n % 40
        sheet.append(
            [
                f"person{n:06d}",
                f"Förnamn{n} Efternamn{n}",
                f"person{n:06d}@kommun.se",
                "Handläggare",
                f"forv{unit:02d}",
                f"Förvaltning {unit:02d}",
                "förvaltning",
                f"Nämnd {unit % 10}",
                unit_role if n % 50 == 0 else "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    print(f"{count} personer, fil {len(data) / 1e6:.1f} MB")
    for label in ("första importen", "samma fil igen"):
        started, cpu = time.perf_counter(), time.process_time()
        result = import_organisation(actor=coordinator, filename="hr.xlsx", data=data)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert result.ok, result.errors[:5]
        print(
            f"{label}: {seconds:.1f} s ({cpu:.1f} s CPU) – nya {result.created}, "
            f"ändrade {result.updated}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60_000)
