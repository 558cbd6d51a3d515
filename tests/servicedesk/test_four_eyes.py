"""Four eyes on orders (issue 11, item 3): nobody approves an order they placed or that is for
themselves, the approval steps are answered in the policy's order, and a superuser approves
nothing. The same in the service, the page and the API: 403 for one's own order, 409
(``approval_out_of_order``) for a step answered before the earlier ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.errors import Conflict, NotAllowed
from styrsam.servicedesk import services
from styrsam.servicedesk.models import Order, OrderApproval
from tests.factories import UserFactory
from tests.vocab import c

S = Order.Status


def _nothing_answered(order):
    order.refresh_from_db()
    assert order.status == S.AWAITING_APPROVAL
    assert not OrderApproval.objects.filter(order=order).exists()


@pytest.mark.rule("G07")
@pytest.mark.rule("G23")
def test_g07_head_of_department_may_not_approve_her_own_order(head_vof, vof, laptop):
    order = services.order_create(actor=head_vof, department=vof, item=laptop)
    with pytest.raises(NotAllowed) as exc:
        services.order_approve(actor=head_vof, order=order)
    assert (exc.value.status, exc.value.code, exc.value.rule) == (403, "own_order", "G07")
    _nothing_answered(order)
    with pytest.raises(NotAllowed):  # rejecting is answering too
        services.order_reject(actor=head_vof, order=order)
    _nothing_answered(order)


@pytest.mark.rule("G07")
def test_g07_nobody_approves_an_order_for_themselves(orderer, head_vof, vof, laptop):
    order = services.order_create(actor=orderer, department=vof, item=laptop, for_person=head_vof)
    with pytest.raises(NotAllowed) as exc:
        services.order_approve(actor=head_vof, order=order)
    assert exc.value.code == "own_order"
    _nothing_answered(order)


@pytest.mark.rule("G07")
@pytest.mark.rule("G23")
def test_g07_system_owner_may_not_approve_her_own_permission_order(
    system_owner, head_vof, vof, permission
):
    order = services.order_create(
        actor=system_owner, department=vof, item=permission, for_person=system_owner
    )
    services.order_approve(actor=head_vof, order=order)
    with pytest.raises(NotAllowed) as exc:
        services.order_approve(actor=system_owner, order=order)
    assert exc.value.code == "own_order"
    order.refresh_from_db()
    assert order.status == S.AWAITING_APPROVAL
    assert [a.role for a in order.approvals.all()] == [c("head_of_department")]


@pytest.mark.rule("G07")
def test_g07_steps_are_answered_in_the_policys_order(
    policy, orderer, head_vof, system_owner, vof, permission
):
    order = services.order_create(actor=orderer, department=vof, item=permission)
    with pytest.raises(Conflict) as exc:
        services.order_approve(actor=system_owner, order=order)
    assert (exc.value.status, exc.value.code, exc.value.rule) == (
        409,
        "approval_out_of_order",
        "G07",
    )
    assert policy.role_name(c("head_of_department")) in exc.value.detail  # the earlier step
    _nothing_answered(order)
    with pytest.raises(Conflict):  # nor reject before the earlier step
        services.order_reject(actor=system_owner, order=order)
    _nothing_answered(order)
    services.order_approve(actor=head_vof, order=order)
    services.order_approve(actor=system_owner, order=order)
    order.refresh_from_db()
    assert order.status == S.APPROVED
    assert [a.role for a in order.approvals.all()] == [c("head_of_department"), c("system_owner")]


@pytest.mark.rule("G07")
def test_g07_superuser_approves_nothing(orderer, vof, laptop):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    order = services.order_create(actor=orderer, department=vof, item=laptop)
    with pytest.raises(NotAllowed) as exc:
        services.order_approve(actor=admin, order=order)
    assert (exc.value.status, exc.value.code) == (403, "superuser_not_governance_actor")
    _nothing_answered(order)


@pytest.mark.rule("G07")
def test_g07_four_eyes_in_the_api(api_client, orderer, head_vof, system_owner, vof, permission):
    own = services.order_create(actor=head_vof, department=vof, item=permission)
    api_client.force_authenticate(head_vof)
    response = api_client.post(f"/api/v1/orders/{own.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "own_order"
    assert response.json()["rule"] == "G07"
    _nothing_answered(own)

    other = services.order_create(actor=orderer, department=vof, item=permission)
    api_client.force_authenticate(system_owner)
    response = api_client.post(f"/api/v1/orders/{other.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "approval_out_of_order"
    _nothing_answered(other)


@pytest.mark.rule("G07")
def test_g07_four_eyes_on_the_page(client, orderer, head_vof, system_owner, vof, permission):
    own = services.order_create(actor=head_vof, department=vof, item=permission)
    other = services.order_create(actor=orderer, department=vof, item=permission)
    client.force_login(head_vof)
    queue = client.get(reverse("servicedesk:approvals")).content.decode()
    assert f"#{other.pk}" in queue
    assert f"#{own.pk}" not in queue
    detail = client.get(reverse("servicedesk:order_detail", args=[own.pk])).content.decode()
    assert reverse("servicedesk:order_action", args=[own.pk, "godkann"]) not in detail
    response = client.post(reverse("servicedesk:order_action", args=[own.pk, "godkann"]))
    assert response.status_code == 403
    assert "fyra ögon" in response.content.decode()
    _nothing_answered(own)

    client.force_login(system_owner)  # the system owner's step comes second
    assert f"#{other.pk}" not in client.get(reverse("servicedesk:approvals")).content.decode()
    response = client.post(reverse("servicedesk:order_action", args=[other.pk, "avsla"]))
    assert response.status_code == 409
    _nothing_answered(other)


@pytest.mark.rule("G07")
def test_g07_the_orders_waiting_for_a_user_are_each_orders_own_check(
    orderer, head_vof, system_owner, vof, laptop, permission
):
    """``waiting_for_answer`` (the start page's to-do and the approvals page) reads the steps as
    their JSON text, decoded once per distinct list (issue 18): the same orders as each order's
    own ``may_answer``, orders with two lists of steps and some steps answered."""
    from styrsam.servicedesk.rules import may_answer
    from styrsam.servicedesk.selectors import waiting_for_answer

    orders = [services.order_create(actor=orderer, department=vof, item=laptop) for _ in range(3)]
    orders.append(services.order_create(actor=head_vof, department=vof, item=laptop))  # own
    orders += [
        services.order_create(actor=orderer, department=vof, item=permission) for _ in range(3)
    ]
    services.order_approve(actor=head_vof, order=orders[4])  # the system owner's turn
    services.order_approve(actor=head_vof, order=orders[1])

    def expected(user):
        waiting = []
        for order in Order.objects.order_by("created_at", "id"):
            done = set(
                OrderApproval.objects.filter(order=order, approved=True).values_list(
                    "role", flat=True
                )
            )
            pending = [s for s in order.required_approvals or () if s["role"] not in done]
            if may_answer(user, order, pending):
                waiting.append(order.pk)
        return waiting

    for user in (head_vof, system_owner, orderer):
        assert waiting_for_answer(user=user) == expected(user)
    assert len(waiting_for_answer(user=head_vof)) == 4  # laptops 0 and 2, permissions 5 and 6
    assert waiting_for_answer(user=system_owner) == [orders[4].pk]
