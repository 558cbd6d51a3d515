"""Writes of the finance app: budget proposals and their decisions (G13, G16), allocation
keys (G26), departments' own budgets; and the guards it adds to other apps' writes — the
co-financing pool (G27) and the investment budget (G08). One transaction each, with its audit
record (convention 1)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.models import Decision
from styrsam.cases.services.decisions import minute_item_reference
from styrsam.core.access import may
from styrsam.core.audit import audit_record, audited_create, audited_update
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import Membership, OrgUnit
from styrsam.organisation.roles import active_q
from styrsam.rental import services as rental_services
from styrsam.systems.models import System

from . import selectors
from .models import (
    KIND_RULES,
    AllocationKey,
    AllocationWeight,
    BudgetFrame,
    BudgetKind,
    BudgetPlan,
    DepartmentBudget,
    Source,
)

FIRST_YEAR = 2000
YEARS_AHEAD = 10


def _require(actor, perm: str, rule: str, obj=None) -> None:
    if actor is None or not may(actor, perm, obj):
        raise NotAllowed(
            _("Du har inte behörighet att göra detta."), code="permission_denied", rule=rule
        )


def _year(year, field: str = "year") -> int:
    today = timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Ange ett år."), code="year_invalid", field=field) from exc
    if not FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        raise ValidationFailed(
            _("Ange ett år mellan %(a)s och %(b)s.")
            % {"a": FIRST_YEAR, "b": today.year + YEARS_AHEAD},
            code="year_invalid",
            field=field,
        )
    return year


def _kronor(value, field: str = "amount") -> Decimal:
    """A whole, non-negative number of kronor."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationFailed(_("Ange ett belopp i kronor."), field=field) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed(
            _("Beloppet kan inte vara negativt."), code="negative_amount", field=field
        )
    if amount != amount.to_integral_value():
        raise ValidationFailed(_("Ange hela kronor."), code="whole_kronor", field=field)
    if amount >= Decimal(10) ** 14:
        raise ValidationFailed(_("Beloppet är för stort."), code="amount_too_large", field=field)
    return amount.quantize(Decimal(1))


def kr(amount) -> str:
    """``1234567`` → ``1 234 567`` (a no-break space between thousands), for messages."""
    value = Decimal(amount).quantize(Decimal(1))
    return f"{int(value):,}".replace(",", "\u00a0")


def _group_name(code: str | None) -> str:
    policy = get_policy()
    return policy.group(code).name if code and code in policy.groups else (code or "")


def _member_of(actor, group: str) -> bool:
    return Membership.objects.filter(active_q(), group__code=group, person=actor).exists()


# --- budgets (G13, G16) --------------------------------------------------------------------


def _check_kind(kind: str) -> str:
    if kind not in BudgetKind.values:
        raise ValidationFailed(_("Välj ett budgetslag."), code="kind_invalid", field="kind")
    return kind


def _check_horizon(count: int) -> None:
    low, high = get_policy().budget_horizon()
    if not low <= count <= high:
        raise ValidationFailed(
            _("Ett budgetförslag omfattar %(low)s–%(high)s år (G16), inte %(n)s.")
            % {"low": low, "high": high, "n": count},
            code="budget_horizon",
            field="amounts",
            rule="G16",
        )


@transaction.atomic
def budget_plan_create(
    *, actor, kind: str, first_year: int, amounts: Sequence, note: str = ""
) -> BudgetPlan:
    """Draft a budget of ``kind`` for ``first_year`` and the following years, one amount
    per year (G16: 3–4 years in the guideline). An open proposal of the same kind for any
    of those years must be changed instead."""
    _require(actor, "finance.change_budget", "G16")
    kind = _check_kind(kind)
    first_year = _year(first_year, "first_year")
    amounts = [_kronor(a, "amounts") for a in amounts]
    _check_horizon(len(amounts))
    last_year = first_year + len(amounts) - 1
    open_plan = (
        BudgetPlan.objects.select_for_update()
        .filter(kind=kind, first_year__lte=last_year, last_year__gte=first_year)
        .exclude(status=BudgetPlan.Status.DECIDED)
        .first()
    )
    if open_plan is not None:
        raise Conflict(
            _("Det finns redan ett förslag för %(plan)s som inte är beslutat; ändra det i stället.")
            % {"plan": open_plan},
            code="open_plan_exists",
            rule="G16",
        )
    plan = BudgetPlan.objects.create(
        kind=kind, first_year=first_year, last_year=last_year, note=note.strip(), created_by=actor
    )
    BudgetFrame.objects.bulk_create(
        BudgetFrame(plan=plan, year=first_year + i, amount=amount)
        for i, amount in enumerate(amounts)
    )
    audited_create(
        actor=actor,
        action="budget_plan.create",
        obj=plan,
        rule=KIND_RULES[kind],
        frames={str(first_year + i): a for i, a in enumerate(amounts)},
    )
    return plan


def _lock_plan(plan: BudgetPlan) -> BudgetPlan:
    return BudgetPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def budget_plan_update(
    *, actor, plan: BudgetPlan, amounts: Sequence | None = None, note: str | None = None
) -> BudgetPlan:
    """Change a draft's amounts (one per year of the plan) or its motivation. A proposed
    or decided plan is never changed (G13, G16)."""
    _require(actor, "finance.change_budget", "G16")
    plan = _lock_plan(plan)
    if plan.status != BudgetPlan.Status.DRAFT:
        raise Conflict(
            _("%(plan)s är %(status)s och kan inte ändras; gör ett nytt förslag.")
            % {"plan": plan, "status": plan.get_status_display().lower()},
            code="plan_not_draft",
            rule=plan.rule,
        )
    frames = list(plan.frames.order_by("year"))
    before = {str(f.year): f.amount for f in frames}
    if amounts is not None:
        amounts = [_kronor(a, "amounts") for a in amounts]
        if len(amounts) != len(frames):
            raise ValidationFailed(
                _("Ange ett belopp för vart och ett av åren %(a)s–%(b)s.")
                % {"a": plan.first_year, "b": plan.last_year},
                code="amounts_count",
                field="amounts",
            )
        for frame, amount in zip(frames, amounts, strict=True):
            if frame.amount != amount:
                frame.amount = amount
                frame.save(update_fields=["amount"])
    if note is not None:
        plan.note = note.strip()
    plan.save(update_fields=["note", "updated_at"])
    after = {str(f.year): f.amount for f in frames}
    if after != before or note is not None:
        audit_record(
            actor=actor,
            action="budget_plan.update",
            obj=plan,
            before={"frames": before},
            after={"frames": after, "note": plan.note},
            rule=plan.rule,
        )
    return plan


@transaction.atomic
def budget_plan_withdraw(*, actor, plan: BudgetPlan) -> None:
    """Withdraw a draft (it was never proposed or decided); its audit entries remain."""
    _require(actor, "finance.change_budget", "G16")
    plan = _lock_plan(plan)
    if plan.status != BudgetPlan.Status.DRAFT:
        raise Conflict(
            _("%(plan)s är %(status)s och kan inte tas bort.")
            % {"plan": plan, "status": plan.get_status_display().lower()},
            code="plan_not_draft",
            rule=plan.rule,
        )
    frames = {str(f.year): f.amount for f in plan.frames.order_by("year")}
    audit_record(
        actor=actor,
        action="budget_plan.withdraw",
        obj=plan,
        before={"kind": plan.kind, "frames": frames},
        rule=plan.rule,
    )
    plan.frames.all().delete()
    plan.delete()


def _minutes_reference(
    *,
    group: str,
    minute_item: MinuteItem | None,
    reference: str,
    on: datetime.date | None,
    rule: str,
    what: str,
) -> tuple[MinuteItem | None, str, datetime.date]:
    """Reference and date of a group's proposal or decision: from its § (which must be in
    that group's minutes), or a text reference for one taken before Styrsam."""
    reference = (reference or "").strip()
    if minute_item is not None:
        item = MinuteItem.objects.select_related("meeting__group").get(pk=minute_item.pk)
        meeting_ref = minute_item_reference(item)
        if item.meeting.group.code != group:
            raise Conflict(
                _(
                    "%(ref)s är inte en paragraf i protokollet för %(group)s, som %(what)s (%(rule)s)."
                )
                % {"ref": meeting_ref, "group": _group_name(group), "what": what, "rule": rule},
                code="wrong_group",
                field="minute_item",
                rule=rule,
            )
        if reference and reference != meeting_ref:
            raise ValidationFailed(
                _("Referensen tas från paragrafen (%(ref)s); lämna referensen tom.")
                % {"ref": meeting_ref},
                code="reference_mismatch",
                field="reference",
            )
        if on is not None and on != item.meeting.date:
            raise ValidationFailed(
                _("Datum är mötets datum (%(d)s); lämna datum tomt.")
                % {"d": f"{item.meeting.date:%Y-%m-%d}"},
                code="date_mismatch",
                field="date",
            )
        return item, meeting_ref, item.meeting.date
    if not reference:
        raise ValidationFailed(
            _("Välj en paragraf i protokollet eller ange en referens."),
            code="reference_required",
            field="reference",
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationFailed(
            _("Datum kan inte ligga i framtiden."), code="date_future", field="date"
        )
    return None, reference[:200], on


def _check_recorder(actor, group: str, rule: str) -> None:
    policy = get_policy()
    if actor is None or not may(actor, "finance.decide_budget"):
        names = ", ".join(policy.role_name(r) for r in policy.roles_with("record_budget_decisions"))
        raise NotAllowed(
            _("%(group)s beslut registreras av %(names)s (%(rule)s).")
            % {"group": _group_name(group), "names": names, "rule": rule},
            code="not_budget_recorder",
            rule=rule,
        )
    if not _member_of(actor, group):
        raise NotAllowed(
            _("Du är inte ledamot i %(group)s och kan inte registrera dess beslut (%(rule)s).")
            % {"group": _group_name(group), "rule": rule},
            code="not_group_member",
            rule=rule,
        )


@transaction.atomic
def budget_plan_propose(
    *,
    actor,
    plan: BudgetPlan,
    minute_item: MinuteItem | None = None,
    reference: str = "",
    proposed_on: datetime.date | None = None,
) -> BudgetPlan:
    """G13: the group the policy names proposes the budget (the steering group the IT
    platform's) in its minutes; the plan can then no longer change."""
    policy = get_policy()
    group = policy.budget_proposed_by_group(plan.kind)
    if not group:
        # who may act is asked before the plan's state: a recorder of the budget decisions
        # (who sits in the deciding group) learns that no group proposes it, no one else
        decider = policy.budget_decided_by_group()
        if decider:
            _check_recorder(actor, decider, "G13")
        else:
            _require(actor, "finance.decide_budget", "G13")
        raise Conflict(
            _("%(kind)s föreslås inte av någon grupp; förslaget beslutas direkt (G16).")
            % {"kind": plan.get_kind_display()},
            code="no_proposing_group",
            rule="G16",
        )
    _check_recorder(actor, group, "G13")
    plan = _lock_plan(plan)
    if plan.status != BudgetPlan.Status.DRAFT:
        raise Conflict(
            _("%(plan)s är redan %(status)s.")
            % {"plan": plan, "status": plan.get_status_display().lower()},
            code="plan_not_draft",
            rule="G13",
        )
    item, reference, on = _minutes_reference(
        group=group,
        minute_item=minute_item,
        reference=reference,
        on=proposed_on,
        rule="G13",
        what=_("föreslår budgeten"),
    )
    audited_update(
        actor=actor,
        obj=plan,
        action="budget_plan.propose",
        changes={
            "status": BudgetPlan.Status.PROPOSED,
            "proposed_group": group,
            "proposed_minute_item": item,
            "proposed_reference": reference,
            "proposed_on": on,
        },
        rule="G13",
    )
    return plan


@transaction.atomic
def budget_plan_decide(
    *,
    actor,
    plan: BudgetPlan,
    minute_item: MinuteItem | None = None,
    reference: str = "",
    decided_on: datetime.date | None = None,
) -> BudgetPlan:
    """G16: the deciding group (the financing group) decides the plan in its minutes. The
    plan and its frames are locked; for each of its years it supersedes the earlier
    decision. A decided investment frame becomes the IT unit's investment budget of the
    year in the rental system (G08)."""
    policy = get_policy()
    group = policy.budget_decided_by_group()
    if not group:
        raise Conflict(
            _("Policyn anger ingen grupp som beslutar IT-budgetarna (G16)."),
            code="no_deciding_group",
            rule="G16",
        )
    _check_recorder(actor, group, "G16")
    plan = _lock_plan(plan)
    if plan.status == BudgetPlan.Status.DECIDED:
        raise Conflict(
            _("%(plan)s är redan beslutad; en ändring är ett nytt förslag.") % {"plan": plan},
            code="already_decided",
            rule="G16",
        )
    proposer = policy.budget_proposed_by_group(plan.kind)
    if proposer and plan.status != BudgetPlan.Status.PROPOSED:
        raise Conflict(
            _("%(kind)s föreslås av %(group)s innan den beslutas (G13).")
            % {"kind": plan.get_kind_display(), "group": _group_name(proposer)},
            code="not_proposed",
            rule="G13",
        )
    item, reference, on = _minutes_reference(
        group=group,
        minute_item=minute_item,
        reference=reference,
        on=decided_on,
        rule="G16",
        what=_("beslutar IT-budgetarna"),
    )
    if plan.proposed_on and on < plan.proposed_on:
        raise ValidationFailed(
            _("Beslutet kan inte fattas före förslaget (%(d)s).") % {"d": plan.proposed_on},
            code="decided_before_proposed",
            field="date",
        )
    if plan.first_year < on.year:
        raise Conflict(
            _("Budgeten gäller från %(y)s; ett beslut %(d)s kan bara gälla kommande år (G16).")
            % {"y": plan.first_year, "d": f"{on:%Y-%m-%d}"},
            code="year_passed",
            rule="G16",
        )
    years = list(range(plan.first_year, plan.last_year + 1))
    before = selectors.frames_in_force(years=years, kinds=[plan.kind])
    audited_update(
        actor=actor,
        obj=plan,
        action="budget_plan.decide",
        changes={
            "status": BudgetPlan.Status.DECIDED,
            "decided_group": group,
            "decided_minute_item": item,
            "decided_reference": reference,
            "decided_on": on,
            "decided_by": actor,
        },
        rule=KIND_RULES[plan.kind],
    )
    plan.frames.update(locked=True)
    in_force = selectors.frames_in_force(years=years, kinds=[plan.kind])
    audit_record(
        actor=actor,
        action="budget_plan.supersede",
        obj=plan,
        after={
            "frames": {str(f.year): f.amount for f in plan.frames.order_by("year")},
            "supersedes": sorted(
                {
                    f.plan_id
                    for y, f in before.items()
                    if in_force.get(y) and in_force[y].plan_id == plan.pk
                }
            ),
        },
        rule="G16",
    )
    if plan.kind == BudgetKind.INVESTMENT:
        for (_kind, year), frame in sorted(in_force.items()):
            if frame.plan_id == plan.pk:  # G08: the IT unit buys from this budget
                rental_services.budget_set(actor=None, year=year, amount=frame.amount)
    return plan


# --- guards on other apps' writes -------------------------------------------------------------


def investment_budget_guard(*, year: int, amount: Decimal) -> None:
    """G08, G16: once the financing group has decided the investment frame of a year, the
    rental system's investment budget of that year is that frame."""
    frame = selectors.frame_in_force(BudgetKind.INVESTMENT, year)
    if frame is not None and Decimal(amount) != frame.amount:
        raise Conflict(
            _(
                "Investeringsbudgeten för %(y)s är beslutad av %(group)s (%(ref)s): %(a)s kr. "
                "En ändring är ett nytt budgetbeslut (G16)."
            )
            % {
                "y": year,
                "group": _group_name(frame.plan.decided_group),
                "ref": frame.plan.decided_reference,
                "a": kr(frame.amount),
            },
            code="investment_budget_decided",
            field="amount",
            rule="G16",
        )


def grant_guard(*, case, decision: Decision) -> None:
    """G27: a granted amount draws on the co-financing pool's decided budget for the year of
    the decision; a grant beyond what is left is refused. Sent by the cases service with the
    decision just written (its transaction); the pool's plan row is locked so two grants
    cannot both take the last krona. Once any pool is decided in Styrsam, a year without a
    decided pool has nothing to grant from."""
    if not get_policy().carries_amount(case.case_type):
        return
    if decision.outcome != Decision.Outcome.APPROVED or decision.amount_granted is None:
        return
    year = timezone.localdate(decision.decided_at).year
    earlier = decision.corrects
    released = (
        earlier.amount_granted
        if earlier is not None
        and earlier.outcome == Decision.Outcome.APPROVED
        and earlier.amount_granted is not None
        and timezone.localdate(earlier.decided_at).year == year
        else Decimal(0)
    )
    if decision.amount_granted <= released:
        return  # a correction that lowers a grant never needs more of the pool
    frame = selectors.frame_in_force(BudgetKind.POOL, year, lock=True)
    if frame is None:
        if not BudgetPlan.objects.filter(
            kind=BudgetKind.POOL, status=BudgetPlan.Status.DECIDED
        ).exists():
            return  # the pool is not budgeted in Styrsam: nothing to check against
        raise Conflict(
            _("Ingen budget för centrala medel är beslutad för %(y)s; inget kan beviljas (G27).")
            % {"y": year},
            code="no_pool_budget",
            field="amount_granted",
            rule="G27",
        )
    used = selectors.granted_in_year(year)  # includes this decision, not the corrected one
    if used > frame.amount:
        remaining = frame.amount - (used - decision.amount_granted)
        raise Conflict(
            _(
                "Beviljat belopp %(a)s kr överskrider det som återstår av de centrala medlen "
                "för %(y)s: %(r)s kr av %(b)s kr (G27)."
            )
            % {
                "a": kr(decision.amount_granted),
                "y": year,
                "r": kr(remaining),
                "b": kr(frame.amount),
            },
            code="pool_exceeded",
            field="amount_granted",
            rule="G27",
            extra={"remaining": str(remaining)},
        )


# --- allocation keys (G26) -------------------------------------------------------------------


def _weights(
    basis: str, weights: Iterable[tuple[OrgUnit, object]]
) -> list[tuple[OrgUnit, Decimal]]:
    units = {u.pk for u in selectors.chargeable_units()}
    out: list[tuple[OrgUnit, Decimal]] = []
    seen: set[int] = set()
    for unit, value in weights:
        if unit.pk not in units:
            raise ValidationFailed(
                _("%(u)s betalar inte för system; välj en förvaltning.") % {"u": unit},
                code="unit_not_chargeable",
                field="weights",
            )
        if unit.pk in seen:
            raise ValidationFailed(
                _("%(u)s finns två gånger i nyckeln.") % {"u": unit}, field="weights"
            )
        seen.add(unit.pk)
        try:
            weight = Decimal(str(value if value not in (None, "") else 0))
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise ValidationFailed(_("Ange vikterna som tal."), field="weights") from exc
        if not weight.is_finite() or weight < 0:
            raise ValidationFailed(_("En vikt kan inte vara negativ."), field="weights")
        if basis == AllocationKey.Basis.EQUAL:
            weight = Decimal(1) if weight > 0 else Decimal(0)
        elif basis == AllocationKey.Basis.PERCENT:
            if weight != weight.quantize(Decimal("0.01")) or weight > 100:
                raise ValidationFailed(
                    _("Ange procentsatser med högst två decimaler."), field="weights"
                )
        elif weight != weight.to_integral_value() or weight >= Decimal(10) ** 9:
            raise ValidationFailed(
                _("Ange antal som heltal (användare, anställda eller licenser)."), field="weights"
            )
        if weight > 0:
            out.append((unit, weight.quantize(Decimal("0.01"))))
    if not out:
        raise ValidationFailed(
            _("Nyckeln måste ge minst en förvaltning en andel (G26)."),
            code="no_weights",
            field="weights",
            rule="G26",
        )
    if basis == AllocationKey.Basis.PERCENT:
        total = sum((w for _u, w in out), Decimal(0))
        if total != 100:
            raise ValidationFailed(
                _("Procentsatserna summerar till %(t)s %%, inte 100 %% (G26).") % {"t": total},
                code="percent_not_100",
                field="weights",
                rule="G26",
            )
    return out


@transaction.atomic
def allocation_key_create(
    *,
    actor,
    system: System,
    basis: str,
    valid_from: int,
    weights: Iterable[tuple[OrgUnit, object]],
    note: str = "",
) -> AllocationKey:
    """G26: how ``system``'s yearly cost is shared out from ``valid_from`` on. Only for a
    system financed centrally or by allocation (G25: a department's own system is its own);
    the key supersedes the system's earlier key from that year."""
    _require(actor, "finance.manage_allocation", "G26")
    policy = get_policy()
    shared = set(policy.allocated_principles()) | set(policy.central_principles())
    if system.financing_principle not in shared:
        raise Conflict(
            _("%(s)s finansieras av den ägande förvaltningen (G25); dess kostnad fördelas inte.")
            % {"s": system.name},
            code="not_shared",
            field="system",
            rule="G26",
        )
    if basis not in AllocationKey.Basis.values:
        raise ValidationFailed(_("Välj en fördelningsgrund."), field="basis")
    valid_from = _year(valid_from, "valid_from")
    checked = _weights(basis, weights)
    key = AllocationKey.objects.create(
        system=system,
        basis=basis,
        valid_from=valid_from,
        note=(note or "").strip()[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    AllocationWeight.objects.bulk_create(
        AllocationWeight(key=key, department=unit, weight=weight) for unit, weight in checked
    )
    audited_create(
        actor=actor,
        action="allocation_key.create",
        obj=key,
        rule="G26",
        weights={unit.code: weight for unit, weight in checked},
    )
    return key


# --- a department's own budget -----------------------------------------------------------------


@transaction.atomic
def department_budget_set(
    *, actor, department: OrgUnit, year: int, source: str, amount
) -> DepartmentBudget:
    """The department's IT budget for one line of its statement (G24–G27)."""
    _require(actor, "finance.set_department_budget", "G24", department)
    if source not in Source.values:
        raise ValidationFailed(_("Välj en rad i sammanställningen."), field="source")
    year = _year(year)
    amount = _kronor(amount)
    budget = (
        DepartmentBudget.objects.select_for_update()
        .filter(department=department, year=year, source=source)
        .first()
    )
    if budget is None:
        budget = DepartmentBudget.objects.create(
            department=department, year=year, source=source, amount=amount
        )
        audited_create(actor=actor, action="department_budget.set", obj=budget)
        return budget
    audited_update(
        actor=actor, obj=budget, action="department_budget.set", changes={"amount": amount}
    )
    return budget
