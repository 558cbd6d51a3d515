"""The policy's optional orders/rental sections (G07, G16) and the start-page items."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.guideline.policy import default_policy_path
from styrsam.guideline.validation import PolicyInvalid, validate_policy
from styrsam.servicedesk import services
from styrsam.servicedesk.todos import todos


def _text() -> str:
    return default_policy_path().read_text(encoding="utf-8")


def test_orders_section_with_unknown_role_is_refused_with_its_line():
    text = _text().replace("    - role: system_owner\n", "    - role: systemägare\n", 1)
    with pytest.raises(PolicyInvalid) as exc:
        validate_policy(text)
    [problem] = exc.value.problems
    assert problem.path == "orders.approvals[1].role"
    assert problem.line == text.splitlines().index("    - role: systemägare") + 1


def test_rental_section_names_a_known_group():
    text = _text().replace("rent_decided_by: {group: financing}", "rent_decided_by: {group: nope}")
    with pytest.raises(PolicyInvalid) as exc:
        validate_policy(text)
    assert exc.value.problems[0].path == "rental.rent_decided_by.group"


def test_sections_are_optional(policy):
    text = _text()
    start = text.index("\norders:\n")
    end = text.index("\nguidelines:\n")
    data = validate_policy(text[:start] + text[end:])
    from styrsam.guideline.policy import Policy

    bare = Policy(data)
    assert [s["role"] for s in bare.order_approvals("computer")] == ["head_of_department"]
    assert bare.budget_warning_percent() == 90


@pytest.mark.rule("G07")
def test_g07_start_page_shows_approvals_waiting_and_orders_to_fulfil(
    client, orderer, vof, laptop, head_vof, service_desk, policy
):
    order = services.order_create(actor=orderer, department=vof, item=laptop)
    [item] = todos(head_vof, policy)
    assert item.url == reverse("servicedesk:approvals")
    assert todos(service_desk, policy) == []
    services.order_approve(actor=head_vof, order=order)
    assert todos(head_vof, policy) == []
    [item] = todos(service_desk, policy)
    assert item.url == reverse("servicedesk:fulfilment")
    client.force_login(service_desk)
    assert "godkänd beställning att leverera" in client.get(reverse("home")).content.decode()
