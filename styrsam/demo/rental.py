"""Exempelkommun's rental system: asset types, rent for 2026 (decided by the financing group,
linked to the § of its minutes from the meetings demo) and 2027 (a draft), the IT unit's investment budget, a few hundred rented assets across the
departments and three months of rent runs (August–October 2026) with one late correction."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from styrsam.meetings.models import MinuteItem
from styrsam.rental import services
from styrsam.rental.models import AssetType, InvestmentBudget, InvestmentPurchase, RentedAsset
from styrsam.rental.runs import rent_run

from .loader import DemoContext
from .vocabulary import c

D = datetime.date
TYPES = [  # code, name, rent 2026, proposal 2027, models
    (
        "computer",
        "Dator",
        "295",
        "305",
        ["Lenovo ThinkPad T14", "Dell Latitude 5440", "HP EliteBook 840"],
    ),
    ("screen", "Skärm", "45", "45", ["Dell P2423", "Lenovo T24i", "Dell P2723QE"]),
    ("printer", "Skrivare", "180", "175", ["Ricoh IM C3000", "HP LaserJet M507"]),
]
ASSETS_PER_DEPARTMENT = (18, 42)


def rent_minute_item(year: int) -> MinuteItem | None:
    """The financing group's § deciding ``year``'s rent: from the meetings demo, the autumn
    meeting of the year before (the latest on or before 30 November), or None."""
    items = MinuteItem.objects.filter(
        meeting__group__code=c("financing"), year=year - 1, title__icontains="hyra"
    ).select_related("meeting__group")
    return (
        items.filter(meeting__date__lte=D(year - 1, 11, 30)).order_by("-meeting__date").first()
        or items.order_by("-meeting__date").first()
    )


def base(ctx: DemoContext) -> dict:
    """Asset types, rent levels and the budget; idempotent, shared with the service desk demo."""
    if "asset_types" in ctx.extra:
        return ctx.extra["asset_types"]
    p = ctx.people
    types = {}
    for code, name, _now, _next, _models in TYPES:
        types[code] = AssetType.objects.create(code=code, name=name)
    for code, _name, now, nxt, _models in TYPES:
        services.rent_level_set(
            actor=None, asset_type=types[code], year=2026, monthly_amount=Decimal(now)
        )
        services.rent_level_set(
            actor=None, asset_type=types[code], year=2027, monthly_amount=Decimal(nxt)
        )
    item = rent_minute_item(2026)
    if item is not None:  # the § "Beslut om nästkommande års hyra" of the meetings demo (G16)
        services.rent_levels_decide(actor=p["karin"], year=2026, minute_item=item)
    else:  # no such § (the meetings demo covers this and last year): a text reference
        services.rent_levels_decide(
            actor=p["karin"],
            year=2026,
            reference="Finansieringsgruppen 2025-10-15 § 7",
            decided_on=D(2025, 10, 15),
        )
    services.budget_set(actor=p["mats"], year=2026, amount=Decimal("2000000"))
    ctx.extra["asset_types"] = types
    return types


def load(ctx: DemoContext) -> None:
    types = base(ctx)
    rng = random.Random(2026)
    p, u = ctx.people, ctx.units
    departments = [unit for unit in u.values() if unit.kind == "department"]
    rows = []
    n = 0
    for unit in departments:
        for _ in range(rng.randint(*ASSETS_PER_DEPARTMENT)):
            code, _name, _now, _next, models = rng.choices(TYPES, weights=(6, 5, 1))[0]
            start = D(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1740))
            start = min(start, D(2026, 10, 20))
            end = None
            if rng.random() < 0.08:
                end = max(start, D(2026, 7, 1) + datetime.timedelta(days=rng.randint(0, 120)))
            n += 1
            rows.append(
                RentedAsset(
                    asset_type=types[code],
                    model=rng.choice(models),
                    tag=f"EK-{n:05d}",
                    serial_number=f"SN{rng.randint(10**7, 10**8 - 1)}",
                    department=unit,
                    start_date=start,
                    end_date=end,
                )
            )
    RentedAsset.objects.bulk_create(rows)

    budget = InvestmentBudget.objects.get(year=2026)
    InvestmentPurchase.objects.bulk_create(
        InvestmentPurchase(
            budget=budget,
            date=D(2026, month, 10),
            amount=Decimal(amount),
            description=text,
            asset_count=count,
            actor=p["helena"],
        )
        for month, amount, text, count in (
            (2, "612000", "Datorer, vårens utbyte (Barn- och utbildningsförvaltningen)", 52),
            (4, "388000", "Skärmar och dockningsstationer", 180),
            (6, "465000", "Datorer till Vård- och omsorgsförvaltningen", 40),
            (9, "360000", "Multifunktionsskrivare, ramavtal", 26),
        )
    )

    helena = p["helena"]
    rent_run(actor=helena, month=D(2026, 8, 1))
    rent_run(actor=helena, month=D(2026, 9, 1))
    # A late change: one computer moved from vof to soc in mid-September, registered after
    # the September run; the rerun adds correction lines instead of editing the ledger.
    moved = (
        RentedAsset.objects.filter(
            department=u["vof"],
            asset_type=types["computer"],
            end_date__isnull=True,
            start_date__lt=D(2026, 9, 1),
        )
        .order_by("tag")
        .first()
    )
    if moved is not None:
        services.asset_transfer(
            actor=p["nina"], asset=moved, to_department=u["soc"], date=D(2026, 9, 16)
        )
    rent_run(actor=helena, month=D(2026, 9, 1))
    rent_run(actor=helena, month=D(2026, 10, 1))
