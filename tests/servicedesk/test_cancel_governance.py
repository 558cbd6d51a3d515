"""Who cancels an order (G07, issue 11 item 1): the one who placed it or it is for, or the
service desk — never the superuser as such (the system administrator is no governance actor);
the same on the page and in the API, and who may is asked before the order's state."""

from __future__ import annotations

import pytest

from styrsam.core.actions import REFUSAL_HEADER
from styrsam.core.models import AuditEntry
from styrsam.servicedesk import services
from styrsam.servicedesk.models import Order

pytestmark = pytest.mark.django_db


def _order(orderer, vof, item):
    return services.order_create(actor=orderer, department=vof, item=item, for_person=orderer)


@pytest.mark.rule("G07")
def test_g07_superuser_cancels_no_order_on_the_page_or_in_the_api(
    client, api_client, superuser, orderer, vof, laptop
):
    order = _order(orderer, vof, laptop)
    before = AuditEntry.objects.count()
    client.force_login(superuser)
    detail = client.get(f"/kundservice/bestallningar/{order.pk}/")
    assert detail.status_code == 200
    assert detail.context["can_cancel"] is False
    page = client.post(f"/kundservice/bestallningar/{order.pk}/makulera/", {"comment": "x"})
    assert page.status_code == 403
    api_client.force_authenticate(superuser)
    api = api_client.post(f"/api/v1/orders/{order.pk}/cancel/", {}, format="json")
    assert api.status_code == 403
    assert (api.json()["code"], api.json()["rule"]) == ("not_order_canceller", "G07")
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_APPROVAL
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G07")
def test_g07_the_orderer_and_the_service_desk_cancel(
    client, api_client, orderer, service_desk, vof, laptop
):
    own, other = _order(orderer, vof, laptop), _order(orderer, vof, laptop)
    client.force_login(orderer)
    assert client.get(f"/kundservice/bestallningar/{own.pk}/").context["can_cancel"] is True
    page = client.post(f"/kundservice/bestallningar/{own.pk}/makulera/", {"comment": ""})
    assert page.status_code == 302
    assert REFUSAL_HEADER not in page
    api_client.force_authenticate(service_desk)
    assert api_client.post(f"/api/v1/orders/{other.pk}/cancel/").status_code == 200
    assert set(Order.objects.values_list("status", flat=True)) == {Order.Status.CANCELLED}


@pytest.mark.rule("G07")
def test_g07_who_may_cancel_is_asked_before_the_state(api_client, orderer, head_vof, vof, laptop):
    """The department's approver, who answers the order, may not cancel it: 403 also on an
    order that is cancelled already (she learns no state before being refused)."""
    order = services.order_cancel(actor=orderer, order=_order(orderer, vof, laptop))
    api_client.force_authenticate(head_vof)
    response = api_client.post(f"/api/v1/orders/{order.pk}/cancel/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_order_canceller"
