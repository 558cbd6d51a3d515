"""Orders through the service desk (G07): approval per the policy, fulfilment by the IT unit
registering rented equipment to the department (G08) and charging it in the rent run (G24)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.rental.models import InvestmentPurchase, LedgerLine, RentedAsset
from styrsam.rental.runs import rent_run
from styrsam.servicedesk import services
from styrsam.servicedesk.models import Order
from tests.vocab import c

S = Order.Status
DELIVERY = datetime.date(2026, 9, 16)


def _order(orderer, vof, item, **kw):
    return services.order_create(actor=orderer, department=vof, item=item, for_person=orderer, **kw)


@pytest.mark.rule("G07")
def test_g07_order_approve_fulfil_registers_asset_and_rent_is_charged(
    orderer, vof, laptop, head_vof, service_desk, head_of_it, rent_2026, budget_2026
):
    order = _order(orderer, vof, laptop)
    assert order.status == S.AWAITING_APPROVAL
    services.order_approve(actor=head_vof, order=order)
    order.refresh_from_db()
    assert order.status == S.APPROVED
    services.order_fulfil(
        actor=service_desk,
        order=order,
        delivery_date=DELIVERY,
        assets=[{"tag": "INV-1", "serial_number": "SN1"}],
    )
    order.refresh_from_db()
    assert order.status == S.FULFILLED
    asset = RentedAsset.objects.get(tag="INV-1")
    assert (asset.department, asset.user, asset.start_date) == (vof, orderer, DELIVERY)
    assert list(order.assets.all()) == [asset]
    rent_run(actor=head_of_it, month=datetime.date(2026, 9, 1))
    line = LedgerLine.objects.get(department=vof)
    assert (line.asset_days, line.amount) == (15, Decimal("150.00"))
    history = [h.to_status for h in order.history.all()]
    assert history == ["draft", "awaiting_approval", "approved", "fulfilled"]


@pytest.mark.rule("G07")
def test_g07_head_of_another_department_may_not_approve(orderer, vof, laptop, head_bou):
    order = _order(orderer, vof, laptop)
    with pytest.raises(NotAllowed) as exc:
        services.order_approve(actor=head_bou, order=order)
    assert exc.value.code == "not_approver"
    assert exc.value.rule == "G07"
    assert exc.value.status == 403


@pytest.mark.rule("G07")
def test_g07_orderer_may_not_approve_own_order(orderer, vof, laptop):
    order = _order(orderer, vof, laptop)
    with pytest.raises(NotAllowed):
        services.order_approve(actor=orderer, order=order)


@pytest.mark.rule("G07")
def test_g07_system_permission_needs_the_system_owner_too(
    orderer, vof, permission, head_vof, system_owner, head_bou
):
    order = _order(orderer, vof, permission)
    assert [s["role"] for s in order.required_approvals] == [
        c("head_of_department"),
        c("system_owner"),
    ]
    services.order_approve(actor=head_vof, order=order)
    order.refresh_from_db()
    assert order.status == S.AWAITING_APPROVAL
    with pytest.raises(NotAllowed):
        services.order_approve(actor=head_bou, order=order)
    services.order_approve(actor=system_owner, order=order)
    order.refresh_from_db()
    assert order.status == S.APPROVED


@pytest.mark.rule("G07")
def test_g07_rejection_ends_the_order(orderer, vof, laptop, head_vof, service_desk):
    order = services.order_reject(
        actor=head_vof, order=_order(orderer, vof, laptop), comment="Inte budget"
    )
    assert order.status == S.REJECTED
    with pytest.raises(Conflict):
        services.order_fulfil(actor=service_desk, order=order, assets=[{"tag": "X"}])


@pytest.mark.rule("G07")
def test_g07_only_approved_orders_are_fulfilled(orderer, vof, laptop, service_desk):
    order = _order(orderer, vof, laptop)
    with pytest.raises(Conflict) as exc:
        services.order_fulfil(actor=service_desk, order=order, assets=[{"tag": "X"}])
    assert exc.value.code == "not_approved"


@pytest.mark.rule("G06")
def test_g06_fulfilment_by_the_it_unit_only(policy, orderer, vof, laptop, head_vof):
    order = services.order_approve(actor=head_vof, order=_order(orderer, vof, laptop))
    with pytest.raises(NotAllowed) as exc:
        services.order_fulfil(actor=head_vof, order=order, assets=[{"tag": "X"}])
    # the IT unit as the policy names it (issue 21: Andrakommun's Digitaliseringsenheten)
    it_unit = policy.unit_codes()[policy.it_unit_code()]
    assert (exc.value.detail, exc.value.rule) == (
        f"Beställningar levereras av {it_unit} (G06).",
        "G06",
    )
    order.refresh_from_db()
    assert order.status == Order.Status.APPROVED


def test_fulfilment_needs_one_tag_per_unit(orderer, vof, laptop, head_vof, service_desk):
    order = services.order_approve(actor=head_vof, order=_order(orderer, vof, laptop, quantity=2))
    with pytest.raises(ValidationFailed):
        services.order_fulfil(actor=service_desk, order=order, assets=[{"tag": "A"}])


@pytest.mark.rule("G07")
def test_g07_cancel_before_fulfilment_only(
    orderer, vof, laptop, head_vof, service_desk, budget_2026
):
    order = services.order_cancel(actor=orderer, order=_order(orderer, vof, laptop))
    assert order.status == S.CANCELLED
    second = services.order_approve(actor=head_vof, order=_order(orderer, vof, laptop))
    services.order_fulfil(
        actor=service_desk, order=second, delivery_date=DELIVERY, assets=[{"tag": "INV-2"}]
    )
    with pytest.raises(Conflict):
        services.order_cancel(actor=orderer, order=second)


def test_outsider_may_not_cancel(orderer, vof, laptop, head_bou):
    with pytest.raises(NotAllowed):
        services.order_cancel(actor=head_bou, order=_order(orderer, vof, laptop))


@pytest.mark.rule("G07")
def test_g07_order_only_for_own_department(orderer, bou, laptop):
    with pytest.raises(NotAllowed):
        services.order_create(actor=orderer, department=bou, item=laptop)


@pytest.mark.rule("G08")
def test_g08_fulfilled_rented_equipment_is_bought_from_the_investment_budget(
    orderer, vof, laptop, head_vof, service_desk, budget_2026
):
    order = services.order_approve(actor=head_vof, order=_order(orderer, vof, laptop, quantity=2))
    services.order_fulfil(
        actor=service_desk,
        order=order,
        delivery_date=DELIVERY,
        assets=[{"tag": "A1"}, {"tag": "A2"}],
    )
    purchase = InvestmentPurchase.objects.get()
    assert purchase.amount == Decimal("24000")
    assert purchase.budget == budget_2026
    assert purchase.reference == f"order:{order.pk}"


@pytest.mark.rule("G08")
def test_g08_fulfilment_refused_without_investment_budget(
    policy, orderer, vof, laptop, head_vof, service_desk
):
    order = services.order_approve(actor=head_vof, order=_order(orderer, vof, laptop))
    with pytest.raises(Conflict) as exc:
        services.order_fulfil(actor=service_desk, order=order, assets=[{"tag": "A1"}])
    assert exc.value.code == "no_investment_budget"
    it_unit = policy.unit_codes()[policy.it_unit_code()]  # as the policy names it (issue 21)
    assert exc.value.detail == (
        f"{it_unit} har ingen investeringsbudget för {timezone.localdate().year} (G08)."
    )
    assert not RentedAsset.objects.exists()


def test_draft_then_submit(orderer, vof, laptop):
    order = _order(orderer, vof, laptop, submit=False)
    assert order.status == S.DRAFT
    services.order_submit(actor=orderer, order=order)
    assert order.status == S.AWAITING_APPROVAL


@pytest.mark.rule("G07")
def test_g07_approval_steps_come_from_the_policy(policy):
    assert [s["role"] for s in policy.order_approvals("computer")] == [c("head_of_department")]
    assert [s["role"] for s in policy.order_approvals("system_permission")] == [
        c("head_of_department"),
        c("system_owner"),
    ]
