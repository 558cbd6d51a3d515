"""Writes of the rental system: assets, transfers, rent levels and their decision, the
investment budget. One transaction each, with its audit record (convention 1)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.services.decisions import minute_item_reference as meeting_reference
from styrsam.core.access import may
from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import Membership, OrgUnit
from styrsam.organisation.roles import active_q

from .hooks import investment_budget_check
from .models import (
    AssetType,
    InvestmentBudget,
    InvestmentPurchase,
    RentDecision,
    RentedAsset,
    RentLevel,
)


def _require(actor, perm: str, rule: str = "") -> None:
    if actor is not None and not may(actor, perm):
        raise NotAllowed(_("Du har inte behörighet att göra detta."), rule=rule or None)


def _create_or_update(*, actor, found, model, key: dict, changes: dict, action: str, rule: str):
    """Create the row of ``key`` with ``changes``, or change the ``found`` one; the audit
    record says which (after, or what changed)."""
    if found is None:
        created = model.objects.create(**key, **changes)
        audited_create(actor=actor, action=action, obj=created, rule=rule)
        return created
    audited_update(actor=actor, obj=found, action=action, changes=changes, rule=rule)
    return found


def _check_department(department: OrgUnit) -> None:
    """Departments rent, and the IT unit itself (policy ``designations.it_unit``)."""
    if (
        department.kind != OrgUnit.Kind.DEPARTMENT
        and department.code != get_policy().it_unit_code()
    ):
        raise ValidationFailed(
            _("Utrustning hyrs ut till förvaltningar (G08)."), field="department", rule="G08"
        )


def _asset_type_unique(*, exclude_pk=None, **values) -> None:
    """409 when another asset type has the code or name (set-up, issue 21)."""
    for field, value in values.items():
        others = AssetType.objects.filter(**{f"{field}__iexact": value})
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        if others.exists():
            raise Conflict(
                _("En utrustningstyp har redan %(what)s ”%(v)s”.")
                % {"what": AssetType._meta.get_field(field).verbose_name, "v": value},
                code=f"{field}_taken",
                field=field,
            )


@transaction.atomic
def asset_type_create(*, actor, code: str, name: str) -> AssetType:
    _require(actor, "rental.manage_assets")
    _asset_type_unique(code=code, name=name)
    asset_type = AssetType.objects.create(code=code, name=name)
    audited_create(actor=actor, action="asset_type.create", obj=asset_type)
    return asset_type


@transaction.atomic
def asset_type_update(*, actor, asset_type: AssetType, **changes) -> AssetType:
    """Change an asset type's code, name or whether new equipment may have it (audited)."""
    _require(actor, "rental.manage_assets")
    _asset_type_unique(
        exclude_pk=asset_type.pk, **{k: v for k, v in changes.items() if k in {"code", "name"}}
    )
    audited_update(actor=actor, obj=asset_type, action="asset_type.update", changes=changes)
    return asset_type


@transaction.atomic
def asset_register(
    *,
    actor,
    asset_type: AssetType,
    tag: str,
    department: OrgUnit,
    start_date: datetime.date,
    model: str = "",
    serial_number: str = "",
    user=None,
    replaces: RentedAsset | None = None,
) -> RentedAsset:
    """Register rented equipment to a department from ``start_date`` (G08, G24)."""
    _require(actor, "rental.manage_assets", "G08")
    _check_department(department)
    tag = tag.strip()
    if not tag:
        raise ValidationFailed(_("Ange inventarienummer."), field="tag")
    if RentedAsset.objects.filter(tag=tag, ended_by_transfer=False).exists():
        raise Conflict(
            _("Inventarienumret %(tag)s finns redan.") % {"tag": tag}, code="tag_taken", field="tag"
        )
    asset = RentedAsset.objects.create(
        asset_type=asset_type,
        tag=tag,
        department=department,
        start_date=start_date,
        model=model,
        serial_number=serial_number,
        user=user,
        replaces=replaces,
    )
    if replaces is not None and replaces.end_date is None:
        asset_return(actor=actor, asset=replaces, end_date=start_date - datetime.timedelta(days=1))
    audited_create(actor=actor, action="asset.register", obj=asset)
    return asset


@transaction.atomic
def asset_return(*, actor, asset: RentedAsset, end_date: datetime.date) -> RentedAsset:
    """The department stops renting the item; ``end_date`` is its last rented day."""
    _require(actor, "rental.manage_assets", "G08")
    if asset.end_date is not None:
        raise Conflict(_("Utrustningen är redan återlämnad."), code="already_returned")
    if end_date < asset.start_date:
        raise ValidationFailed(_("Sista hyresdag är före startdatum."), field="end_date")
    audited_update(actor=actor, obj=asset, action="asset.return", changes={"end_date": end_date})
    return asset


@transaction.atomic
def asset_transfer(
    *, actor, asset: RentedAsset, to_department: OrgUnit, date: datetime.date, user=None
) -> RentedAsset:
    """Move an item to another department from ``date``: the old department pays up to the day
    before, the new one from ``date`` (G24)."""
    _require(actor, "rental.manage_assets", "G24")
    _check_department(to_department)
    asset = RentedAsset.objects.select_for_update().get(pk=asset.pk)
    if asset.end_date is not None:
        raise Conflict(_("Återlämnad utrustning kan inte överföras."), code="already_returned")
    if to_department.pk == asset.department_id:
        raise ValidationFailed(_("Utrustningen hyrs redan av den förvaltningen."))
    if date <= asset.start_date:
        raise ValidationFailed(
            _("Överföringen måste ske efter startdatum %(d)s.") % {"d": asset.start_date},
            field="date",
        )
    before = snapshot(asset)
    asset.end_date = date - datetime.timedelta(days=1)
    asset.ended_by_transfer = True
    asset.save(update_fields=["end_date", "ended_by_transfer", "updated_at"])
    new = RentedAsset.objects.create(
        asset_type_id=asset.asset_type_id,
        model=asset.model,
        tag=asset.tag,
        serial_number=asset.serial_number,
        department=to_department,
        user=user,
        start_date=date,
        replaces=asset.replaces,
        transferred_from=asset,
    )
    audit_record(
        actor=actor,
        action="asset.transfer",
        obj=asset,
        before=before,
        after={**snapshot(asset), "to": str(to_department), "new_id": new.pk},
        rule="G24",
    )
    audited_create(actor=actor, action="asset.register", obj=new)
    return new


# rent levels (G16)


@transaction.atomic
def rent_level_set(
    *, actor, asset_type: AssetType, year: int, monthly_amount: Decimal
) -> RentLevel:
    """Draft (or redraft) the rent of an asset type for a year. A decided year is closed."""
    _require(actor, "rental.draft_rent_levels", "G16")
    if Decimal(monthly_amount) < 0:
        raise ValidationFailed(_("Hyran kan inte vara negativ."), field="monthly_amount")
    level = RentLevel.objects.select_for_update().filter(asset_type=asset_type, year=year).first()
    if level and level.status == RentLevel.Status.DECIDED:
        raise Conflict(
            _("Hyran för %(year)s är beslutad av %(group)s och kan inte ändras.")
            % {"year": year, "group": rent_group_name()},
            code="rent_decided",
            rule="G16",
        )
    return _create_or_update(
        actor=actor,
        found=level,
        model=RentLevel,
        key={"asset_type": asset_type, "year": year},
        changes={"monthly_amount": Decimal(monthly_amount)},
        action="rent_level.draft",
        rule="G16",
    )


def rent_group_name(policy=None) -> str:
    """The group that decides the rent, as the policy names it (G16: Finansieringsgruppen by
    default, Digitaliseringsrådet in Andrakommun, issue 21)."""
    policy = policy or get_policy()
    group = policy.rent_decided_by_group()
    if group and group in policy.groups:
        return policy.group(group).name
    return _("den beslutande gruppen")


def _acts_for_group(actor, group_code: str | None) -> bool:
    if not group_code:
        return True
    return Membership.objects.filter(active_q(), group__code=group_code, person=actor).exists()


def _minute_item_checked(minute_item: MinuteItem, group_code: str | None) -> MinuteItem:
    """The § must be in the minutes of the group that decides the rent (G16)."""
    item = MinuteItem.objects.select_related("meeting__group").get(pk=minute_item.pk)
    if group_code and item.meeting.group.code != group_code:
        policy = get_policy()
        deciding = policy.group(group_code).name if group_code in policy.groups else group_code
        raise Conflict(
            _(
                "%(ref)s är inte en paragraf i protokollet för %(deciding)s, som beslutar hyran (G16)."
            )
            % {"ref": meeting_reference(item), "deciding": deciding},
            code="wrong_deciding_group",
            field="minute_item",
            rule="G16",
        )
    return item


@transaction.atomic
def rent_levels_decide(
    *,
    actor,
    year: int,
    reference: str = "",
    decided_on: datetime.date | None = None,
    minute_item: MinuteItem | None = None,
) -> RentDecision:
    """Record the financing group's decision on next year's rent (G16): the year's draft
    levels become decided and can no longer change.

    ``minute_item``: the § of the deciding group's minutes (policy ``rental.rent_decided_by``)
    that records the decision. The reference is then derived from it ("Finansieringsgruppen
    2026-10-14 § 12") and the decision date is the meeting's; a ``reference`` or ``decided_on``
    given as well must agree with it. Without a §, a text reference is required (decisions
    taken before Styrsam) and the date defaults to today."""
    policy = get_policy()
    group = policy.rent_decided_by_group()
    if actor is None or not may(actor, "rental.decide_rent"):
        names = ", ".join(policy.role_name(r) for r in policy.rent_decision_roles())
        raise NotAllowed(
            _("Hyran beslutas av %(group)s; registreras av %(names)s (G16).")
            % {"group": rent_group_name(policy), "names": names},
            code="not_rent_decider",
            rule="G16",
        )
    if not _acts_for_group(actor, group):
        raise NotAllowed(
            _("Du är inte ledamot i %(group)s och kan inte registrera dess beslut (G16).")
            % {"group": policy.group(group).name if group in policy.groups else group},
            code="not_group_member",
            rule="G16",
        )
    reference = (reference or "").strip()
    if minute_item is not None:
        minute_item = _minute_item_checked(minute_item, group)
        meeting_ref = meeting_reference(minute_item)
        if reference and reference != meeting_ref:
            raise ValidationFailed(
                _("Referensen tas från paragrafen (%(ref)s); lämna beslutsreferensen tom.")
                % {"ref": meeting_ref},
                code="reference_mismatch",
                field="reference",
            )
        if decided_on is not None and decided_on != minute_item.meeting.date:
            raise ValidationFailed(
                _("Beslutsdatum är mötets datum (%(d)s); lämna beslutsdatum tomt.")
                % {"d": f"{minute_item.meeting.date:%Y-%m-%d}"},
                code="decided_on_mismatch",
                field="decided_on",
            )
        reference, decided_on = meeting_ref, minute_item.meeting.date
        group = group or minute_item.meeting.group.code
    elif not reference:
        raise ValidationFailed(
            _("Välj en paragraf i protokollet eller ange beslutsreferens."),
            code="reference_required",
            field="reference",
        )
    levels = list(RentLevel.objects.select_for_update().filter(year=year))
    if any(lv.status == RentLevel.Status.DECIDED for lv in levels):
        raise Conflict(
            _("Hyran för %(year)s är redan beslutad.") % {"year": year},
            code="rent_decided",
            rule="G16",
        )
    priced = {lv.asset_type_id for lv in levels}
    missing = AssetType.objects.filter(is_active=True).exclude(pk__in=priced)
    if not levels or missing.exists():
        names = ", ".join(missing.values_list("name", flat=True)) or _("alla typer")
        raise Conflict(
            _("Förslag saknas för %(year)s: %(names)s.") % {"year": year, "names": names},
            code="rent_levels_missing",
            rule="G16",
        )
    decision = RentDecision.objects.create(
        year=year,
        group_code=group or "",
        reference=reference,
        decided_on=decided_on or timezone.localdate(),
        decided_by=actor,
        minute_item=minute_item,
    )
    RentLevel.objects.filter(pk__in=[lv.pk for lv in levels]).update(
        status=RentLevel.Status.DECIDED, decision=decision, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="rent.decide",
        obj=decision,
        after={
            "year": year,
            "reference": decision.reference,
            "decided_on": decision.decided_on,
            "minute_item": minute_item,
            "levels": {str(lv.asset_type_id): lv.monthly_amount for lv in levels},
        },
        rule="G16",
    )
    return decision


# investment budget (G08)


@transaction.atomic
def budget_set(*, actor, year: int, amount: Decimal) -> InvestmentBudget:
    _require(actor, "rental.manage_budget", "G08")
    if Decimal(amount) < 0:
        raise ValidationFailed(_("Budgeten kan inte vara negativ."), field="amount")
    investment_budget_check.send(year=year, amount=Decimal(amount))  # G16 (finance app)
    return _create_or_update(
        actor=actor,
        found=InvestmentBudget.objects.select_for_update().filter(year=year).first(),
        model=InvestmentBudget,
        key={"year": year},
        changes={"amount": Decimal(amount)},
        action="budget.set",
        rule="G08",
    )


def _it_unit_name() -> str:
    """The IT unit as the policy names it (G06; "IT-enheten" by default, issue 21)."""
    policy = get_policy()
    return policy.unit_codes().get(policy.it_unit_code(), policy.it_unit_code())


@transaction.atomic
def purchase_record(
    *,
    actor,
    date: datetime.date,
    amount: Decimal,
    description: str,
    reference: str = "",
    asset_count: int = 0,
) -> InvestmentPurchase:
    """Record equipment bought from the IT unit's investment budget of ``date``'s year (G08).
    Exceeding the budget is allowed but shown as a warning; a missing budget is refused."""
    budget = InvestmentBudget.objects.select_for_update().filter(year=date.year).first()
    if budget is None:
        raise Conflict(
            _("%(unit)s har ingen investeringsbudget för %(year)s (G08).")
            % {"unit": _it_unit_name(), "year": date.year},
            code="no_investment_budget",
            rule="G08",
        )
    purchase = InvestmentPurchase.objects.create(
        budget=budget,
        date=date,
        amount=Decimal(amount),
        description=description[:300],
        reference=reference,
        asset_count=asset_count,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(actor=actor, action="budget.purchase", obj=purchase, rule="G08")
    return purchase


def budget_used(budget: InvestmentBudget) -> Decimal:
    return budget.purchases.aggregate(s=Sum("amount"))["s"] or Decimal("0")
