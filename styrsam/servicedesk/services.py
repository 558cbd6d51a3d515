"""Writes of the service desk (G07): catalogue items, orders, approvals, fulfilment."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may
from styrsam.core.audit import audit_record, audited_create, audited_update
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_any_role, require_governance_actor, roles_of
from styrsam.rental import services as rental_services

from .models import CatalogueItem, Order, OrderApproval, OrderStatusChange
from .rules import approval_step_holder, own_order, steps_to_answer
from .selectors import pending_steps

S = Order.Status


def validate_item(values: dict) -> None:
    """The checks of an article as it would be saved (its stored values with the changes)."""
    kind = values.get("kind")
    if kind not in CatalogueItem.Kind.values:
        raise ValidationFailed(_("Okänt slag: %(k)s") % {"k": kind}, field="kind")
    if values.get("rented") and values.get("asset_type") is None:
        raise ValidationFailed(
            _("Hyrd utrustning måste ha en utrustningstyp (G08)."), field="asset_type", rule="G08"
        )
    if kind == CatalogueItem.Kind.SYSTEM_PERMISSION and values.get("system") is None:
        raise ValidationFailed(
            _("En systembehörighet gäller ett system i systemförteckningen."), field="system"
        )
    price = values.get("price")
    if price is not None and Decimal(price) < 0:
        raise ValidationFailed(_("Priset kan inte vara negativt."), field="price")


def _it_unit_name() -> str:
    """The IT unit as the policy names it (G06; "IT-enheten" by default, issue 21)."""
    policy = get_policy()
    code = policy.it_unit_code()
    return policy.unit_codes().get(code, code)


def require_catalogue_manager(*, actor) -> None:
    """Refuse (403, G07) unless ``actor`` manages the catalogue: the roles of the policy's
    ``orders.catalogue_managed_by``. ``None`` is the system itself (demo data, commands)."""
    if actor is not None and not actor.has_perm("servicedesk.manage_catalogue"):
        raise NotAllowed(
            _("Katalogen förvaltas av %(unit)s.") % {"unit": _it_unit_name()}, rule="G07"
        )


@transaction.atomic
def catalogue_item_save(*, actor, item: CatalogueItem | None = None, **fields) -> CatalogueItem:
    """Create (``item`` None) or change a catalogue item, for the page and the API alike.
    Managed by the IT unit (G07); an item is never deleted, ``is_active=False`` retires it."""
    require_catalogue_manager(actor=actor)
    unknown = set(fields) - set(CatalogueItem.AUDITED_FIELDS)
    if unknown:
        raise TypeError(f"catalogue_item_save: unknown fields {sorted(unknown)}")
    if item is not None:  # as stored, locked: a ModelForm's validation changes its instance
        item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    stored = item or CatalogueItem()
    values = {name: getattr(stored, name) for name in CatalogueItem.AUDITED_FIELDS}
    values.update(fields)
    validate_item(values)
    if CatalogueItem.objects.filter(name=values["name"]).exclude(pk=stored.pk).exists():
        raise Conflict(_("Det finns redan en artikel med det namnet."), code="name_taken")
    if item is None:
        item = CatalogueItem.objects.create(**fields)
        audited_create(actor=actor, action="catalogue.create", obj=item, rule="G07")
    else:
        audited_update(actor=actor, obj=item, action="catalogue.update", changes=fields, rule="G07")
    return item


def _may_order_for(actor, department: OrgUnit) -> bool:
    if actor is None:
        return True
    if actor.is_superuser or has_any_role(actor, get_policy().order_fulfil_roles()):
        return True
    profile = getattr(actor, "profile", None)
    if profile is not None and profile.unit_id == department.pk:
        return True
    return any(unit == department.pk for _role, unit in roles_of(actor))


def _transition(order: Order, to: str, actor, comment: str = "", **changes) -> None:
    """Move ``order`` to status ``to`` (with ``changes`` to other fields saved alongside), on
    its status history and its audit record."""
    OrderStatusChange.objects.create(
        order=order,
        from_status=order.status,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment[:300],
    )
    audited_update(
        actor=actor,
        obj=order,
        action=f"order.{to}",
        changes={**changes, "status": to},
        fields=("status",),
    )


@transaction.atomic
def order_create(
    *,
    actor,
    department: OrgUnit,
    item: CatalogueItem,
    quantity: int = 1,
    for_person=None,
    note: str = "",
    submit: bool = True,
) -> Order:
    """A department orders through the service desk (G07); submitted for approval at once
    unless ``submit`` is False (a draft)."""
    if not item.is_active:
        raise Conflict(_("Artikeln går inte längre att beställa."), code="item_inactive")
    it_unit = get_policy().it_unit_code()  # the IT unit orders as a department does
    if department.kind != OrgUnit.Kind.DEPARTMENT and department.code != it_unit:
        raise ValidationFailed(_("Beställningen görs för en förvaltning."), field="department")
    if not _may_order_for(actor, department):
        raise NotAllowed(
            _("Du kan bara beställa för din egen förvaltning (G07)."),
            code="not_own_department",
            rule="G07",
        )
    if quantity < 1:
        raise ValidationFailed(_("Antal måste vara minst 1."), field="quantity")
    if item.kind == CatalogueItem.Kind.SYSTEM_PERMISSION and item.system.is_retired:
        raise Conflict(_("Systemet är avvecklat."), code="system_retired")
    order = Order.objects.create(
        department=department,
        item=item,
        quantity=quantity,
        for_person=for_person,
        note=note,
        ordered_by=actor,
        status=S.DRAFT,
    )
    OrderStatusChange.objects.create(order=order, to_status=S.DRAFT, actor=actor)
    audited_create(actor=actor, action="order.create", obj=order, rule="G07")
    if submit:
        order_submit(actor=actor, order=order)
    return order


@transaction.atomic
def order_submit(*, actor, order: Order) -> Order:
    if order.status != S.DRAFT:
        raise Conflict(_("Beställningen är redan skickad."), code="not_draft")
    if actor is not None and actor.pk != order.ordered_by_id:
        raise NotAllowed(_("Bara den som beställt kan skicka beställningen."))
    approvals = get_policy().order_approvals(order.item.kind)
    _transition(order, S.AWAITING_APPROVAL, actor, required_approvals=approvals)
    if not order.required_approvals:
        _transition(order, S.APPROVED, actor, _("Inget godkännande krävs enligt policyn."))
    return order


def _answer(*, actor, order: Order, approved: bool, comment: str) -> tuple[list[dict], Order]:
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("item__system")
        .get(pk=order.pk)
    )
    if order.status != S.AWAITING_APPROVAL:
        raise Conflict(
            _("Beställningen väntar inte på godkännande (status: %(s)s).")
            % {"s": order.get_status_display()},
            code="not_awaiting_approval",
            rule="G07",
        )
    require_governance_actor(actor, rule="G07")
    if own_order(actor, order):
        raise NotAllowed(
            _(
                "Du kan inte godkänna eller avslå en beställning som du själv har gjort eller "
                "som gäller dig (fyra ögon, G07)."
            ),
            code="own_order",
            rule="G07",
        )
    pending = pending_steps(order)
    policy = get_policy()
    if not any(approval_step_holder(actor, order, s) for s in pending):
        names = ", ".join(policy.role_name(s["role"]) for s in pending)
        raise NotAllowed(
            _("Beställningen godkänns av %(names)s enligt policyn (G07).") % {"names": names},
            code="not_approver",
            rule="G07",
        )
    mine = steps_to_answer(actor, order, pending)
    if not mine:  # the actor holds a later step: the earlier ones are answered first
        raise Conflict(
            _("Godkännandena görs i policyns ordning: först %(name)s (G07).")
            % {"name": policy.role_name(pending[0]["role"])},
            code="approval_out_of_order",
            rule="G07",
        )
    for step in mine:
        OrderApproval.objects.create(
            order=order, role=step["role"], approver=actor, approved=approved, comment=comment
        )
    return [s for s in pending if s not in mine], order


@transaction.atomic
def order_approve(*, actor, order: Order, comment: str = "") -> Order:
    """Approve the steps the actor answers for; the order is approved when none remain."""
    remaining, locked = _answer(actor=actor, order=order, approved=True, comment=comment)
    audit_record(
        actor=actor, action="order.approve_step", obj=locked, after={"comment": comment}, rule="G07"
    )
    if not remaining:
        _transition(locked, S.APPROVED, actor, comment)
    return locked


@transaction.atomic
def order_reject(*, actor, order: Order, comment: str = "") -> Order:
    _remaining, locked = _answer(actor=actor, order=order, approved=False, comment=comment)
    _transition(locked, S.REJECTED, actor, comment)
    return locked


@transaction.atomic
def order_cancel(*, actor, order: Order, comment: str = "") -> Order:
    """Cancel before fulfilment: the orderer, the person it is for, or the service desk (G07);
    never a superuser as such (no governance actor, issue 11). Who may before the state."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if actor is not None and not may(actor, "servicedesk.cancel_order", order):
        raise NotAllowed(
            _("Bara beställaren eller kundservice kan makulera (G07)."),
            code="not_order_canceller",
            rule="G07",
        )
    if order.status not in Order.OPEN:
        raise Conflict(
            _("Beställningen kan inte makuleras (status: %(s)s).")
            % {"s": order.get_status_display()},
            code="not_cancellable",
        )
    _transition(order, S.CANCELLED, actor, comment)
    return order


@transaction.atomic
def order_fulfil(
    *,
    actor,
    order: Order,
    delivery_date: datetime.date | None = None,
    assets: list[dict] | None = None,
    comment: str = "",
) -> Order:
    """The IT unit delivers (G07). Rented equipment is registered to the department from the
    delivery date (G08, G24) and its purchase is recorded against the investment budget."""
    if actor is not None and not actor.has_perm("servicedesk.fulfil_orders"):
        raise NotAllowed(
            _("Beställningar levereras av %(unit)s (G06).") % {"unit": _it_unit_name()},
            rule="G06",
        )
    order = Order.objects.select_for_update().select_related("item", "department").get(pk=order.pk)
    if order.status != S.APPROVED:
        raise Conflict(
            _("Bara godkända beställningar kan levereras (status: %(s)s).")
            % {"s": order.get_status_display()},
            code="not_approved",
            rule="G07",
        )
    delivery_date = delivery_date or timezone.localdate()
    item = order.item
    assets = assets or []
    if item.rented:
        if len(assets) != order.quantity:
            raise ValidationFailed(
                _("Ange inventarienummer och serienummer för %(n)s enheter.")
                % {"n": order.quantity},
                field="assets",
            )
        created = [
            rental_services.asset_register(
                actor=actor,
                asset_type=item.asset_type,
                tag=a.get("tag", ""),
                serial_number=a.get("serial_number", ""),
                model=a.get("model") or item.name,
                department=order.department,
                user=order.for_person,
                start_date=delivery_date,
            )
            for a in assets
        ]
        order.assets.add(*created)
        if item.price:
            rental_services.purchase_record(
                actor=actor,
                date=delivery_date,
                amount=Decimal(item.price) * order.quantity,
                description=f"{item.name} ×{order.quantity} till {order.department.name}",
                reference=f"order:{order.pk}",
                asset_count=order.quantity,
            )
    fulfilled_by = actor if getattr(actor, "is_authenticated", False) else None
    _transition(
        order,
        S.FULFILLED,
        actor,
        comment,
        delivery_date=delivery_date,
        fulfilled_by=fulfilled_by,
    )
    return order
