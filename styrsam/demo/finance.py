"""Exempelkommun's money (G08, G13, G16, G24–G27): three years of IT budgets and their
outcomes, a revision that supersedes an earlier decision, next year's proposals waiting for
the financing group, allocation keys for the common systems whose cost is shared out (one of
them revised this year), each department's own IT budget, and co-financing grants drawing on
this year's pool.

- Budgets decided two autumns ago (before Styrsam: text references) cover the year before
  last to next year; last autumn's decision in the financing group's minutes (the § "Budget-
  förslag för kommande 3–4 år") covers this year and three more, the IT platform's first
  proposed by the steering group (G13, its § on the platform's development plan). This
  year the pool was raised (a new decision superseding the old one for its years).
- The system register has costs for last year and this; the year before last is added here
  (96 % of last year's) so that every budget year has an outcome.
- Purchases on the investment budget of the two earlier years go through the rental service
  (G08), whose budget of each year is the decided investment frame.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from styrsam.cases import services as case_services
from styrsam.cases.services.notifications import mail_suppressed
from styrsam.finance import services, statement
from styrsam.finance.models import BudgetKind, Source
from styrsam.meetings.models import MinuteItem
from styrsam.rental import services as rental_services
from styrsam.systems.models import SystemCost

from .cases import _steps
from .loader import DemoContext
from .organisation import DEPARTMENTS
from .vocabulary import c

D = datetime.date
K = Decimal(1000)

# kind: amounts (k SEK) of the three decisions: two autumns ago (Y-2…Y+1), last autumn (Y…Y+3)
FRAMES = {
    BudgetKind.INVESTMENT: ((1800, 1900, 1950, 2000), (2000, 2100, 2150, 2200)),
    BudgetKind.OPERATING: ((2300, 2350, 2400, 2450), (2450, 2500, 2550, 2600)),
    BudgetKind.PLATFORM: ((14600, 15000, 15400, 15800), (15400, 15900, 16300, 16700)),
    BudgetKind.POOL: ((1000, 1000, 1200, 1200), (1200, 1200, 1300, 1300)),
}
# next year's proposals (Y+1…Y+4), waiting for the financing group (or the steering group)
PROPOSALS = {
    BudgetKind.INVESTMENT: (2150, 2250, 2300, 2350),
    BudgetKind.OPERATING: (2550, 2600, 2650, 2700),
    BudgetKind.PLATFORM: (16200, 16600, 17000, 17400),
}
# employees per department (payroll key); users of the records management system
EMPLOYEES = {
    "bou": 2400,
    "gvu": 610,
    "soc": 520,
    "vof": 1900,
    "kof": 180,
    "mbf": 95,
    "tef": 160,
    "sff": 430,
    "amf": 130,
    "sbf": 110,
    "klf": 240,
    "rtj": 140,
    "it_unit": 45,
}
RECORDS_USERS = {
    "bou": 60,
    "gvu": 25,
    "soc": 95,
    "vof": 70,
    "kof": 20,
    "mbf": 55,
    "tef": 30,
    "sff": 25,
    "amf": 20,
    "sbf": 60,
    "klf": 150,
    "rtj": 15,
}
PURCHASES = (  # (years back, month, kronor, text, count)
    (2, 3, "540000", "Datorer, vårens utbyte", 46),
    (2, 9, "610000", "Skärmar och skrivare, ramavtal", 150),
    (1, 2, "720000", "Datorer till skolorna", 60),
    (1, 10, "455000", "Datorer till Socialförvaltningen", 38),
)


def _budget_item(group: str, year: int, not_after: datetime.date | None = None, *, title: str):
    """The group's latest § of ``year`` (on or before ``not_after``) on the 3–4-year budget
    (financing) or the IT platform's development plan (steering), in the meetings demo;
    None without one."""
    items = MinuteItem.objects.filter(
        meeting__group__code=group, year=year, title__icontains=title
    ).select_related("meeting__group")
    if not_after is not None:
        items = items.filter(meeting__date__lte=not_after)
    return items.order_by("-meeting__date", "-number").first()


def _minutes(item: MinuteItem | None, fallback: str, on: datetime.date) -> dict:
    if item is not None:
        return {"minute_item": item}
    return {"reference": fallback, "on": on}


def _decide(p, plan, *, decision: dict, proposal: dict | None = None):
    if proposal is not None:
        services.budget_plan_propose(
            actor=p["anna"],
            plan=plan,
            minute_item=proposal.get("minute_item"),
            reference=proposal.get("reference", ""),
            proposed_on=proposal.get("on"),
        )
    services.budget_plan_decide(
        actor=p["karin"],
        plan=plan,
        minute_item=decision.get("minute_item"),
        reference=decision.get("reference", ""),
        decided_on=decision.get("on"),
    )


def _earlier_costs(year: int) -> None:
    """The register's cost lines of ``year`` (96 % of the next year's), where missing."""
    have = set(SystemCost.objects.filter(year=year).values_list("system_id", "kind"))
    SystemCost.objects.bulk_create(
        SystemCost(
            system_id=c.system_id,
            year=year,
            kind=c.kind,
            amount=round(c.amount * Decimal("0.96") / K) * K,
        )
        for c in SystemCost.objects.filter(year=year + 1)
        if (c.system_id, c.kind) not in have
    )


def _budgets(ctx: DemoContext, year: int) -> None:
    p = ctx.people
    old_financing = f"Finansieringsgruppen {year - 3}-10-11 § 6"
    old_steering = f"IT-styrgruppen {year - 3}-09-14 § 8"
    financing = _budget_item(c("financing"), year - 1, title="Budgetförslag")
    steering = _budget_item(
        c("steering"),
        year - 1,
        financing.meeting.date if financing else D(year - 1, 10, 14),
        title="IT-plattformen",
    )
    for kind, (old, last) in FRAMES.items():
        platform = kind == BudgetKind.PLATFORM
        plan = services.budget_plan_create(
            actor=p["helena"],
            kind=kind,
            first_year=year - 2,
            amounts=[a * K for a in old],
            note="Beslutat före Styrsam; referensen är protokollets paragraf.",
        )
        _decide(
            p,
            plan,
            decision={"reference": old_financing, "on": D(year - 3, 10, 11)},
            proposal={"reference": old_steering, "on": D(year - 3, 9, 14)} if platform else None,
        )
        plan = services.budget_plan_create(
            actor=p["mats"] if kind != BudgetKind.POOL else p["anna"],
            kind=kind,
            first_year=year,
            amounts=[a * K for a in last],
            note="Kostnadsnivåer för kommande fyra år enligt IT-enhetens och IT-strategens förslag (G16).",
        )
        _decide(
            p,
            plan,
            decision=_minutes(
                financing, f"Finansieringsgruppen {year - 1}-10-14 § 3", D(year - 1, 10, 14)
            ),
            proposal=_minutes(steering, f"IT-styrgruppen {year - 1}-09-17 § 5", D(year - 1, 9, 17))
            if platform
            else None,
        )
    # This year: the pool raised for this year and the next two (supersedes last autumn's).
    revision = services.budget_plan_create(
        actor=p["anna"],
        kind=BudgetKind.POOL,
        first_year=year,
        amounts=[1500 * K, 1300 * K, 1300 * K],
        note="Fler ansökningar om delfinansiering med samordningsvinster än väntat (G27).",
    )
    latest = _budget_item(c("financing"), year, title="Budgetförslag")
    _decide(
        p,
        revision,
        decision=_minutes(latest, f"Finansieringsgruppen {year}-03-11 § 4", D(year, 3, 11)),
    )
    for kind, amounts in PROPOSALS.items():
        services.budget_plan_create(
            actor=p["mats"],
            kind=kind,
            first_year=year + 1,
            amounts=[a * K for a in amounts],
            note="IT-enhetens förslag inför höstens beslut i finansieringsgruppen (G16).",
        )


def _purchases(ctx: DemoContext, year: int) -> None:
    for back, month, amount, text, count in PURCHASES:
        rental_services.purchase_record(
            actor=ctx.people["helena"],
            date=D(year - back, month, 12),
            amount=Decimal(amount),
            description=text,
            asset_count=count,
        )


def _keys(ctx: DemoContext, year: int) -> None:
    p, u = ctx.people, ctx.units
    systems = ctx.extra.get("systems", {})
    departments = [x for x in u.values() if x.kind == "department"]
    karin, helena = p["karin"], p["helena"]

    def key(kind, basis, weights, valid_from, note="", actor=helena):
        if kind in systems:
            services.allocation_key_create(
                actor=actor,
                system=systems[kind],
                basis=basis,
                valid_from=valid_from,
                weights=weights,
                note=note,
            )

    key("finance", "equal", [(d, 1) for d in departments], year - 2, "Alla förvaltningar lika.")
    key(
        "payroll_hr",
        "employees",
        [(u[c], n) for c, n in EMPLOYEES.items()],
        year - 2,
        "Anställda enligt personalregistret i januari.",
    )
    key(
        "email",
        "licences",
        [(u[c], n + 40) for c, n in EMPLOYEES.items()],
        year - 2,
        "Licenser enligt Microsoft-avtalet.",
    )
    key(
        "email",
        "licences",
        [(u[c], n + (25 if c in ("bou", "gvu") else 55)) for c, n in EMPLOYEES.items()],
        year,
        "Ny licensräkning efter avtalsförlängningen.",
        actor=karin,
    )
    key(
        "records_management",
        "users",
        [(u[c], n) for c, n in RECORDS_USERS.items()],
        year - 2,
        "Användare med behörighet i diariet.",
    )
    total = sum(EMPLOYEES.values())
    percents = {
        c: (Decimal(n) * 100 / total).quantize(Decimal("0.01")) for c, n in EMPLOYEES.items()
    }
    percents["bou"] += Decimal(100) - sum(percents.values())  # to exactly 100 %
    key(
        c("it_platform"),
        "percent",
        [(u[c], v) for c, v in percents.items()],
        year - 2,
        "Efter andel anställda, fastställt av finansieringsgruppen.",
        actor=karin,
    )
    key(  # paid centrally (G26): the shares show use, they are not charged
        "gis",
        "users",
        [(u["sbf"], 90), (u["mbf"], 50), (u["tef"], 25), (u["sff"], 15)],
        year - 1,
        "För kännedom: kommunkartan belastar kommunstyrelsens budget.",
    )


def _grants(ctx: DemoContext) -> None:
    """G27: a second grant this year, to the care department, drawing on the pool."""
    p, u = ctx.people, ctx.units
    with mail_suppressed():
        case = case_services.case_report(
            actor=p["ingrid"],
            case_type=c("co_financing"),
            title="Digital signering av genomförandeplaner",
            description="Samordningsvinst: signeringstjänsten kan användas av alla förvaltningar.",
            amount_requested=300000,
            reporting_unit=u["vof"],
        )
        _steps(case, p, [c("need_reported"), c("coordination_gains_described")])
        case_services.case_decide(
            actor=p["anna"],
            case=case,
            outcome="approved",
            text="Delfinansiering beviljas från centrala medel med 200 000 kr.",
            amount_granted=200000,
        )


def _department_budgets(ctx: DemoContext, year: int) -> None:
    """Each department's own IT budget for three years, from its economist: a little above
    (or below) the year's forecast; Räddningstjänsten has not yet set this year's."""
    p, u = ctx.people, ctx.units
    economists = {code: p[economist[0]] for code, _n, _c, _h, economist, _r in DEPARTMENTS}
    units = [u[code] for code in economists]
    factors = (Decimal("1.04"), Decimal("0.97"), Decimal("1.02"), Decimal("1.00"))
    for y in (year - 2, year - 1, year):
        statements, _allocation = statement.build(units, y, detail=False)
        for i, st in enumerate(statements):
            code = st.department.code
            if y == year and code == "rtj":
                continue
            for j, source in enumerate(Source):
                amount = st.lines[source].forecast * factors[(i + j + y) % len(factors)]
                services.department_budget_set(
                    actor=economists[code],
                    department=st.department,
                    year=y,
                    source=source,
                    amount=round(amount / K) * K,
                )


def load(ctx: DemoContext) -> None:
    year = timezone.localdate().year
    _earlier_costs(year - 2)
    _budgets(ctx, year)
    _purchases(ctx, year)
    _keys(ctx, year)
    _grants(ctx)
    _department_budgets(ctx, year)
