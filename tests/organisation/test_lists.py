"""The organisation's lists (lists.py): one FilterSet serves the page and the API, so every
filter works in both, is in /api/schema/, and an invalid value answers 400 in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrgUnitFactory,
    UserFactory,
    person_with_role,
)
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(policy):
    """Two committees, a department, a company and three people."""
    ks = CommitteeFactory(code="ks", name="Kommunstyrelsen", is_executive=True)
    von = CommitteeFactory(code="von", name="Vård- och omsorgsnämnden")
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen", committee=von)
    bolaget = OrgUnitFactory(
        code="bostader", name="Kommunens Bostäder AB", kind="company", committee=ks
    )
    eva = person_with_role(
        c("system_owner"),
        unit=vof,
        username="eva",
        first_name="Eva",
        last_name="Ågren",
        profile__unit=vof,
        profile__title="Enhetschef",
    )
    olle = UserFactory(username="olle", first_name="Olle", last_name="Berg", profile__unit=bolaget)
    return {"vof": vof, "bolaget": bolaget, "eva": eva, "olle": olle}


def page_names(client, name: str, **params) -> list[str]:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return [getattr(r, "username", None) or r.name for r in response.context["object_list"]]


def api_rows(api_client, path: str, **params) -> list[dict]:
    response = api_client.get(f"/api/v1/{path}/", params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --- units ---------------------------------------------------------------------------------


def test_unit_list_filters_and_sorts(client, plain_user, org):
    client.force_login(plain_user)
    name = "organisation:unit_list"
    assert page_names(client, name, kind="company") == ["Kommunens Bostäder AB"]
    assert page_names(client, name, committee="von") == ["Vård- och omsorgsförvaltningen"]
    assert page_names(client, name, q="BOSTAD") == ["Kommunens Bostäder AB"]
    assert page_names(client, name, sort="-name") == [
        "Vård- och omsorgsförvaltningen",
        "Kommunens Bostäder AB",
    ]


def test_unit_list_shows_an_invalid_filter_on_its_field(client, plain_user, org):
    client.force_login(plain_user)
    response = client.get(reverse("organisation:unit_list"), {"kind": "castle"})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 2  # the invalid filter filters nothing
    assert response.context["filter"].form.has_error("kind")
    assert 'id="f-kind_error"' in response.content.decode()


def test_unit_links_to_its_people(client, plain_user, org):
    client.force_login(plain_user)
    body = client.get(reverse("organisation:unit_list")).content.decode()
    link = reverse("organisation:person_list") + "?unit=vof"
    assert f'href="{link}"' in body
    assert page_names(client, "organisation:person_list", unit="vof") == ["eva"]


def test_api_org_units_filters(api_client, plain_user, org):
    api_client.force_authenticate(plain_user)
    assert [r["code"] for r in api_rows(api_client, "org-units", kind="company")] == ["bostader"]
    assert [r["code"] for r in api_rows(api_client, "org-units", q="omsorg")] == ["vof"]
    assert [r["code"] for r in api_rows(api_client, "org-units", committee="ks")] == ["bostader"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("org-units", {"kind": "castle"}, "kind"),
        ("org-units", {"committee": "finnsinte"}, "committee"),
        ("people", {"role": "wizard"}, "role"),
        ("people", {"unit": "finnsinte"}, "unit"),
        ("memberships", {"function": "king"}, "function"),
    ],
)
def test_api_invalid_filter_value_is_400_not_ignored(api_client, plain_user, path, params, field):
    """Before the FilterSets an unknown kind or role was silently ignored (every row came)."""
    api_client.force_authenticate(plain_user)
    response = api_client.get(f"/api/v1/{path}/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_api_committees_search(api_client, plain_user, org):
    api_client.force_authenticate(plain_user)
    assert [r["code"] for r in api_rows(api_client, "committees", q="omsorg")] == ["von"]


# --- people --------------------------------------------------------------------------------


def test_person_list_filters_and_sorts(client, plain_user, org):
    client.force_login(plain_user)
    name = "organisation:person_list"
    assert page_names(client, name, q="enhetschef") == ["eva"]
    assert page_names(client, name, unit="bostader") == ["olle"]
    assert page_names(client, name, role=c("system_owner"), unit="vof") == ["eva"]
    assert page_names(client, name, role=c("system_owner"), unit="bostader") == []
    by_unit = page_names(client, name, sort="unit")
    assert by_unit.index("olle") < by_unit.index("eva")  # "Kommunens …" before "Vård- …"


def test_person_list_role_filter_counts_roles_in_force_only(client, plain_user, org, it_strategist):
    ended = person_with_role(c("system_owner"), unit=org["vof"], username="forra")
    ended.role_assignments.update(end_date="2025-01-01")
    client.force_login(plain_user)
    assert page_names(client, "organisation:person_list", role=c("system_owner")) == ["eva"]


def test_person_list_page_links_its_filters_to_the_api(client, plain_user, org):
    client.force_login(plain_user)
    body = client.get(reverse("organisation:person_list"), {"q": "eva"}).content.decode()
    assert 'href="/api/v1/people/?q=eva"' in body


def test_api_people_filters_as_the_page(api_client, plain_user, org):
    api_client.force_authenticate(plain_user)
    assert [r["username"] for r in api_rows(api_client, "people", role=c("system_owner"))] == [
        "eva"
    ]
    assert [r["username"] for r in api_rows(api_client, "people", unit="bostader")] == ["olle"]
    assert [r["username"] for r in api_rows(api_client, "people", q="enhetschef")] == ["eva"]


def test_api_people_role_filter_lists_a_person_once(api_client, plain_user, org):
    """A person holding a role for two units is one row (the old filter needed DISTINCT)."""
    org["eva"].role_assignments.create(role=c("system_owner"), unit=org["bolaget"])
    api_client.force_authenticate(plain_user)
    assert [r["username"] for r in api_rows(api_client, "people", role=c("system_owner"))] == [
        "eva"
    ]


# --- groups and memberships ----------------------------------------------------------------


@pytest.mark.rule("G13")
def test_group_list_shows_what_the_policy_says(client, policy, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("organisation:group_list"))
    body = response.content.decode()
    code = c("steering")
    group = policy.group(code)
    steering = f'<td><a href="/grupper/{code}/">{policy.group_name(code)}</a></td><td>G13</td>'
    cells = f"<td>{group.meetings_min}–{group.meetings_max}</td>"
    cells += f"<td>{policy.role_name(group.convener_role)}</td><td>0</td>"
    assert steering + cells in body
    # the policy's order; a municipality that merged two groups lists the merged one once
    words = ["steering", "preparatory", "system_owners", "financing"]
    expected = list(dict.fromkeys(c(word) for word in words))
    assert [g.code for g in response.context["object_list"]] == expected


def test_api_memberships_filters(api_client, plain_user, org):
    steering = GovernanceGroup.objects.get(code=c("steering"))
    owners = GovernanceGroup.objects.get(code=c("system_owners"))  # distinct in every policy
    MembershipFactory(group=steering, person=org["eva"], function=Membership.Function.CHAIR)
    MembershipFactory(group=owners, person=org["eva"])
    MembershipFactory(group=owners, person=org["olle"])
    api_client.force_authenticate(plain_user)

    def pairs(**params):
        return sorted(
            (r["group"], r["person"]) for r in api_rows(api_client, "memberships", **params)
        )

    assert pairs(group=c("steering")) == [(c("steering"), "eva")]
    assert pairs(person=org["olle"].pk) == [(c("system_owners"), "olle")]
    assert pairs(function="chair") == [(c("steering"), "eva")]
    assert pairs(group=c("system_owners"), person=org["eva"].pk) == [(c("system_owners"), "eva")]
    assert pairs(group="finnsinte") == []


# --- the schema ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/api/v1/org-units/", {"q", "kind", "committee"}),
        ("/api/v1/committees/", {"q"}),
        ("/api/v1/people/", {"q", "role", "unit"}),
        ("/api/v1/memberships/", {"group", "person", "function"}),
    ],
)
def test_every_filter_is_in_the_schema(api_client, policy, path, filters):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert filters <= set(parameters), set(parameters)


def test_schema_types_the_filters(api_client, policy):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    units = {p["name"]: p for p in schema["paths"]["/api/v1/org-units/"]["get"]["parameters"]}
    assert set(units["kind"]["schema"]["enum"]) == {"department", "company", "staff_unit"}
    members = {p["name"]: p for p in schema["paths"]["/api/v1/memberships/"]["get"]["parameters"]}
    assert members["person"]["schema"]["type"] == "integer"
