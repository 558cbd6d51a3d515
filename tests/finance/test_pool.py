"""G27: co-financing from central funds draws on the pool's decided budget for the year; the
remaining amount is shown on the case page where the decision is prepared, and a grant
beyond it is refused with the rule — by the service, the page and the API, leaving nothing
behind."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.cases import services as case_services
from styrsam.cases.models import Case, Decision
from styrsam.core.errors import Conflict
from styrsam.finance import services
from styrsam.finance.models import BudgetKind
from styrsam.finance.sections import pool_status
from tests.vocab import c

from .conftest import YEAR, decided_plan, minute_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_of_vof(vof, policy):
    from tests.factories import person_with_role

    return person_with_role("head_of_department", unit=vof, username="ingrid")


def application(head, requested=400000, title="E-tjänst för färdtjänst"):
    case = case_services.case_report(
        actor=head,
        case_type=c("co_financing"),
        title=title,
        description="Samordningsvinster för fler förvaltningar.",
        amount_requested=requested,
    )
    return case


def ready(case, strategist):
    for step in list(case.steps.all()):
        case_services.case_complete_step(actor=strategist, case=case, step=step.code)
    case.refresh_from_db()
    return case


def grant(case, strategist, amount):
    return case_services.case_decide(
        actor=strategist, case=case, outcome="approved", text="Bifall.", amount_granted=amount
    )


@pytest.fixture
def pool(finance_director, strategist):
    """The pool decided: 500 000 kr this year and the next two."""
    return decided_plan(
        finance_director, strategist, kind=BudgetKind.POOL, amounts=(500000, 500000, 500000)
    )


@pytest.mark.rule("G27")
def test_g27_grants_draw_on_the_pool_and_an_over_grant_is_refused(pool, head_of_vof, strategist):
    first = ready(application(head_of_vof), strategist)
    grant(first, strategist, 300000)
    assert pool_status(YEAR)["remaining"] == 200000
    second = ready(application(head_of_vof, title="Digital signering"), strategist)
    with pytest.raises(Conflict) as exc:
        grant(second, strategist, 250000)
    assert (exc.value.code, exc.value.rule, exc.value.field) == (
        "pool_exceeded",
        "G27",
        "amount_granted",
    )
    assert "200\u00a0000 kr av 500\u00a0000 kr" in exc.value.detail
    second.refresh_from_db()
    assert second.status == Case.Status.READY and second.amount_granted is None
    assert not Decision.objects.filter(case=second).exists()
    grant(second, strategist, 200000)  # exactly what is left
    assert pool_status(YEAR)["remaining"] == 0


@pytest.mark.rule("G27")
def test_g27_a_correction_releases_the_earlier_grant(pool, head_of_vof, strategist):
    case = ready(application(head_of_vof, requested=500000), strategist)
    decision = grant(case, strategist, 450000)
    raised = case_services.decision_correct(
        actor=strategist, decision=decision, outcome="approved", text="Höjt.", amount_granted=500000
    )
    assert raised.amount_granted == 500000  # 450 000 released, 500 000 taken: within the pool
    other = ready(application(head_of_vof, title="Chattbot"), strategist)
    with pytest.raises(Conflict):
        grant(other, strategist, 1)
    lowered = case_services.decision_correct(
        actor=strategist, decision=raised, outcome="approved", text="Sänkt.", amount_granted=100000
    )
    assert lowered.amount_granted == 100000
    grant(other, strategist, 400000)
    assert pool_status(YEAR)["granted"] == 500000


@pytest.mark.rule("G27")
def test_g27_a_rejection_draws_nothing(pool, head_of_vof, strategist):
    case = ready(application(head_of_vof), strategist)
    case_services.case_decide(actor=strategist, case=case, outcome="rejected", text="Avslag.")
    assert pool_status(YEAR)["granted"] == 0


@pytest.mark.rule("G27")
def test_g27_without_a_pool_for_the_year_nothing_can_be_granted(
    finance_director, strategist, head_of_vof
):
    decided_plan(finance_director, strategist, kind=BudgetKind.POOL, first_year=YEAR + 1)
    case = ready(application(head_of_vof), strategist)
    with pytest.raises(Conflict) as exc:
        grant(case, strategist, 1000)
    assert (exc.value.code, exc.value.rule) == ("no_pool_budget", "G27")
    assert not Decision.objects.exists()


@pytest.mark.rule("G27")
def test_g27_a_pool_not_budgeted_in_styrsam_is_not_checked(head_of_vof, strategist):
    case = ready(application(head_of_vof), strategist)
    assert grant(case, strategist, 400000).amount_granted == 400000


@pytest.mark.rule("G27")
def test_g27_over_grant_refused_on_the_case_page_and_the_api(
    client, api_client, pool, head_of_vof, strategist
):
    case = ready(application(head_of_vof, requested=600000), strategist)
    client.force_login(strategist)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f"Centrala medel för delfinansiering {YEAR} (G27)" in page
    assert "500\u00a0000 kr" in page or "500 000 kr" in page  # the pool's budget
    assert "Det sökta beloppet är större än det som återstår" in page
    response = client.post(
        reverse("cases:case_decide", args=[case.pk]),
        {
            "outcome": "approved",
            "text": "Bifall.",
            "amount_granted": 550000,
            "body": "steering_group",
        },
    )
    assert response.status_code == 409
    assert "G27" in response.content.decode()
    api_client.force_authenticate(strategist)
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Bifall.", "amount_granted": 550000},
        format="json",
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule"]) == ("pool_exceeded", "G27")
    assert not Decision.objects.filter(case=case).exists()


@pytest.mark.rule("G27")
def test_g27_pool_section_only_on_cases_that_carry_an_amount(client, pool, head_of_vof, strategist):
    other = case_services.case_report(
        actor=head_of_vof, case_type=c("business_system_change"), title="Nytt journalsystem"
    )
    client.force_login(strategist)
    page = client.get(reverse("cases:case_detail", args=[other.pk])).content.decode()
    assert "Centrala medel för delfinansiering" not in page


@pytest.mark.rule("G27")
def test_g27_the_year_is_the_decisions(pool, head_of_vof, strategist):
    """A grant decided at a meeting last year draws on last year's pool (none decided)."""
    case = ready(application(head_of_vof), strategist)
    item = minute_item(c("steering"), datetime.date(YEAR - 1, 12, 10), title=case.title)
    with pytest.raises(Conflict) as exc:
        case_services.case_decide(
            actor=strategist,
            case=case,
            outcome="approved",
            text="Bifall.",
            amount_granted=1000,
            minute_item=item,
        )
    assert exc.value.code == "no_pool_budget"
    assert str(YEAR - 1) in exc.value.detail


def test_grant_guard_ignores_cases_without_an_amount(pool, strategist):
    from types import SimpleNamespace

    case = SimpleNamespace(case_type=c("business_system_change"))
    assert services.grant_guard(case=case, decision=None) is None
