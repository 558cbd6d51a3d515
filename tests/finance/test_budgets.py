"""IT budgets (G08, G13, G16): proposals for a rolling 3–4 years, decided in the minutes of
the financing group (the § must be that group's), the IT platform's proposed first by the
steering group; decided budgets are locked and a change is a new decision that supersedes
the old one, with its history; the decided investment frame is the rental system's
investment budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AppendOnlyError, AuditEntry
from styrsam.finance import services
from styrsam.finance.models import BudgetFrame, BudgetPlan
from styrsam.finance.selectors import frame_history, frames_in_force
from styrsam.rental import services as rental_services
from styrsam.rental.models import InvestmentBudget
from tests.vocab import c

from .conftest import RECENT, YEAR, D, decided_plan, group_name, plan

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.mark.rule("G16")
def test_g16_a_proposal_covers_three_to_four_years(it_economist):
    for amounts in ([1, 2], [1, 2, 3, 4, 5]):
        with pytest.raises(ValidationFailed) as exc:
            plan(it_economist, amounts=amounts)
        assert (exc.value.code, exc.value.rule) == ("budget_horizon", "G16")
    assert not BudgetPlan.objects.exists()
    created = plan(it_economist, amounts=(1, 2, 3, 4))
    assert (created.first_year, created.last_year, created.status) == (YEAR + 1, YEAR + 4, "draft")
    assert [f.amount for f in created.frames.order_by("year")] == [1, 2, 3, 4]
    assert AuditEntry.objects.filter(action="budget_plan.create", rule="G08").count() == 1


@pytest.mark.rule("G16")
def test_g16_the_horizon_comes_from_the_policy(monkeypatch, it_economist):
    from styrsam.guideline.policy import Policy

    monkeypatch.setattr(Policy, "budget_horizon", lambda self: (2, 2))
    assert plan(it_economist, amounts=(5, 6)).last_year == YEAR + 2
    with pytest.raises(ValidationFailed):
        plan(it_economist, kind="operating", amounts=(5, 6, 7))


def test_bad_amounts_are_refused(it_economist):
    for amounts, code in (([-1, 2, 3], "negative_amount"), (["1.5", 2, 3], "whole_kronor")):
        with pytest.raises(ValidationFailed) as exc:
            plan(it_economist, amounts=amounts)
        assert exc.value.code == code
    with pytest.raises(ValidationFailed):
        plan(it_economist, kind="salaries")
    assert not BudgetPlan.objects.exists()


@pytest.mark.rule("G16")
def test_g16_only_those_who_propose_budgets_may_draft(economist_vof, outsider):
    for user in (economist_vof, outsider, None):
        with pytest.raises(NotAllowed):
            plan(user)
    assert not BudgetPlan.objects.exists()


@pytest.mark.rule("G16")
def test_g16_one_open_proposal_per_kind_and_year(it_economist):
    plan(it_economist)
    with pytest.raises(Conflict) as exc:
        plan(it_economist, first_year=YEAR + 3)
    assert exc.value.code == "open_plan_exists"
    plan(it_economist, kind="operating")  # another kind is fine


@pytest.mark.rule("G16")
def test_g16_decided_in_the_financing_groups_minutes(
    finance_director, it_economist, financing_item
):
    draft = plan(it_economist)
    decided = services.budget_plan_decide(
        actor=finance_director, plan=draft, minute_item=financing_item
    )
    assert decided.status == "decided"
    assert decided.decided_minute_item == financing_item
    assert decided.decided_reference == f"{group_name('financing')} {RECENT:%Y-%m-%d} § 1"
    assert decided.decided_on == RECENT
    assert decided.decided_group == c("financing")
    assert set(decided.frames.values_list("locked", flat=True)) == {True}
    entry = AuditEntry.objects.get(action="budget_plan.decide")
    assert entry.after["status"] == "decided" and entry.rule == "G08"


@pytest.mark.rule("G16")
def test_g16_a_minute_item_of_another_group_is_refused(finance_director, it_economist, other_item):
    draft = plan(it_economist)
    with pytest.raises(Conflict) as exc:
        services.budget_plan_decide(actor=finance_director, plan=draft, minute_item=other_item)
    assert (exc.value.code, exc.value.rule, exc.value.field) == (
        "wrong_group",
        "G16",
        "minute_item",
    )
    assert group_name("financing") in exc.value.detail
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.decided_minute_item is None
    assert not AuditEntry.objects.filter(action="budget_plan.decide").exists()


@pytest.mark.rule("G16")
def test_g16_only_members_with_the_capability_record_the_decision(
    it_economist, economist_vof, strategist, financing_item
):
    draft = plan(it_economist)
    with pytest.raises(NotAllowed) as exc:  # not a recorder (capability)
        services.budget_plan_decide(actor=economist_vof, plan=draft, minute_item=financing_item)
    assert exc.value.code == "not_budget_recorder"
    from styrsam.organisation.models import Membership

    Membership.objects.filter(person=strategist, group__code=c("financing")).delete()
    with pytest.raises(NotAllowed) as exc:  # a recorder, but not in the group
        services.budget_plan_decide(actor=strategist, plan=draft, minute_item=financing_item)
    assert exc.value.code == "not_group_member"
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.rule("G13")
@pytest.mark.default_policy("the steering group that proposes is not the financing group")
def test_g13_the_platform_budget_is_proposed_by_the_steering_group_first(
    finance_director, it_economist, financing_item, steering_item
):
    draft = plan(it_economist, kind="platform")
    with pytest.raises(Conflict) as exc:
        services.budget_plan_decide(actor=finance_director, plan=draft, minute_item=financing_item)
    assert (exc.value.code, exc.value.rule) == ("not_proposed", "G13")
    with pytest.raises(Conflict) as exc:  # a § of the financing group is not the proposal
        services.budget_plan_propose(actor=finance_director, plan=draft, minute_item=financing_item)
    assert (exc.value.code, exc.value.rule) == ("wrong_group", "G13")
    proposed = services.budget_plan_propose(
        actor=finance_director, plan=draft, minute_item=steering_item
    )
    assert proposed.status == "proposed"
    assert proposed.proposed_reference.startswith("IT-styrgruppen")
    with pytest.raises(Conflict) as exc:  # a proposal is not changed any more
        services.budget_plan_update(actor=it_economist, plan=proposed, amounts=[1, 1, 1])
    assert exc.value.code == "plan_not_draft"
    decided = services.budget_plan_decide(
        actor=finance_director, plan=proposed, minute_item=financing_item
    )
    assert decided.status == "decided"


@pytest.mark.rule("G13")
def test_g13_other_kinds_are_not_proposed_by_a_group(finance_director, it_economist, steering_item):
    draft = plan(it_economist, kind="operating")
    with pytest.raises(Conflict) as exc:
        services.budget_plan_propose(actor=finance_director, plan=draft, minute_item=steering_item)
    assert exc.value.code == "no_proposing_group"


@pytest.mark.rule("G16")
def test_g16_a_decided_budget_is_locked(finance_director, it_economist):
    decided = decided_plan(finance_director, it_economist)
    with pytest.raises(Conflict) as exc:
        services.budget_plan_update(actor=it_economist, plan=decided, amounts=[1, 1, 1])
    assert exc.value.code == "plan_not_draft"
    with pytest.raises(Conflict) as exc:
        services.budget_plan_decide(actor=finance_director, plan=decided, reference="§ 9")
    assert exc.value.code == "already_decided"
    decided.note = "ändrad"
    with pytest.raises(AppendOnlyError):
        decided.save()
    frame = decided.frames.first()
    frame.amount = 1
    with pytest.raises(AppendOnlyError):
        frame.save()
    with pytest.raises(AppendOnlyError):
        BudgetFrame.objects.filter(plan=decided).update(amount=1)
    with pytest.raises(AppendOnlyError):
        BudgetPlan.objects.filter(pk=decided.pk).delete()
    assert set(BudgetFrame.objects.filter(plan=decided).values_list("amount", flat=True)) == {
        Decimal(1000000)
    }


@postgres_only
@pytest.mark.postgres
@pytest.mark.rule("G16")
def test_g16_decided_budget_refuses_raw_sql_on_postgresql(finance_director, it_economist):
    decided = decided_plan(finance_director, it_economist)
    for sql in (
        "UPDATE finance_budgetframe SET amount = 1",
        "DELETE FROM finance_budgetframe",
        "UPDATE finance_budgetplan SET note = 'x'",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert decided.frames.filter(amount=1000000).count() == 3


@pytest.mark.rule("G16")
def test_g16_a_new_decision_supersedes_the_old_one_with_history(finance_director, it_economist):
    first = decided_plan(finance_director, it_economist, first_year=YEAR)
    second = services.budget_plan_decide(
        actor=finance_director,
        plan=plan(it_economist, first_year=YEAR + 1, amounts=(5, 6, 7)),
        reference="Finansieringsgruppen § 9",
        decided_on=RECENT,
    )
    in_force = frames_in_force(years=range(YEAR, YEAR + 4))
    assert in_force[("investment", YEAR)].plan == first  # not covered by the new decision
    assert [in_force[("investment", y)].amount for y in (YEAR + 1, YEAR + 2, YEAR + 3)] == [5, 6, 7]
    history = frame_history(kind="investment", years=[YEAR + 1])
    assert [f.plan_id for f in history[YEAR + 1]] == [second.pk, first.pk]
    assert first.frames.get(year=YEAR + 1).amount == 1000000  # the old decision is kept
    supersede = AuditEntry.objects.get(action="budget_plan.supersede", object_id=str(second.pk))
    assert supersede.after["supersedes"] == [first.pk]


@pytest.mark.rule("G16")
def test_g16_a_decision_applies_to_coming_years_only(finance_director, it_economist):
    draft = plan(it_economist, first_year=YEAR - 1)
    with pytest.raises(Conflict) as exc:
        services.budget_plan_decide(
            actor=finance_director, plan=draft, reference="§ 3", decided_on=RECENT
        )
    assert exc.value.code == "year_passed"


def test_reference_and_date_come_from_the_minute_item(
    finance_director, it_economist, financing_item
):
    draft = plan(it_economist)
    with pytest.raises(ValidationFailed) as exc:
        services.budget_plan_decide(
            actor=finance_director, plan=draft, minute_item=financing_item, decided_on=D(YEAR, 1, 2)
        )
    assert exc.value.code == "date_mismatch"
    with pytest.raises(ValidationFailed) as exc:
        services.budget_plan_decide(actor=finance_director, plan=draft, reference=" ")
    assert exc.value.code == "reference_required"
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.rule("G08")
@pytest.mark.rule("G16")
def test_g08_the_decided_investment_frame_is_the_rental_systems_budget(
    finance_director, it_economist, head_of_it
):
    rental_services.budget_set(actor=head_of_it, year=YEAR + 1, amount=Decimal(5))  # before
    decided_plan(finance_director, it_economist, first_year=YEAR, amounts=(900, 950, 990))
    assert dict(InvestmentBudget.objects.values_list("year", "amount")) == {
        YEAR: 900,
        YEAR + 1: 950,
        YEAR + 2: 990,
    }
    with pytest.raises(Conflict) as exc:  # the IT unit cannot change a decided frame
        rental_services.budget_set(actor=head_of_it, year=YEAR + 1, amount=Decimal(2000))
    assert (exc.value.code, exc.value.rule) == ("investment_budget_decided", "G16")
    assert InvestmentBudget.objects.get(year=YEAR + 1).amount == 950
    rental_services.budget_set(actor=head_of_it, year=YEAR + 5, amount=Decimal(7))  # undecided
    purchase = rental_services.purchase_record(
        actor=head_of_it, date=D(YEAR, 3, 1), amount=Decimal(400), description="Datorer"
    )
    assert purchase.budget.amount == 900


@pytest.mark.rule("G08")
def test_g08_other_kinds_leave_the_rental_budget_alone(finance_director, it_economist):
    decided_plan(finance_director, it_economist, kind="operating")
    assert not InvestmentBudget.objects.exists()


# pages


@pytest.mark.rule("G16")
def test_g16_decide_in_the_ui(client, finance_director, it_economist, financing_item, other_item):
    draft = plan(it_economist)
    client.force_login(finance_director)
    url = reverse("finance:budget_detail", args=[draft.pk])
    page = client.get(url).content.decode()
    assert f"{group_name('financing')} {RECENT:%Y-%m-%d} § 1" in page
    assert "Förslag från beredningsgruppen" not in page  # the preparatory group's §
    refused = client.post(
        reverse("finance:budget_decide", args=[draft.pk]), {"decide-minute_item": other_item.pk}
    )
    assert refused.status_code == 400  # not a choice of the form: another group's §
    refused = client.post(reverse("finance:budget_decide", args=[draft.pk]), {})
    assert refused.status_code == 400
    assert "Välj en paragraf i protokollet eller ange en referens." in refused.content.decode()
    response = client.post(
        reverse("finance:budget_decide", args=[draft.pk]), {"decide-minute_item": financing_item.pk}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "decided"
    assert "Budgeten är beslutad." in client.get(url).content.decode()


def test_create_and_edit_a_draft_in_the_ui(client, it_economist):
    client.force_login(it_economist)
    response = client.post(
        reverse("finance:budget_create"),
        {
            "kind": "operating",
            "first_year": YEAR + 1,
            "amount_0": 10,
            "amount_1": 20,
            "amount_2": 30,
        },
    )
    assert response.status_code == 302
    draft = BudgetPlan.objects.get()
    assert [f.amount for f in draft.frames.order_by("year")] == [10, 20, 30]
    short = client.post(
        reverse("finance:budget_create"), {"kind": "pool", "first_year": YEAR + 1, "amount_0": 1}
    )
    assert short.status_code == 400
    assert "G16" in short.content.decode()
    assert BudgetPlan.objects.count() == 1
    response = client.post(
        reverse("finance:budget_edit", args=[draft.pk]),
        {"amount_0": 11, "amount_1": 21, "amount_2": 31, "note": "Justerat"},
    )
    assert response.status_code == 302
    assert [f.amount for f in draft.frames.order_by("year")] == [11, 21, 31]


def test_budget_pages_permissions(client, outsider, economist_vof, it_economist):
    draft = plan(it_economist)
    client.force_login(outsider)
    assert client.get(reverse("finance:budget_overview")).status_code == 403
    assert client.get(reverse("finance:budget_detail", args=[draft.pk])).status_code == 403
    client.force_login(economist_vof)  # reads the budgets, does not draft them
    assert client.get(reverse("finance:budget_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("finance:budget_create")).status_code == 403
    assert client.get(reverse("finance:budget_detail", args=[99999])).status_code == 404


def test_budget_list_query_count_same_for_1_and_50(client, count_queries, it_economist):
    client.force_login(it_economist)
    url = reverse("finance:budget_list")
    plan(it_economist, first_year=2030)
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for i in range(49):
        BudgetPlan.objects.create(kind="operating", first_year=2040 + i, last_year=2042 + i)
    with count_queries() as fifty:
        page = client.get(url)
    assert "50 budgetförslag" in page.content.decode()
    assert one.count == fifty.count


@pytest.mark.rule("G16")
def test_g16_only_a_draft_is_withdrawn(client, api_client, finance_director, it_economist):
    draft = plan(it_economist)
    client.force_login(it_economist)
    response = client.post(reverse("finance:budget_withdraw", args=[draft.pk]))
    assert response.status_code == 302
    assert not BudgetPlan.objects.exists() and not BudgetFrame.objects.exists()
    assert AuditEntry.objects.get(action="budget_plan.withdraw").before["frames"][str(YEAR + 1)]
    decided = decided_plan(finance_director, it_economist, first_year=YEAR + 2)
    api_client.force_authenticate(it_economist)
    refused = api_client.delete(f"/api/v1/budgets/{decided.pk}/")
    assert refused.status_code == 409 and refused.json()["code"] == "plan_not_draft"
    assert BudgetFrame.objects.filter(plan=decided).count() == 3
    other = plan(it_economist, kind="operating")
    assert api_client.delete(f"/api/v1/budgets/{other.pk}/").status_code == 204
    api_client.force_authenticate(finance_director)
    third = plan(it_economist, kind="pool")
    assert api_client.delete(f"/api/v1/budgets/{third.pk}/").status_code == 403
