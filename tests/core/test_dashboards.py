"""The start page's dashboards (issue 17 item 5): each persona's year at a glance, with exact
numbers on known data, shown by the policy's capabilities, as accessible SVG with a table, in
a number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services as case_services
from styrsam.core.charts import bar_chart
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import RentRun
from tests import dashboard_data as data
from tests.factories import (
    OrgUnitFactory,
    SystemCostFactory,
    SystemFactory,
    person_with_role,
)
from tests.vocab import c

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
D = datetime.date


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _deferred(response) -> list[str]:
    """The sections the start page loads after it (issue 18): their keys."""
    return [
        s["key"]
        for s in [*response.context["sections_before"], *response.context["sections"]]
        if s.get("deferred")
    ]


def _dashboards(user) -> tuple[dict, str]:
    """The dashboards of ``user``'s start page: section key → context, and the page with the
    dashboards htmx puts in it (each loaded after the page, issue 18)."""
    client = _client(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    found = {}
    for key in _deferred(response):
        assert key.startswith("dashboard-")
        url = reverse("home_section", args=[key])
        assert f'hx-get="{url}"' in html and f'<a href="{url}">' in html
        part = client.get(url, headers={"HX-Request": "true"})
        assert part.status_code == 200
        found[part.context["section"]["key"]] = part.context["section"]
        html += part.content.decode()
    return found, html


def _rows(chart) -> list[tuple]:
    return [(row.label, row.values) for row in chart.rows]


def _chart(section: dict, title_start: str):
    return next(c for c, _url, _text in section["charts"] if c.title.startswith(title_start))


# --- the data ---------------------------------------------------------------------------


@pytest.fixture
def vof(policy):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(policy):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


# --- the IT strategist (G02, G04, G13–G16) ------------------------------------------------


@pytest.fixture
def strategist_data(it_strategist, vof):
    data.meetings(c("steering"), held=3, planned=2)
    data.meetings(c("steering"), held=4, planned=0, year=YEAR - 1)  # another year: not counted
    data.meetings(c("system_owners"), held=1, planned=3)
    first = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY, code="hamn", name="Hamnbolaget AB")
    second = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY, code="vatten", name="Vattenbolaget AB")
    data.company_meetings(first, 2, it_strategist)
    data.company_meetings(second, 1, it_strategist, year=YEAR - 1)  # last year only
    head = person_with_role(c("head_of_department"), unit=vof, username="ingrid")
    cases = [
        case_services.case_report(
            actor=head,
            case_type=c("business_system_change"),
            title=f"Nytt verksamhetssystem {i}",
            description="Behov",
            reporting_unit=vof,
        )
        for i in range(2)
    ]
    data.consultations(
        cases[0],
        it_strategist,
        [TODAY - datetime.timedelta(days=1), TODAY, TODAY + datetime.timedelta(days=30)],
    )
    return cases


def _meetings_label(policy, word: str) -> str:
    """A group's row in the meetings chart: its name and the policy's meetings a year."""
    group = policy.group(c(word))
    low, high = group.meetings_min, group.meetings_max
    return f"{policy.group_name(c(word))} (krav {low if low == high else f'{low}–{high}'})"


@pytest.mark.rule("G04")
@pytest.mark.rule("G13")
def test_g13_g04_the_strategist_sees_meetings_cases_consultations_and_companies(
    policy, it_strategist, strategist_data
):
    found, html = _dashboards(it_strategist)
    assert list(found) == ["coordinator"]
    section = found["coordinator"]

    meetings = _chart(section, "Möten")
    rows = dict(_rows(meetings))
    assert rows[_meetings_label(policy, "steering")] == ["3", "2"]
    assert rows[_meetings_label(policy, "system_owners")] == ["1", "3"]
    steering_name = policy.group_name(c("steering"))
    steering = next(r for r in meetings.rows if r.label.startswith(steering_name))
    minimum = policy.group(c("steering")).meetings_min
    assert steering.target == str(minimum)
    assert (
        f"{_meetings_label(policy, 'steering')}: Hållna 3, Planerade 2 (krav minst {minimum})"
        in meetings.description
    )

    companies = _chart(section, "Bolagsmöten")
    assert _rows(companies) == [("Hamnbolaget AB", ["2"]), ("Vattenbolaget AB", ["0"])]
    assert [r.target for r in companies.rows] == ["1", "1"]

    consultations = _chart(section, "Öppna remisser")
    assert _rows(consultations) == [
        ("Har passerat", ["1"]),
        ("Inom 14 dagar", ["1"]),
        ("Senare", ["1"]),
    ]

    cases = _chart(section, "Öppna ärenden")
    open_steps = {
        s.name
        for case in strategist_data
        for s in case.steps.all()
        if s.completed_at is None and s.is_required
    }
    assert open_steps
    assert {label for label, _v in _rows(cases)} == open_steps
    assert all(values == ["2"] for _label, values in _rows(cases))

    # accessible: a text alternative, the numbers in a table, and a link to the whole list
    assert html.count('role="img"') == 4
    assert (
        f'<title id="{meetings.id}-title">Möten {YEAR} mot policyns krav per grupp</title>' in html
    )
    assert '<th scope="row">Hamnbolaget AB</th><td class="num">2</td><td class="num">1</td>' in html
    assert reverse("meetings:compliance") in html


# --- the economists (G16, G24, G25) -------------------------------------------------------


@pytest.fixture
def economist_data(vof, bou):
    run = RentRun.objects.create(month=D(YEAR, 1, 1))
    data.ledger(vof, 1, ["300.00", "62.50"], run)
    data.ledger(bou, 1, ["600.00"], run)
    data.ledger(vof, 2, ["300.00"])
    SystemCostFactory(
        system=SystemFactory(owner_unit=vof), year=YEAR, kind="licence", amount=120000
    )
    SystemCostFactory(
        system=SystemFactory(owner_unit=vof), year=YEAR, kind="operation", amount=24000
    )
    SystemCostFactory(system=SystemFactory(owner_unit=bou), year=YEAR, kind="licence", amount=60000)
    SystemCostFactory(
        system=SystemFactory(owner_unit=bou), year=YEAR - 1, kind="support", amount=99000
    )


def _months_until(last_with_data: int) -> int:
    return max(last_with_data, TODAY.month)


@pytest.mark.rule("G24")
@pytest.mark.rule("G25")
def test_g24_g25_a_department_economist_sees_the_own_departments_rent_and_costs(
    policy, vof, economist_data
):
    economist = person_with_role(c("department_economist"), unit=vof, username="tomas")
    found, html = _dashboards(economist)
    assert list(found) == ["economist"]
    rent = _chart(found["economist"], "Hyra per månad")
    rows = _rows(rent)
    assert rows[:2] == [("jan", ["362,50\xa0kr"]), ("feb", ["300,00\xa0kr"])]
    assert len(rows) == _months_until(2)  # months without a rent run say "–"
    assert all(values == ["–"] for _label, values in rows[2:])
    costs = _chart(found["economist"], "Systemkostnader")
    assert _rows(costs) == [
        ("Licens", ["120\xa0000\xa0kr", "10\xa0000\xa0kr"]),
        ("Drift", ["24\xa0000\xa0kr", "2\xa0000\xa0kr"]),
    ]
    assert "60\xa0000" not in html and "180\xa0000" not in html  # not the other department's


@pytest.mark.rule("G16")
@pytest.mark.rule("G24")
def test_g16_the_it_units_economist_sees_every_departments_rent_and_cost(policy, economist_data):
    economist = person_with_role(c("it_unit_economist"), username="helena")
    found, _html = _dashboards(economist)
    assert set(found) == {"economist", "it-unit"}
    assert _rows(_chart(found["economist"], "Hyra per månad"))[:2] == [
        ("jan", ["962,50\xa0kr"]),
        ("feb", ["300,00\xa0kr"]),
    ]
    assert _rows(_chart(found["economist"], "Systemkostnader")) == [
        ("Licens", ["180\xa0000\xa0kr", "15\xa0000\xa0kr"]),
        ("Drift", ["24\xa0000\xa0kr", "2\xa0000\xa0kr"]),
    ]


@pytest.mark.rule("G24")
def test_g24_a_plain_employee_sees_no_dashboard(plain_user, economist_data, strategist_data):
    found, html = _dashboards(plain_user)
    assert found == {}
    assert "Hyra per månad" not in html
    assert "Systemkostnader" not in html
    assert 'role="img"' not in html


# --- the head of the IT unit (G07, G08) ---------------------------------------------------


@pytest.mark.rule("G07")
@pytest.mark.rule("G08")
def test_g08_g07_the_head_of_the_it_unit_sees_the_investment_budget_and_waiting_orders(policy, vof):
    head = person_with_role(c("head_of_it_unit"), username="mats")
    data.frame(10000)
    data.purchases(["1000.00", "500.00"], month=1)
    data.orders(vof, ["awaiting_approval", "awaiting_approval", "approved", "fulfilled", "draft"])
    found, html = _dashboards(head)
    assert set(found) == {"economist", "it-unit"}
    section = found["it-unit"]
    assert (
        section["intro"]
        == "Använt 1\xa0500\xa0kr av 10\xa0000\xa0kr (15,0\xa0%), kvar 8\xa0500\xa0kr."
    )
    budget = _chart(section, "Investeringsbudgeten")
    rows = _rows(budget)
    assert len(rows) == TODAY.month
    assert all(values == ["1\xa0500\xa0kr"] for _label, values in rows)  # so far, each month
    assert {r.target for r in budget.rows} == {"10\xa0000\xa0kr"}
    orders = _chart(section, "Beställningar")
    assert _rows(orders) == [
        ("Väntar på godkännande", ["2"]),
        ("Godkända, väntar på leverans", ["1"]),
    ]
    assert reverse("servicedesk:order_list") in html


@pytest.mark.rule("G08")
def test_g08_without_a_decided_frame_the_budget_says_so(policy):
    head = person_with_role(c("head_of_it_unit"), username="mats")
    data.purchases(["250.00"], month=1)
    found, _html = _dashboards(head)
    assert found["it-unit"]["intro"] == (
        f"Ingen investeringsram är beslutad för {YEAR}. Använt: 250\xa0kr."
    )


# --- the chart itself -----------------------------------------------------------------------


def test_a_chart_says_every_value_in_words_and_draws_none_as_no_bar():
    chart = bar_chart(
        title="Prov",
        label_header="Rad",
        series=["A", "B"],
        rows=[("Första", [3, None]), ("Andra", [-2, 6])],
        targets=[4, None],
        target_header="Mål",
    )
    assert chart.description == "Första: A 3, B – (Mål 4); Andra: A -2, B 6."
    first, second = chart.rows
    assert first.bars[1].value is None and first.values == ["3", "–"]
    assert second.bars[0].width == "1.0"  # a negative value: drawn as zero (a hairline)
    assert first.target == "4" and second.target == ""
    assert [item["name"] for item in chart.legend] == ["A", "B"]


# --- query counts do not grow with the rows -------------------------------------------------


def _count(user, count_queries) -> dict[str, int]:
    """The queries of the start page and of each dashboard it loads after it."""
    client = _client(user)
    response = client.get(reverse("home"))  # warm the caches
    counts = {}
    for url in [reverse("home")] + [
        reverse("home_section", args=[key]) for key in _deferred(response)
    ]:
        with count_queries() as q:
            client.get(url, headers={"HX-Request": "true"})
        counts[url] = q.count
    return counts


def _more_rows(vof, bou, strategist):
    for code in (c("steering"), c("preparatory"), c("financing")):
        data.meetings(code, held=6, planned=5)
    for i in range(6):
        company = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY, name=f"Bolag {i} AB")
        data.company_meetings(company, i, strategist)
    for month in (3, 4, 5):
        data.ledger(vof, month, ["300.00"] * 5)
        data.ledger(bou, month, ["62.50"] * 5)
    for kind in ("licence", "operation", "support"):
        SystemCostFactory(system=SystemFactory(owner_unit=vof), year=YEAR, kind=kind)
    data.purchases(["100.00"] * 12, month=2)
    data.orders(vof, ["awaiting_approval"] * 8 + ["approved"] * 5)
    data.orders(bou, ["approved"] * 3)


def test_the_start_pages_query_count_does_not_grow_with_the_rows(
    it_strategist, vof, bou, strategist_data, economist_data, count_queries
):
    people = {
        "strategist": it_strategist,
        "economist": person_with_role(c("department_economist"), unit=vof, username="tomas"),
        "it_economist": person_with_role(c("it_unit_economist"), username="helena"),
        "head": person_with_role(c("head_of_it_unit"), username="mats"),
    }
    data.frame(10000)
    data.purchases(["1000.00"])
    data.orders(vof, ["awaiting_approval"])
    # one of each kind of row first: the to-dos of other apps ask once more when a group
    # has a meeting at all (a constant, not a query per row)
    data.meetings(c("preparatory"), held=1, planned=1)
    data.meetings(c("financing"), held=1, planned=1)
    before = {name: _count(user, count_queries) for name, user in people.items()}
    _more_rows(vof, bou, it_strategist)
    for case in strategist_data:
        data.consultations(
            case, it_strategist, [TODAY + datetime.timedelta(days=d) for d in range(9)]
        )
    for i in range(4):
        case_services.case_report(
            actor=it_strategist,
            case_type=c("common_system_change"),
            title=f"Gemensamt system {i}",
            description="Behov",
            common_kind="payroll_hr",
        )
    after = {name: _count(user, count_queries) for name, user in people.items()}
    assert after == before
    # each dashboard loaded after the page is a request of at most 15 queries (issue 18)
    parts = {
        (name, url): n for name, counts in after.items() for url, n in counts.items() if url != "/"
    }
    assert len(parts) == 6 and max(parts.values()) <= 15, parts  # mats and helena: two each


def test_the_start_page_is_at_most_15_queries_for_every_persona_whatever_the_rows(
    it_strategist, plain_user, vof, bou, strategist_data, economist_data, count_queries
):
    """Issue 18: the start page itself (its dashboards load after it) in at most 15 queries
    for every persona — the IT strategist, the head of the IT unit, the IT unit's and a
    department's economist, a head of department and an employee with no role — and in as
    many when every kind of row grows: the to-dos' counts and yes/no questions are one query
    (``core.todo.Later``), the rows a yes announces one more each."""
    people = {
        "strategist": it_strategist,
        "economist": person_with_role(c("department_economist"), unit=vof, username="tomas"),
        "it_economist": person_with_role(c("it_unit_economist"), username="helena"),
        "head": person_with_role(c("head_of_it_unit"), username="mats"),
        "head_of_department": type(it_strategist).objects.get(username="ingrid"),
        "no_role": plain_user,
    }
    data.frame(10000)
    data.purchases(["1000.00"])
    data.orders(vof, ["awaiting_approval"])
    data.meetings(c("preparatory"), held=1, planned=1)
    data.meetings(c("financing"), held=1, planned=1)

    def home_counts() -> dict[str, int]:
        return {name: _count(user, count_queries)[reverse("home")] for name, user in people.items()}

    before = home_counts()
    assert max(before.values()) <= 15, before
    _more_rows(vof, bou, it_strategist)
    for case in strategist_data:
        data.consultations(
            case, it_strategist, [TODAY + datetime.timedelta(days=d) for d in range(9)]
        )
    assert home_counts() == before


def test_a_dashboard_loads_after_the_page_and_opens_as_a_page_without_javascript(
    it_strategist, plain_user, strategist_data
):
    """The start page links each dashboard in its place (htmx replaces the link by the
    section once the page is shown); the link opens the dashboard as a page of its own; a
    user the dashboard is not shown to gets 404, as for a section that does not exist."""
    client = _client(it_strategist)
    url = reverse("home_section", args=["dashboard-coordinator"])
    home = client.get(reverse("home")).content.decode()
    assert f'data-hx-get="{url}" data-hx-trigger="load" data-hx-swap="outerHTML"' in home
    assert 'class="dashboard"' not in home  # the charts are not on the page itself
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Året i korthet</h1>" in html and 'class="dashboard"' in html
    part = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in part.content.decode()
    assert 'class="dashboard"' in part.content.decode()
    assert _client(plain_user).get(url).status_code == 404
    assert client.get(reverse("home_section", args=["roles"])).status_code == 404
    assert client.get(reverse("home_section", args=["nothing"])).status_code == 404
