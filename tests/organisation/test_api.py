"""REST API of the organisation (/api/v1/): personas, errors as JSON, pinned query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from styrsam.core.models import AuditEntry
from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrgUnitFactory,
    UserFactory,
    person_with_role,
)
from tests.vocab import c

LISTS = ["org-units", "committees", "people", "groups", "memberships"]


def api(path: str) -> str:
    return f"/api/v1/{path}"


@pytest.mark.parametrize(
    "name", [*LISTS, f"groups/{c('steering')}", f"groups/{c('steering')}/composition"]
)
def test_unauthenticated_gets_json_error(api_client, policy, name):
    response = api_client.get(api(f"{name}/"))
    assert response.status_code == 401
    assert set(response.json()) >= {"code", "detail"}


@pytest.mark.parametrize("name", LISTS)
def test_plain_user_reads_every_list(api_client, plain_user, name):
    api_client.force_authenticate(plain_user)
    response = api_client.get(api(f"{name}/"))
    assert response.status_code == 200
    assert "results" in response.json()


def test_org_units_carry_their_committee(api_client, plain_user):
    committee = CommitteeFactory(code="bun")
    OrgUnitFactory(code="buf", kind="department", committee=committee)
    OrgUnitFactory(code="bolaget", kind="company", committee=None)
    api_client.force_authenticate(plain_user)
    rows = api_client.get(api("org-units/"), {"kind": "department"}).json()["results"]
    assert [(r["code"], r["committee"]) for r in rows] == [("buf", "bun")]


def test_people_list_shows_roles(api_client, plain_user, it_strategist):
    api_client.force_authenticate(plain_user)
    rows = api_client.get(api("people/"), {"role": c("it_strategist")}).json()["results"]
    assert [r["username"] for r in rows] == ["strateg"]
    assert rows[0]["roles"] == [{"role": c("it_strategist"), "unit": None}]


def test_person_without_profile_has_empty_title(api_client, plain_user):
    """Found by tests/api (schemathesis): a superuser made without a profile, like the demo's
    admin, came out as "title": null although the schema says string."""
    get_user_model().objects.create_superuser("admin", "admin@example.se", "x")
    api_client.force_authenticate(plain_user)
    rows = api_client.get(api("people/"), {"q": "admin"}).json()["results"]
    assert [(r["username"], r["title"], r["unit"]) for r in rows] == [("admin", "", None)]


@pytest.mark.parametrize("person", ["\u00b2", "99999999999999999999999", "-1", "0", "abc"])
def test_membership_person_filter_that_is_no_id_is_400(api_client, plain_user, person):
    """Found by tests/api (schemathesis): "²" passed str.isdigit() and int() refused it, and an
    id beyond 64 bits overflowed SQLite: both answered 500. Since the FilterSet (lists.py) a
    value that is no id is refused as invalid input, with the field named."""
    MembershipFactory(group=GovernanceGroup.objects.get(code=c("steering")))
    api_client.force_authenticate(plain_user)
    response = api_client.get(api("memberships/"), {"person": person})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["person"]


@pytest.mark.parametrize(
    "url",
    [
        "people/?q=%00",
        "people/?role=%00",
        "org-units/?q=%00",
        "memberships/?group=%00",
        "groups/a%00/",
    ],
)
def test_nul_byte_in_a_filter_is_never_a_500(api_client, plain_user, url):
    """Found by tests/api (schemathesis): PostgreSQL refuses NUL in text; the API said 500."""
    api_client.force_authenticate(plain_user)
    response = api_client.get(api(url))
    assert response.status_code == 400  # the middleware refuses a NUL before any view
    assert "code" in response.json() or "results" in response.json()
    if connection.vendor == "postgresql":
        assert (response.status_code, response.json()["code"]) == (400, "invalid")


def test_nul_byte_in_a_slug_of_a_new_membership_is_400(api_client, it_strategist):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        api("memberships/"), {"group": "steering\x00", "person": "strateg"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.rule("G13")
def test_group_by_code(api_client, policy, plain_user):
    api_client.force_authenticate(plain_user)
    body = api_client.get(api(f"groups/{c('steering')}/")).json()
    assert body["code"] == c("steering")
    assert body["rule"] == "G13"
    steering = policy.group(c("steering"))
    assert body["meetings_per_year"] == {"min": steering.meetings_min, "max": steering.meetings_max}
    assert body["member_count"] == 0


@pytest.mark.rule("G13")
def test_group_composition_endpoint(api_client, policy, plain_user, municipal_director):
    MembershipFactory(
        group=GovernanceGroup.objects.get(code=c("steering")),
        person=municipal_director,
        function=Membership.Function.CHAIR,
    )
    api_client.force_authenticate(plain_user)
    rows = api_client.get(api(f"groups/{c('steering')}/composition/")).json()["results"]
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    assert by_kind["chair"][0]["satisfied"] is True
    assert by_kind["convener"][0]["satisfied"] is False
    director = next(
        r for r in by_kind["role"] if r["label"] == policy.role_name(c("municipal_director"))
    )
    assert director["filled_by"] == [municipal_director.get_full_name()]


def test_unknown_group_is_json_404(api_client, plain_user):
    api_client.force_authenticate(plain_user)
    response = api_client.get(api("groups/council/"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.rule("G02")
def test_it_strategist_creates_a_membership(api_client, it_strategist, department):
    person = UserFactory(username="ny", profile__unit=department)
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        api("memberships/"),
        {
            "group": c("preparatory"),
            "person": "ny",
            "function": "member",
            "represents": department.code,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["group"], body["person"], body["represents"]) == (c("preparatory"), "ny", "vof")
    assert Membership.objects.get(pk=body["id"]).person == person
    assert AuditEntry.objects.filter(action="membership.add").count() == 1


def test_plain_user_cannot_create_a_membership(api_client, plain_user):
    UserFactory(username="ny")
    api_client.force_authenticate(plain_user)
    response = api_client.post(
        api("memberships/"), {"group": c("steering"), "person": "ny"}, format="json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert body["detail"]
    assert not Membership.objects.exists()


def test_duplicate_membership_is_409(api_client, it_strategist):
    person = UserFactory(username="ny")
    MembershipFactory(group=GovernanceGroup.objects.get(code=c("steering")), person=person)
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        api("memberships/"), {"group": c("steering"), "person": "ny"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "already_member"
    assert "redan medlem" in body["detail"]


def test_invalid_membership_is_400_json(api_client, it_strategist):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        api("memberships/"), {"group": c("steering"), "person": "finnsinte"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "person" in body["errors"]


def test_it_strategist_ends_a_membership(api_client, it_strategist):
    membership = MembershipFactory(group=GovernanceGroup.objects.get(code=c("steering")))
    api_client.force_authenticate(it_strategist)
    response = api_client.post(api(f"memberships/{membership.pk}/end/"))
    assert response.status_code == 200
    assert response.json()["end_date"] is not None
    again = api_client.post(api(f"memberships/{membership.pk}/end/"))
    assert again.status_code == 404  # ended memberships are no longer listed as active


@pytest.mark.rule("G02")
def test_membership_ends_on_the_date_given_but_not_before_it_began(api_client, it_strategist):
    membership = MembershipFactory(group=GovernanceGroup.objects.get(code=c("steering")))
    api_client.force_authenticate(it_strategist)
    url = api(f"memberships/{membership.pk}/end/")
    refused = api_client.post(url, {"end_date": "2023-12-31"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "end_before_start"
    membership.refresh_from_db()
    assert membership.end_date is None
    response = api_client.post(url, {"end_date": "2025-06-30"}, format="json")
    assert response.status_code == 200
    assert response.json()["end_date"] == "2025-06-30"


def test_plain_user_cannot_end_a_membership(api_client, plain_user):
    membership = MembershipFactory(group=GovernanceGroup.objects.get(code=c("steering")))
    api_client.force_authenticate(plain_user)
    response = api_client.post(api(f"memberships/{membership.pk}/end/"))
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None


def test_schema_is_openapi_3(api_client, db):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/groups/{code}/composition/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


# --- query counts: the same for 1 row and for 50 rows ---------------------------------------


def _add(name: str, n: int, department) -> None:
    groups = list(GovernanceGroup.objects.all())
    for i in range(n):
        if name in ("org-units", "committees"):
            OrgUnitFactory(committee=CommitteeFactory())
        elif name == "people":
            person_with_role(c("department_economist"), unit=department, profile__unit=department)
        elif name == "memberships":
            MembershipFactory(group=groups[i % len(groups)], represents=department)


@pytest.mark.parametrize("name", ["org-units", "committees", "people", "memberships"])
def test_list_endpoint_query_count_does_not_grow(
    api_client, it_strategist, department, count_queries, name
):
    api_client.force_authenticate(it_strategist)
    _add(name, 1, department)
    api_client.get(api(f"{name}/"))
    with count_queries() as few:
        assert api_client.get(api(f"{name}/")).status_code == 200
    _add(name, 49, department)
    with count_queries() as many:
        response = api_client.get(api(f"{name}/"))
    assert response.json()["count"] >= 50
    assert few.count == many.count


def test_groups_endpoint_query_count_does_not_grow(api_client, it_strategist, count_queries):
    api_client.force_authenticate(it_strategist)
    api_client.get(api("groups/"))
    with count_queries() as few:
        api_client.get(api("groups/"))
    for group in GovernanceGroup.objects.all():
        for _ in range(12):
            MembershipFactory(group=group)
    with count_queries() as many:
        response = api_client.get(api("groups/"))
    groups = GovernanceGroup.objects.count()
    assert [g["member_count"] for g in response.json()["results"]] == [12] * groups
    assert few.count == many.count
