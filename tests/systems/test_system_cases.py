"""G17: a system's page and its API detail show its cases and decisions (G21, G23), only
those the user may read, with a query count that does not grow with their number."""

from __future__ import annotations

import pytest
import rules
from django.urls import reverse

from styrsam.cases import services as case_services
from styrsam.cases.models import Case
from tests.factories import SystemFactory
from tests.vocab import c


def section(response, key):
    """The items of a section the cases app adds to the system page (systems.hooks)."""
    found = {s["key"]: s["context"] for s in response.context["sections"]}
    return found[key][key]


pytestmark = pytest.mark.django_db
API = "/api/v1/systems/"
REFERENCE = "IT-styrgruppen 2026-03-12 § 4"


def report(owner, system, title="Ny journalmodul") -> Case:
    return case_services.case_report(
        actor=owner,
        case_type=c("business_system_change"),
        system=system,
        title=title,
        description="Behovet beskrivs i bilagan.",
    )


def decide(case: Case, strategist, outcome="approved"):
    """Complete the required steps (the IT strategist may perform them all), then decide."""
    for step in list(case.steps.all()):
        step.refresh_from_db()
        if step.is_required and not step.is_done:
            case_services.case_complete_step(actor=strategist, case=case, step=step.code)
    case.refresh_from_db()
    return case_services.case_decide(
        actor=strategist,
        case=case,
        outcome=outcome,
        text="Styrgruppen bifaller inköpet.",
        meeting_reference=REFERENCE,
    )


@pytest.fixture
def other_system(vof):
    return SystemFactory(name="Procapita", owner_unit=vof)


@pytest.fixture
def hide_cases_from():
    """Narrow ``cases.view_case`` and ``cases.view_decision`` so that one user may not read
    cases (no such persona exists yet: today every member of staff reads them)."""
    names = ("cases.view_case", "cases.view_decision")
    originals = {name: rules.permissions.permissions[name] for name in names}

    def hide(user):
        @rules.predicate
        def is_not_hidden(viewer) -> bool:
            return viewer.pk != user.pk

        for name in names:
            rules.set_perm(name, originals[name] & is_not_hidden)

    yield hide
    for name, predicate in originals.items():
        rules.set_perm(name, predicate)


@pytest.mark.rule("G17")
@pytest.mark.rule("G23")
def test_g17_system_page_lists_its_cases_and_decisions(
    client, plain_user, owner, it_strategist, care_system, other_system
):
    open_case = report(owner, care_system, title="Ny journalmodul")
    decided_case = report(owner, care_system, title="Byte av avtal")
    decision = decide(decided_case, it_strategist)
    foreign = report(owner, other_system, title="Främmande ärende")
    decide(foreign, it_strategist)

    client.force_login(plain_user)
    response = client.get(reverse("systems:system_detail", args=[care_system.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert [c.pk for c in section(response, "cases")] == [decided_case.pk, open_case.pk]
    assert [d.pk for d in section(response, "decisions")] == [decision.pk]
    assert 'id="cases-heading"' in body and 'id="decisions-heading"' in body
    assert "Ny journalmodul" in body and "Byte av avtal" in body
    assert reverse("cases:case_detail", args=[open_case.pk]) in body
    assert reverse("cases:decision_detail", args=[decision.pk]) in body
    assert open_case.registration_number in body
    assert "Inköp eller större förändring av verksamhetssystem" in body  # the policy's name
    assert "Bifall" in body and REFERENCE in body
    assert "Främmande ärende" not in body
    assert foreign.registration_number not in body
    # what the open case waits for: the steps of the path (G23)
    blocking = [s.code for s in section(response, "cases")[1].blocking_steps]
    assert blocking == [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")]


@pytest.mark.rule("G17")
def test_g17_system_page_without_cases_says_so(client, plain_user, care_system):
    client.force_login(plain_user)
    body = client.get(reverse("systems:system_detail", args=[care_system.pk])).content.decode()
    assert "Inga ärenden om systemet ännu." in body
    assert "Inga beslut om systemet ännu." in body


@pytest.mark.rule("G21")
def test_g21_correction_is_listed_with_the_decision_it_corrects(
    client, plain_user, owner, it_strategist, care_system
):
    decision = decide(report(owner, care_system), it_strategist)
    correction = case_services.decision_correct(
        actor=it_strategist, decision=decision, outcome="rejected", text="Rättat: avslag."
    )
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_detail", args=[care_system.pk]))
    assert [d.pk for d in section(response, "decisions")] == [correction.pk, decision.pk]
    assert "(rättelse)" in response.content.decode()


@pytest.mark.rule("G23")
def test_g23_decision_that_registered_a_new_system_is_on_its_page(
    client, plain_user, owner, it_strategist
):
    """An approved purchase registers the system (in procurement) and the decision is on it."""
    case = case_services.case_report(
        actor=owner,
        case_type=c("business_system_change"),
        title="Nytt schemasystem",
        proposed_system_name="Tidvis",
    )
    decision = decide(case, it_strategist)
    assert decision.system is not None
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_detail", args=[decision.system_id]))
    assert [d.pk for d in section(response, "decisions")] == [decision.pk]
    assert [c.pk for c in section(response, "cases")] == [case.pk]


@pytest.mark.rule("G17")
def test_g17_user_who_may_not_read_cases_does_not_see_them(
    client, api_client, plain_user, owner, it_strategist, care_system, hide_cases_from
):
    case = report(owner, care_system, title="Hemligt ärende")
    decide(case, it_strategist)
    hide_cases_from(plain_user)

    client.force_login(plain_user)
    response = client.get(reverse("systems:system_detail", args=[care_system.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hemligt ärende" not in body
    assert case.registration_number not in body
    assert 'id="cases-heading"' not in body

    api_client.force_authenticate(plain_user)
    data = api_client.get(f"{API}{care_system.pk}/").json()
    assert data["cases"] == [] and data["decisions"] == []

    client.force_login(owner)  # others still see it
    assert (
        "Hemligt ärende"
        in client.get(reverse("systems:system_detail", args=[care_system.pk])).content.decode()
    )


@pytest.mark.rule("G17")
def test_g17_history_tab_does_not_read_cases(client, plain_user, owner, care_system):
    report(owner, care_system, title="Ny journalmodul")
    client.force_login(plain_user)
    response = client.get(
        reverse("systems:system_detail", args=[care_system.pk]), {"flik": "historik"}
    )
    assert "cases" not in response.context
    assert "Ny journalmodul" not in response.content.decode()


def _add(n, owner, strategist, system):
    for i in range(n):
        decide(report(owner, system, title=f"Ärende {i}"), strategist)


# Session, user, policy, the system and its prefetches (4: representatives, using units,
# costs), roles, and the three of these sections: cases, their steps, decisions. (Since issue
# 18: the menu asks the rules, not Django's model backend, two queries fewer; the IT platform's
# components and connections are read by its page only, two more; the municipality's name is
# kept in the cache, one more.)
DETAIL_QUERIES = 11


@pytest.mark.rule("G17")
def test_g17_system_page_query_count_equal_for_1_and_10_cases(
    client, plain_user, owner, it_strategist, care_system, django_assert_num_queries
):
    url = reverse("systems:system_detail", args=[care_system.pk])
    client.force_login(plain_user)
    _add(1, owner, it_strategist, care_system)
    client.get(url)  # warm caches (policy, roles)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url)
    assert len(section(response, "cases")) == 1
    _add(9, owner, it_strategist, care_system)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url)
    assert len(section(response, "cases")) == 10
    assert len(section(response, "decisions")) == 10


@pytest.mark.rule("G17")
def test_g17_api_detail_has_cases_and_decisions_list_does_not(
    api_client, plain_user, owner, it_strategist, care_system
):
    case = report(owner, care_system, title="Ny journalmodul")
    decided = report(owner, care_system, title="Byte av avtal")
    decision = decide(decided, it_strategist)
    api_client.force_authenticate(plain_user)

    data = api_client.get(f"{API}{care_system.pk}/").json()
    assert [c["registration_number"] for c in data["cases"]] == [
        decided.registration_number,
        case.registration_number,
    ]
    open_row = data["cases"][1]
    assert open_row["type"] == c("business_system_change")
    assert open_row["type_name"] == "Inköp eller större förändring av verksamhetssystem"
    assert open_row["status"] == "open"
    assert open_row["waiting_for"] == [
        c("need_reported"),
        c("procurement_contacted"),
        c("it_unit_contacted"),
    ]
    assert data["cases"][0]["waiting_for"] == []
    assert data["decisions"] == [
        {
            "id": decision.pk,
            "case": decided.pk,
            "registration_number": decided.registration_number,
            "decided_at": data["decisions"][0]["decided_at"],
            "outcome": "approved",
            "body": "steering_group",
            "meeting_reference": REFERENCE,
            "corrects": None,
        }
    ]

    rows = api_client.get(API).json()["results"]
    assert rows and all("cases" not in r and "decisions" not in r for r in rows)


API_DETAIL_QUERIES = 8


@pytest.mark.rule("G17")
def test_g17_api_detail_query_count_equal_for_1_and_10_cases(
    api_client, plain_user, owner, it_strategist, care_system, django_assert_num_queries
):
    url = f"{API}{care_system.pk}/"
    api_client.force_authenticate(plain_user)
    _add(1, owner, it_strategist, care_system)
    api_client.get(url)
    with django_assert_num_queries(API_DETAIL_QUERIES):
        assert len(api_client.get(url).json()["cases"]) == 1
    _add(9, owner, it_strategist, care_system)
    with django_assert_num_queries(API_DETAIL_QUERIES):
        data = api_client.get(url).json()
    assert len(data["cases"]) == 10 and len(data["decisions"]) == 10


def test_api_schema_documents_cases_on_retrieve_only(api_client, plain_user):
    api_client.force_authenticate(plain_user)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    retrieve = schema["paths"]["/api/v1/systems/{id}/"]["get"]["responses"]["200"]
    ref = retrieve["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][ref]["properties"]
    assert {"cases", "decisions"} <= set(properties)
    assert "cases" not in schema["components"]["schemas"]["System"]["properties"]
