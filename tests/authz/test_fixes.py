"""What the authorization table revealed, fixed in the rules and services (issue 11 item 10):
the superuser is no governance actor although Django's ``User.has_perm`` grants a superuser
everything (``core.access.may``), (``tests/cases/test_g21_role_before_state.py``: who may decide
is asked before the case's state); the order page refuses another department as the API does
(G07); the decision page lets the body that decided correct, as the API does (G13)."""

from __future__ import annotations

import pytest

from styrsam.core.access import GOVERNANCE_PERMISSIONS, may
from styrsam.core.models import AuditEntry
from styrsam.systems.models import System
from tests.cases.conftest import director, groups, owner, strategist, vof  # noqa: F401
from tests.factories import OrgUnitFactory, SystemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G13")
@pytest.mark.rule("G15")
@pytest.mark.rule("G16")
@pytest.mark.rule("G29")
@pytest.mark.parametrize(
    "perm",
    [
        "organisation.manage_memberships",
        "guideline.load_policy",
        "guideline.adopt_policy",
        "cases.manage_case",
        "systems.add_system",
        "systems.change_register",
        "finance.set_department_budget",
        "finance.decide_budget",
        "meetings.plan_meeting",
        "meetings.record_company_meeting",
    ],
)
def test_superuser_holds_no_governance_permission(superuser, it_strategist, perm):
    assert perm in GOVERNANCE_PERMISSIONS
    assert superuser.has_perm(perm)  # Django's shortcut, which the app no longer asks
    assert may(superuser, perm) is False


@pytest.mark.rule("G15")
def test_g15_superuser_changes_no_register_field_through_the_api(superuser, api_client):
    system = SystemFactory(criticality="normal")
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.patch(
        f"/api/v1/systems/{system.pk}/", {"criticality": "larger_critical"}, format="json"
    )
    assert response.status_code == 403
    system.refresh_from_db()
    assert system.criticality == "normal"
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G17")
def test_g17_superuser_registers_no_system_through_the_api(superuser, api_client):
    unit = OrgUnitFactory(code="vof")
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/systems/",
        {"name": "Nytt", "category": "business", "owner_unit": unit.code},
        format="json",
    )
    assert response.status_code == 403
    assert not System.objects.filter(name="Nytt").exists()


@pytest.mark.rule("G16")
def test_g16_superuser_sets_no_department_budget(superuser, api_client):
    unit = OrgUnitFactory(code="vof")
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/department-budgets/",
        {"department": unit.code, "year": 2026, "source": "own_systems", "amount": "1000"},
        format="json",
    )
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="budget").exists()


@pytest.mark.rule("G07")
def test_g07_order_page_refuses_another_department_as_the_api_does(client, api_client):
    """The order page answered an order for a department one may not order for with 400 (an
    unknown choice of the form), the API with 403 (``not_own_department``): now both 403, and
    nothing is ordered."""
    from styrsam.servicedesk.models import CatalogueItem, Order
    from tests.factories import UserFactory

    own, other = OrgUnitFactory(code="own"), OrgUnitFactory(code="other")
    user = UserFactory(username="bestallare", profile__unit=own)
    item = CatalogueItem.objects.create(name="Skärm 27", kind="screen", price=100)
    client.force_login(user)
    page = client.post(f"/kundservice/bestall/{item.pk}/", {"department": other.pk, "quantity": 1})
    api_client.force_authenticate(user)
    api = api_client.post(
        "/api/v1/orders/", {"department": "other", "item": item.pk, "quantity": 1}, format="json"
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert not Order.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="order").exists()


@pytest.mark.rule("G13")
def test_g13_the_chair_corrects_a_decision_on_the_page_as_in_the_api(
    client, api_client, strategist, director, owner
):
    """The steering group's chair (the municipal director) could correct a decision through
    the API but was refused on the decision page (``cases.manage_case``, the coordinator's):
    now the page asks the service, as the API does, and both register the correction."""
    from styrsam.cases import services as cases
    from styrsam.cases.models import Decision
    from tests.cases.conftest import prepare, report

    decision = cases.case_decide(
        actor=strategist,
        case=prepare(report(owner), strategist),
        outcome="approved",
        text="Bifall.",
    )
    client.force_login(director)
    page = client.post(
        f"/beslut/{decision.pk}/", {"outcome": "approved", "text": "Bifall med villkor."}
    )
    assert page.status_code == 302
    correction = Decision.objects.get(corrects=decision)
    assert correction.decided_by == director
    api_client.force_authenticate(director)
    api = api_client.post(
        f"/api/v1/decisions/{correction.pk}/correct/",
        {"outcome": "approved", "text": "Bifall, rättat igen."},
        format="json",
    )
    assert api.status_code == 201
    assert Decision.objects.filter(decided_by=director).count() == 2
