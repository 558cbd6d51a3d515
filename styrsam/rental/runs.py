"""The rent run (G08, G24): charge each department for the month's rented assets.

Set-based: one aggregate query computes the month's expected count and asset-days per
(department, asset type) — day-of-month arithmetic on the overlap of each asset with the month,
which works on SQLite and PostgreSQL alike — one query sums the ledger per the same key, and
the differences are written with one ``bulk_create``. Running twice adds nothing; a run after a
late change adds only the difference as correction lines.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractDay, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.bounds import check_instances
from styrsam.core.errors import Conflict, NotAllowed

from .models import AssetType, LedgerLine, RentedAsset, RentLevel, RentRun
from .money import charge_amount, month_bounds, round_ore
from .services import rent_group_name

Key = tuple[int, int]  # (department_id, asset_type_id)


@dataclass(frozen=True)
class Expected:
    count: int
    days: int


def expected_usage(month: datetime.date) -> dict[Key, Expected]:
    """Count and asset-days per (department, asset type) for ``month``, in one query."""
    first, last = month_bounds(month)
    rows = (
        RentedAsset.objects.filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .annotate(
            from_day=ExtractDay(Greatest("start_date", Value(first))),
            to_day=ExtractDay(Least(Coalesce("end_date", Value(last)), Value(last))),
        )
        .values("department_id", "asset_type_id")
        .annotate(n=Count("id"), days=Sum(F("to_day") - F("from_day") + 1))
        .order_by()
    )
    return {
        (r["department_id"], r["asset_type_id"]): Expected(r["n"], int(r["days"])) for r in rows
    }


def ledger_totals(month: datetime.date) -> dict[Key, dict]:
    rows = (
        LedgerLine.objects.filter(month=month)
        .values("department_id", "asset_type_id")
        .annotate(
            n=Sum("asset_count"), days=Sum("asset_days"), amount=Sum("amount"), first=Min("id")
        )
        .order_by()
    )
    # SQLite sums decimals as floats: bring the sum back to öre (every line is whole öre).
    return {
        (r["department_id"], r["asset_type_id"]): {**r, "amount": round_ore(r["amount"])}
        for r in rows
    }


def decided_levels(year: int) -> dict[int, Decimal]:
    return dict(
        RentLevel.objects.filter(year=year, status=RentLevel.Status.DECIDED).values_list(
            "asset_type_id", "monthly_amount"
        )
    )


@transaction.atomic
def rent_run(*, actor, month: datetime.date) -> RentRun:
    """Bring the ledger for ``month`` up to date and record the run."""
    if actor is not None and not actor.has_perm("rental.run_rent"):
        raise NotAllowed(_("Du har inte behörighet att köra hyran."), rule="G08")
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise Conflict(
            _("Hyran kan inte köras för en kommande månad."), code="future_month", rule="G08"
        )
    # Serialise runs: the asset types are locked for the rest of the transaction.
    list(AssetType.objects.select_for_update().values_list("id", flat=True))
    expected = expected_usage(month)
    booked = ledger_totals(month)
    levels = decided_levels(month.year)
    unpriced = {k[1] for k in expected} - set(levels)
    if unpriced:
        names = ", ".join(AssetType.objects.filter(pk__in=unpriced).values_list("name", flat=True))
        raise Conflict(
            _("Hyran för %(year)s är inte beslutad av %(group)s för: %(names)s.")
            % {"year": month.year, "group": rent_group_name(), "names": names},
            code="rent_not_decided",
            rule="G16",
        )
    lines = []
    for key in sorted(set(expected) | set(booked)):
        want = expected.get(key, Expected(0, 0))
        have = booked.get(key)
        level = levels.get(key[1])
        if level is None:  # booked earlier, no longer expected and no level: keep its price
            level = LedgerLine.objects.get(pk=have["first"]).monthly_amount
        amount = charge_amount(level, want.days, month)
        d_count = want.count - (have["n"] if have else 0)
        d_days = want.days - (have["days"] if have else 0)
        d_amount = amount - (have["amount"] if have else Decimal("0"))
        if not (d_count or d_days or d_amount):
            continue
        lines.append(
            LedgerLine(
                month=month,
                department_id=key[0],
                asset_type_id=key[1],
                kind=LedgerLine.Kind.CORRECTION if have else LedgerLine.Kind.CHARGE,
                corrects_id=have["first"] if have else None,
                asset_count=d_count,
                asset_days=d_days,
                monthly_amount=level,
                amount=d_amount,
            )
        )
    total = sum((line.amount for line in lines), Decimal("0"))
    run = RentRun.objects.create(
        month=month,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        lines_added=len(lines),
        amount_added=total,
    )
    for line in lines:
        line.run = run
    check_instances(lines)  # bulk_create sends no pre_save (styrsam.core.bounds)
    LedgerLine.objects.bulk_create(lines, batch_size=1000)
    audit_record(
        actor=actor,
        action="rent.run",
        obj=run,
        after={"month": month.strftime("%Y-%m"), "lines": len(lines), "amount": total},
        rule="G24",
    )
    return run
