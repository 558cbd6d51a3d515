"""Who may give which role (issue 11, item 1): the policy's ``grants`` per role; nobody grants
or ends a role of their own; role grants and ends are audited and listed on the person page.
The finding: the IT strategist gave herself the municipal director's role and then decided
"as the municipal director" (G29, G13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.errors import NotAllowed
from styrsam.core.models import AuditEntry
from styrsam.guideline.policy import Policy
from styrsam.guideline.upgrade import upgrade
from styrsam.guideline.validation import PolicyInvalid, validate_policy
from styrsam.organisation import services
from styrsam.organisation.models import RoleAssignment
from tests.factories import OrgUnitFactory, UserFactory, person_with_role
from tests.guideline.policytext import default_text, replace_once, suite_text
from tests.vocab import c


@pytest.mark.rule("G29")
def test_g29_it_strategist_may_not_give_herself_the_directors_role(it_strategist):
    with pytest.raises(NotAllowed) as exc:
        services.role_assign(
            actor=it_strategist, person=it_strategist, role=c("municipal_director")
        )
    assert (exc.value.status, exc.value.code) == (403, "own_role")
    assert not RoleAssignment.objects.filter(role=c("municipal_director")).exists()


@pytest.mark.rule("G29")
def test_g29_it_strategist_may_not_give_anyone_the_directors_role(policy, it_strategist):
    person = UserFactory()
    with pytest.raises(NotAllowed) as exc:
        services.role_assign(actor=it_strategist, person=person, role=c("municipal_director"))
    assert (exc.value.status, exc.value.code, exc.value.field) == (403, "may_not_grant", "role")
    assert policy.role_name(c("municipal_director")) in exc.value.detail
    assert not person.role_assignments.exists()
    with pytest.raises(NotAllowed):  # nor another IT strategist: the director appoints
        services.role_assign(actor=it_strategist, person=person, role=c("it_strategist"))
    assert not AuditEntry.objects.filter(action="role.assign").exists()


@pytest.mark.rule("G29")
def test_g29_the_director_appoints_the_it_strategist(municipal_director):
    person = UserFactory()
    services.role_assign(actor=municipal_director, person=person, role=c("it_strategist"))
    assert person.role_assignments.get().role == c("it_strategist")
    with pytest.raises(NotAllowed) as exc:  # but not a second role for herself
        services.role_assign(
            actor=municipal_director, person=municipal_director, role=c("it_strategist")
        )
    assert exc.value.code == "own_role"


@pytest.mark.rule("G29")
def test_g29_nobody_ends_a_role_they_may_not_grant(it_strategist, plain_user):
    director = person_with_role(c("municipal_director"))
    assignment = director.role_assignments.get()
    with pytest.raises(NotAllowed) as exc:
        services.role_end(actor=it_strategist, assignment=assignment)
    assert exc.value.code == "may_not_grant"
    assignment.refresh_from_db()
    assert assignment.end_date is None
    with pytest.raises(NotAllowed):  # no role, no grants
        services.role_assign(actor=plain_user, person=UserFactory(), role=c("service_desk"))


@pytest.mark.rule("G15")
def test_g15_unit_scoped_granting_role_grants_for_its_own_unit_only(
    policy, department, monkeypatch
):
    data = validate_policy(suite_text())
    data["roles"][c("head_of_department")]["grants"] = [c("system_owner")]
    monkeypatch.setattr("styrsam.organisation.roles.get_policy", lambda: Policy(data))
    head = person_with_role(c("head_of_department"), unit=department)
    other = OrgUnitFactory()
    person = UserFactory()
    services.role_assign(actor=head, person=person, role=c("system_owner"), unit=department)
    with pytest.raises(NotAllowed) as exc:
        services.role_assign(actor=head, person=person, role=c("system_owner"), unit=other)
    assert exc.value.code == "may_not_grant"
    assert person.role_assignments.count() == 1


@pytest.mark.rule("G29")
def test_g29_person_page_offers_only_grantable_roles_and_lists_grants(
    client, policy, it_strategist
):
    person = UserFactory(first_name="Pia", last_name="Ek")
    assignment = services.role_assign(actor=it_strategist, person=person, role=c("service_desk"))
    services.role_end(actor=it_strategist, assignment=assignment)
    client.force_login(it_strategist)
    page = client.get(reverse("organisation:person_detail", args=[person.pk]))
    choices = [code for code, _n in page.context["form"].fields["role"].choices]
    assert c("finance_director") in choices
    assert c("municipal_director") not in choices and c("it_strategist") not in choices
    html = page.content.decode()
    assert "Rollhistorik" in html and policy.role_name(c("service_desk")) in html
    actions = [e.action for e in page.context["history"]]
    assert actions.count("role.assign") == 1 and actions.count("role.end") == 1
    assert all(e.actor == it_strategist for e in page.context["history"] if e.action[:5] == "role.")

    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]), {"role": c("municipal_director")}
    )
    assert response.status_code == 403
    assert policy.role_name(c("municipal_director")) in response.content.decode()
    assert not person.role_assignments.filter(role=c("municipal_director")).exists()

    own = client.get(reverse("organisation:person_detail", args=[it_strategist.pk]))
    assert own.context["form"] is None  # no role for oneself
    response = client.post(
        reverse("organisation:person_detail", args=[it_strategist.pk]),
        {"role": c("finance_director")},
    )
    assert response.status_code == 403
    assert it_strategist.role_assignments.count() == 1


def test_policy_grants_name_known_roles():
    text = replace_once(
        default_text(), "    grants: [finance_director,", "    grants: [wizard, finance_director,"
    )
    with pytest.raises(PolicyInvalid) as info:
        validate_policy(text)
    [problem] = info.value.problems
    assert problem.path == "roles.it_strategist.grants[0]"


@pytest.mark.rule("G29")
def test_g29_a_policy_without_grants_gets_the_director_and_strategist_grants():
    data = validate_policy(suite_text())
    for role in data["roles"].values():
        role.pop("grants", None)
    policy = Policy(upgrade(data))
    assert c("it_strategist") in policy.roles_granted_by(c("municipal_director"))
    granted = policy.roles_granted_by(c("it_strategist"))
    assert c("finance_director") in granted
    assert c("municipal_director") not in granted and c("it_strategist") not in granted
    assert policy.roles_granted_by(c("system_owner")) == []


@pytest.mark.rule("G29")
def test_g29_role_grants_through_the_api(api_client, it_strategist, municipal_director):
    person = UserFactory(username="pia")
    api_client.force_authenticate(it_strategist)
    url = "/api/v1/role-assignments/"
    response = api_client.post(
        url, {"person": "pia", "role": c("municipal_director")}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "may_not_grant"
    response = api_client.post(
        url, {"person": it_strategist.username, "role": c("finance_director")}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "own_role"
    assert not RoleAssignment.objects.filter(
        person__in=[person, it_strategist],
        role__in=[c("municipal_director"), c("finance_director")],
    )
    response = api_client.post(url, {"person": "pia", "role": c("finance_director")}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api_client.post(f"{url}{pk}/end/").status_code == 200
    listed = api_client.get(url, {"person": person.pk}).json()["results"]
    assert [(a["role"], a["end_date"] is not None) for a in listed] == [
        (c("finance_director"), True)
    ]

    director_role = municipal_director.role_assignments.get()
    response = api_client.post(f"{url}{director_role.pk}/end/")
    assert response.status_code == 403
    director_role.refresh_from_db()
    assert director_role.end_date is None
    api_client.force_authenticate(UserFactory())
    response = api_client.post(url, {"person": "pia", "role": c("service_desk")}, format="json")
    assert response.status_code == 403


def test_role_assignment_list_costs_the_same_for_1_and_50(api_client, plain_user, count_queries):
    api_client.force_authenticate(plain_user)
    person_with_role(c("service_desk"))
    api_client.get("/api/v1/role-assignments/")
    with count_queries() as one:
        api_client.get("/api/v1/role-assignments/")
    for _n in range(49):
        person_with_role(c("department_economist"), unit=OrgUnitFactory())
    with count_queries() as fifty:
        response = api_client.get("/api/v1/role-assignments/")
    assert response.json()["count"] == 50
    assert fifty.count == one.count
