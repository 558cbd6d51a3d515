"""Allocation keys (G26) refuse what cannot be shared out and keep their history; the start
page tells those who propose and decide budgets what next year lacks (G16), and an
economist that the department's budget is missing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.audit import history_for
from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.core.models import AppendOnlyError
from styrsam.core.todo import collect_todos
from styrsam.finance import services
from styrsam.finance.models import AllocationKey, AllocationWeight, BudgetKind
from styrsam.finance.selectors import key_periods, keys_in_force
from tests.factories import OrgUnitFactory

from .conftest import YEAR, decided_plan, plan

pytestmark = pytest.mark.django_db


def key(actor, system, basis, weights, valid_from=YEAR):
    return services.allocation_key_create(
        actor=actor, system=system, basis=basis, valid_from=valid_from, weights=weights
    )


@pytest.mark.rule("G26")
def test_g26_keys_refuse_what_cannot_be_shared(it_economist, common_system, vof, bou):
    company = OrgUnitFactory(code="bolag", name="Bostäder AB", kind="company")
    cases = [
        ("users", [(vof, 0), (bou, 0)], "no_weights"),
        ("users", [(vof, "1.5")], "invalid"),
        ("percent", [(vof, 40), (bou, 40)], "percent_not_100"),
        ("percent", [(vof, "33.333"), (bou, "66.667")], "invalid"),
        ("users", [(company, 5)], "unit_not_chargeable"),
        ("users", [(vof, -2)], "invalid"),
        ("shoe_size", [(vof, 1)], "invalid"),
    ]
    for basis, weights, code in cases:
        with pytest.raises(ValidationFailed) as exc:
            key(it_economist, common_system, basis, weights)
        assert exc.value.code == code, (basis, weights)
    assert not AllocationKey.objects.exists() and not AllocationWeight.objects.exists()


@pytest.mark.rule("G26")
def test_g26_only_the_capability_sets_keys(economist_vof, common_system, vof):
    with pytest.raises(NotAllowed):
        key(economist_vof, common_system, "equal", [(vof, 1)])


@pytest.mark.rule("G26")
def test_g26_equal_shares_ignore_the_numbers(it_economist, common_system, vof, bou):
    created = key(it_economist, common_system, "equal", [(vof, 7), (bou, 3)])
    assert sorted(created.weights.values_list("weight", flat=True)) == [1, 1]


@pytest.mark.rule("G26")
def test_g26_keys_are_append_only_with_periods_and_history(it_economist, common_system, vof, bou):
    first = key(it_economist, common_system, "users", [(vof, 10)], valid_from=YEAR - 2)
    second = key(it_economist, common_system, "users", [(vof, 10), (bou, 5)], valid_from=YEAR)
    assert [(k.pk, end) for k, end in key_periods(common_system.pk)] == [
        (second.pk, None),
        (first.pk, YEAR - 1),
    ]
    assert keys_in_force(system_ids=[common_system.pk], year=YEAR - 1)[common_system.pk] == (
        first.pk,
        [(vof.pk, 10)],
    )
    in_force, weights = keys_in_force(system_ids=[common_system.pk], year=YEAR)[common_system.pk]
    assert in_force == second.pk and weights == [(bou.pk, 5), (vof.pk, 10)]  # by code
    first.note = "ändrad"
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        AllocationWeight.objects.filter(key=first).update(weight=1)
    entry = history_for(second).get()
    assert (entry.action, entry.rule, entry.after["weights"]) == (
        "allocation_key.create",
        "G26",
        {"vof": "10.00", "bou": "5.00"},
    )


@pytest.mark.rule("G26")
def test_g26_key_pages(client, it_economist, economist_vof, common_system, vof, bou):
    client.force_login(it_economist)
    data = {
        "system": common_system.pk,
        "basis": "licences",
        "valid_from": YEAR,
        f"w_{vof.pk}": "30",
        f"w_{bou.pk}": "10",
    }
    response = client.post(reverse("finance:allocation_create"), data)
    assert response.status_code == 302
    created = AllocationKey.objects.get()
    page = client.get(reverse("finance:allocation_detail", args=[created.pk])).content.decode()
    assert "75\u00a0000,00" in page or "75 000,00" in page or "75000,00" in page
    assert client.get(reverse("finance:allocation_list")).status_code == 200
    refused = client.post(reverse("finance:allocation_create"), {**data, "basis": "percent"})
    assert refused.status_code == 400 and "G26" in refused.content.decode()
    assert AllocationKey.objects.count() == 1
    client.force_login(economist_vof)
    assert client.get(reverse("finance:allocation_create")).status_code == 403
    assert client.get(reverse("finance:allocation_detail", args=[created.pk])).status_code == 200


@pytest.mark.rule("G16")
def test_g16_todos_for_next_years_budgets(finance_director, it_economist, policy):
    texts = [t.text for t in collect_todos(it_economist, policy)]
    assert any(f"{YEAR + 1}" in t and "saknas" in t for t in texts)
    decided_plan(finance_director, it_economist, first_year=YEAR + 1)
    texts = [t.text for t in collect_todos(it_economist, policy)]
    assert not any("it-investeringar" in t for t in texts)
    assert any("it-drift" in t for t in texts)


def test_todo_for_a_missing_department_budget(economist_vof, vof, policy):
    texts = [t.text for t in collect_todos(economist_vof, policy)]
    assert f"IT-budgeten {YEAR} för Vård- och omsorgsförvaltningen är inte angiven." in texts
    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source="rent", amount=1
    )
    assert not [t for t in collect_todos(economist_vof, policy) if "IT-budgeten" in t.text]


def test_key_list_page_query_count_same_for_1_and_50(client, it_economist, vof, count_queries):
    from tests.factories import SystemFactory

    def add():
        system = SystemFactory(category="common", financing_principle="allocated", owner_unit=vof)
        key(it_economist, system, "equal", [(vof, 1)])

    add()
    client.force_login(it_economist)
    url = reverse("finance:allocation_list")
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for _ in range(49):
        add()
    with count_queries() as fifty:
        page = client.get(url)
    assert "50 fördelningsnycklar" in page.content.decode()
    assert one.count == fifty.count


def test_department_budget_list_query_count_same_for_1_and_50(
    api_client, economist_vof, finance_director, vof, count_queries
):
    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source="rent", amount=1
    )
    api_client.force_authenticate(finance_director)
    api_client.get("/api/v1/department-budgets/")
    with count_queries() as one:
        api_client.get("/api/v1/department-budgets/")
    for i in range(49):
        unit = OrgUnitFactory(code=f"x{i}", name=f"Förvaltning x{i}")
        from styrsam.finance.models import DepartmentBudget

        DepartmentBudget.objects.create(department=unit, year=YEAR, source="rent", amount=i)
    with count_queries() as fifty:
        assert len(api_client.get("/api/v1/department-budgets/").json()["results"]) == 50
    assert one.count == fifty.count


@pytest.mark.rule("G16")
def test_g16_the_compiled_reads_are_the_queries_own(finance_director, it_economist, policy):
    """Whether next year has a decided frame and the status of a plan not decided, read with
    their SQL compiled once (core.todo.Shape, issue 18): equal to the queries compiled anew
    and to the ORM's own reads, before and after plans are proposed and decided."""
    from styrsam.core.todo import Later, read_values
    from styrsam.finance.models import BudgetPlan
    from styrsam.finance.selectors import decided_frames
    from styrsam.finance.todos import DECIDED_FRAME, todos

    def orm(read):
        values = read.values
        if read.shape is DECIDED_FRAME:
            return decided_frames(years=[values["year"]], kinds=[values["kind"]]).exists()
        row = (
            BudgetPlan.objects.filter(
                kind=values["kind"], last_year__gte=values["year"], first_year__lte=values["year"]
            )
            .exclude(status=BudgetPlan.Status.DECIDED)
            .reverse()
            .values_list("status")
            .first()
        )
        return row[0] if row else None

    seen = set()
    for step in range(3):
        if step == 1:
            plan(it_economist, "operating", YEAR + 1)
        if step == 2:
            decided_plan(finance_director, it_economist, first_year=YEAR + 1)
        reads = [item for item in todos.items(it_economist, policy) if isinstance(item, Later)]
        assert len(reads) == 2 * len(BudgetKind)
        values = read_values(reads)
        assert values == read_values(reads, compiled=False) == [orm(read) for read in reads]
        seen.update(values)
    assert {True, False, None} <= seen and seen - {True, False, None}
