"""A department's statement (G24–G27) and the municipality overview: every line reconciles
with its source — the rent line is the ledger to the öre (G24), own systems their cost lines
(G25), the shares their keys (G26), co-financing the grants (G27) — with budget, outcome and
a stated forecast; economists see their own department, the finance director all."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Sum
from django.urls import reverse

from styrsam.cases import services as case_services
from styrsam.finance import services, statement
from styrsam.finance.models import DepartmentBudget, Source
from styrsam.rental.models import LedgerLine
from styrsam.rental.runs import rent_run
from tests.factories import (
    AssetTypeFactory,
    OrgUnitFactory,
    RentedAssetFactory,
    RentLevelFactory,
    SystemCostFactory,
    SystemFactory,
    person_with_role,
)
from tests.vocab import c

from .conftest import YEAR

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def ledger(vof, bou):
    """Rent charged to both departments for January–March of this year (G24)."""
    computer = AssetTypeFactory(code="computer", name="Dator")
    screen = AssetTypeFactory(code="screen", name="Skärm")
    RentLevelFactory(asset_type=computer, year=YEAR, monthly_amount="295.50", status="decided")
    RentLevelFactory(asset_type=screen, year=YEAR, monthly_amount=45, status="decided")
    for i in range(7):
        RentedAssetFactory(asset_type=computer, department=vof, start_date=D(YEAR, 1, 1 + i))
    RentedAssetFactory(asset_type=screen, department=vof, start_date=D(YEAR - 1, 5, 1))
    RentedAssetFactory(asset_type=computer, department=bou, start_date=D(YEAR, 2, 14))
    for month in (1, 2, 3):
        rent_run(actor=None, month=D(YEAR, month, 1))
    return LedgerLine.objects.filter(month__year=YEAR)


@pytest.fixture
def keyed(common_system, vof, bou, it_economist):
    services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="users",
        valid_from=YEAR,
        weights=[(vof, 2), (bou, 1)],
    )
    return common_system


def _ledger_sum(department) -> Decimal:
    total = LedgerLine.objects.filter(department=department, month__year=YEAR).aggregate(
        s=Sum("amount")
    )["s"]
    return Decimal(str(total)).quantize(Decimal("0.01"))


@pytest.mark.rule("G24")
@pytest.mark.rule("G25")
@pytest.mark.rule("G26")
def test_g24_g25_g26_every_line_reconciles_with_its_source(ledger, keyed, own_system, vof, bou):
    result = statement.department_statement(vof, YEAR, today=D(YEAR, 3, 31))
    rent = result.lines[Source.RENT]
    assert rent.outcome == _ledger_sum(vof) > 0  # the ledger, to the öre
    assert rent.outcome == sum((r.amount for r in rent.rows), Decimal(0))
    assert {r.asset_type for r in rent.rows} == {"computer", "screen"}
    own = result.lines[Source.OWN_SYSTEMS]
    assert own.outcome == Decimal("45000.00")
    assert [(r.label, r.amount) for r in own.rows] == [("Lifecare", Decimal("45000.00"))]
    shares = result.lines[Source.SHARES]
    assert [(r.label, r.amount) for r in shares.rows] == [("E-post", Decimal("66666.67"))]
    other = statement.department_statement(bou, YEAR)
    assert other.lines[Source.SHARES].outcome == Decimal("33333.33")
    assert other.lines[Source.RENT].outcome == _ledger_sum(bou)
    assert other.lines[Source.OWN_SYSTEMS].outcome == 0  # the care department's system
    assert result.outcome == rent.outcome + own.outcome + shares.outcome


@pytest.mark.rule("G24")
@pytest.mark.rule("G26")
def test_g24_g26_the_overview_reconciles_with_the_ledger_and_the_keys(ledger, keyed, vof, bou):
    OrgUnitFactory(code="kof", name="Kultur- och fritidsförvaltningen")
    overview = statement.municipality_overview(YEAR)
    codes = {s.department.code for s in overview.statements}
    assert codes == {"vof", "bou", "kof", c("it_unit")}  # the IT unit pays as a department
    assert overview.total("outcome", Source.RENT) == Decimal(
        str(LedgerLine.objects.filter(month__year=YEAR).aggregate(s=Sum("amount"))["s"])
    ).quantize(Decimal("0.01"))
    assert overview.shared_cost == Decimal("100000.00")
    assert overview.total("outcome", Source.SHARES) == overview.shared_cost
    assert overview.shares_reconcile and overview.unallocated == []


@pytest.mark.rule("G26")
def test_g26_a_system_shared_out_without_a_key_is_reported(common_system, vof):
    overview = statement.municipality_overview(YEAR)
    assert overview.shared_cost == 0
    assert [u["name"] for u in overview.unallocated] == ["E-post"]


@pytest.mark.rule("G26")
def test_g26_a_centrally_financed_system_is_not_charged(vof, bou, it_economist):
    gis = SystemFactory(
        name="Kommunkarta",
        category="common",
        common_kind="gis",
        financing_principle="central_budget",
        owner_unit=vof,
    )
    SystemCostFactory(system=gis, year=YEAR, amount=90000)
    services.allocation_key_create(
        actor=it_economist, system=gis, basis="equal", valid_from=YEAR, weights=[(vof, 1), (bou, 1)]
    )
    result = statement.department_statement(vof, YEAR)
    assert result.lines[Source.SHARES].outcome == 0
    assert result.lines[Source.OWN_SYSTEMS].outcome == 0


@pytest.mark.rule("G26")
def test_g26_a_new_key_supersedes_the_old_from_its_year(keyed, vof, bou, it_economist):
    services.allocation_key_create(
        actor=it_economist,
        system=keyed,
        basis="percent",
        valid_from=YEAR + 1,
        weights=[(vof, "25.5"), (bou, "74.5")],
    )
    SystemCostFactory(system=keyed, year=YEAR + 1, amount=1000)
    assert statement.department_statement(vof, YEAR).lines[Source.SHARES].outcome == Decimal(
        "66666.67"
    )
    assert statement.department_statement(vof, YEAR + 1).lines[Source.SHARES].outcome == Decimal(
        "255.00"
    )


@pytest.mark.rule("G27")
def test_g27_co_financing_received_is_subtracted(vof, strategist):
    head = person_with_role("head_of_department", unit=vof, username="ingrid")
    case = case_services.case_report(
        actor=head,
        case_type=c("co_financing"),
        title="E-tjänst",
        amount_requested=300000,
        reporting_unit=vof,
    )
    for step in list(case.steps.all()):
        case_services.case_complete_step(actor=strategist, case=case, step=step.code)
    case_services.case_decide(
        actor=strategist, case=case, outcome="approved", text="Bifall.", amount_granted=120000
    )
    result = statement.department_statement(vof, YEAR)
    grants = result.lines[Source.GRANTS]
    assert grants.outcome == Decimal("120000.00")
    assert [r.reference for r in grants.rows] == [case.registration_number]
    assert result.outcome == Decimal("-120000.00")  # received money lowers the net cost


def test_forecast_is_linear_from_the_months_charged(ledger, vof):
    result = statement.department_statement(vof, YEAR, today=D(YEAR, 4, 15))
    rent = result.lines[Source.RENT]
    assert rent.forecast == (rent.outcome + rent.outcome / 3 * 9).quantize(Decimal("0.01"))
    assert (result.months_charged, result.last_month_charged) == (3, 3)
    past = statement.department_statement(vof, YEAR, today=D(YEAR + 1, 1, 5))
    assert past.lines[Source.RENT].forecast == rent.outcome  # a closed year: the outcome


def test_budget_against_forecast(vof, economist_vof, own_system):
    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source=Source.OWN_SYSTEMS, amount=50000
    )
    result = statement.department_statement(vof, YEAR)
    line = result.lines[Source.OWN_SYSTEMS]
    assert (line.budget, line.deviation) == (Decimal("50000.00"), Decimal("5000.00"))
    assert result.lines[Source.RENT].budget is None
    assert result.budget == Decimal("50000.00")


# department budgets


def test_only_the_departments_economist_sets_its_budget(vof, bou, economist_vof, finance_director):
    from styrsam.core.errors import NotAllowed, ValidationFailed

    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source="rent", amount=1000
    )
    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source="rent", amount=1200
    )
    assert DepartmentBudget.objects.get().amount == 1200
    for actor, unit in ((economist_vof, bou), (finance_director, vof)):
        with pytest.raises(NotAllowed):
            services.department_budget_set(
                actor=actor, department=unit, year=YEAR, source="rent", amount=1
            )
    with pytest.raises(ValidationFailed):
        services.department_budget_set(
            actor=economist_vof, department=vof, year=YEAR, source="rent", amount=-1
        )
    assert list(DepartmentBudget.objects.values_list("amount", flat=True)) == [1200]


# pages


@pytest.mark.rule("G24")
def test_g24_economists_see_their_own_department(client, economist_vof, vof, bou, ledger):
    client.force_login(economist_vof)
    url = reverse("finance:statement")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["department"] == vof
    assert client.get(url, {"forvaltning": "bou"}).status_code == 404
    assert client.get(reverse("finance:overview")).status_code == 403
    export = client.get(reverse("finance:statement_export", args=["xlsx"]), {"forvaltning": "bou"})
    assert export.status_code == 404


def test_finance_director_sees_every_department_and_the_overview(
    client, finance_director, vof, bou, ledger, keyed
):
    client.force_login(finance_director)
    assert client.get(reverse("finance:statement"), {"forvaltning": "bou"}).status_code == 200
    page = client.get(reverse("finance:overview"))
    assert page.status_code == 200
    assert "Stämmer på öret" in page.content.decode()


def test_without_a_finance_role_nothing_is_shown(client, outsider, vof):
    client.force_login(outsider)
    assert client.get(reverse("finance:statement")).status_code == 403
    assert client.get(reverse("finance:overview")).status_code == 403


def test_statement_page_has_a_chart_with_a_table(client, economist_vof, vof, ledger):
    client.force_login(economist_vof)
    page = client.get(reverse("finance:statement")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="img"' in page and "statement-chart-desc" in page
    assert "<table>" in page and "Prognosen för helåret" in page


def test_statement_budget_form(client, economist_vof, vof):
    client.force_login(economist_vof)
    url = reverse("finance:statement_budget") + f"?forvaltning=vof&ar={YEAR}"
    response = client.post(url, {"source": "rent", "amount": "25000"})
    assert response.status_code == 302
    assert DepartmentBudget.objects.get(department=vof, year=YEAR, source="rent").amount == 25000
    refused = client.post(url, {"source": "rent", "amount": "-5"})
    assert refused.status_code == 400
    assert DepartmentBudget.objects.get().amount == 25000


def test_excel_export_has_real_numbers(client, economist_vof, vof, ledger, own_system):
    client.force_login(economist_vof)
    response = client.get(reverse("finance:statement_export", args=["xlsx"]), {"ar": YEAR})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rad", "Regel", "Avser")
    rent_total = next(r for r in rows if r[1] == "G24" and r[2] == "Summa")
    assert isinstance(rent_total[5], float | int)
    assert Decimal(str(rent_total[5])).quantize(Decimal("0.01")) == _ledger_sum(vof)
    net = rows[-1]
    assert net[0] == "Nettokostnad" and isinstance(net[5], float | int)


def test_overview_export_reconciles(client, finance_director, vof, bou, keyed):
    client.force_login(finance_director)
    response = client.get(reverse("finance:overview_export", args=["xlsx"]), {"ar": YEAR})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    check = list(book.worksheets[1].iter_rows(values_only=True))
    assert check[1][2] == check[2][2] == 100000


def test_statement_query_count_same_for_1_and_50_systems_and_departments(
    client, count_queries, economist_vof, finance_director, vof, it_economist
):
    """≤ 15 queries, whatever the number of systems, keys and departments."""
    units = [OrgUnitFactory(code=f"u{i}", name=f"Förvaltning {i:02d}") for i in range(50)]

    def add(i, departments):
        own = SystemFactory(owner_unit=vof)
        SystemCostFactory(system=own, year=YEAR, amount=1000 + i)
        shared = SystemFactory(category="common", financing_principle="allocated", owner_unit=vof)
        SystemCostFactory(system=shared, year=YEAR, amount=5000 + i)
        services.allocation_key_create(
            actor=it_economist,
            system=shared,
            basis="equal",
            valid_from=YEAR,
            weights=[(u, 1) for u in departments],
        )

    add(0, [vof])
    client.force_login(economist_vof)
    url = reverse("finance:statement")
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for i in range(1, 50):
        add(i, [vof, *units])
    with count_queries() as fifty:
        page = client.get(url)
    assert len(page.context["statement"].lines[Source.OWN_SYSTEMS].rows) == 50
    assert one.count == fifty.count <= 15
    client.force_login(finance_director)
    overview = reverse("finance:overview")
    client.get(overview)
    with count_queries() as many:
        page = client.get(overview)
    assert len(page.context["overview"].statements) == 52  # 50, vof and the IT unit
    assert many.count <= 15


def test_history_tab_shows_who_set_the_budget(client, economist_vof, vof):
    services.department_budget_set(
        actor=economist_vof, department=vof, year=YEAR, source="rent", amount=1000
    )
    client.force_login(economist_vof)
    page = client.get(reverse("finance:statement"), {"ar": YEAR, "flik": "historik"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Förvaltningens IT-budget angiven" in text and "department_budget.set" in text


@pytest.mark.rule("G24")
def test_g24_budget_overview_shows_the_rent_income(client, finance_director, ledger):
    client.force_login(finance_director)
    page = client.get(reverse("finance:budget_overview"))
    assert page.status_code == 200
    rent = page.context["table"]["rent"]
    years = page.context["table"]["years"]
    total = LedgerLine.objects.filter(month__year=YEAR).aggregate(s=Sum("amount"))["s"]
    assert rent[years.index(YEAR)] == Decimal(str(total)).quantize(Decimal("0.01"))
