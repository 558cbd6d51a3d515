"""Pages of the organisation for each persona; query counts pinned for list pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

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

PAGES = [
    ("organisation:group_list", []),
    ("organisation:group_detail", [c("steering")]),
    ("organisation:unit_list", []),
    ("organisation:person_list", []),
    ("guideline:policy", []),
]


@pytest.fixture
def steering(policy):
    return GovernanceGroup.objects.get(code=c("steering"))


def url_of(name: str, args) -> str:
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_is_sent_to_login(client, policy, name, args):
    response = client.get(url_of(name, args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["plain_user", "it_strategist", "superuser"])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_logged_in_persona_reads(client, request, persona, name, args):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url_of(name, args))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["plain_user", "it_strategist"])
def test_person_detail_renders(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("organisation:person_detail", args=[user.pk]))
    assert response.status_code == 200


def test_unknown_group_and_person_are_404(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("organisation:group_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("organisation:person_detail", args=[99999])).status_code == 404


@pytest.mark.rule("G13")
def test_group_page_shows_composition_from_the_policy(client, policy, plain_user, steering):
    client.force_login(plain_user)
    content = client.get(
        reverse("organisation:group_detail", args=[c("steering")])
    ).content.decode()
    assert policy.group_name(c("steering")) in content
    assert policy.role_name(c("municipal_director")) in content
    assert "krav är inte uppfyllda" in content


def test_plain_user_cannot_add_a_member(client, plain_user, steering):
    client.force_login(plain_user)
    person = UserFactory()
    response = client.post(
        reverse("organisation:group_detail", args=[c("steering")]),
        {"person": person.username, "function": "member"},
    )
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_plain_user_does_not_see_the_add_form(client, plain_user, steering):
    client.force_login(plain_user)
    response = client.get(reverse("organisation:group_detail", args=[c("steering")]))
    assert response.context["can_manage"] is False


def test_plain_user_cannot_end_a_membership(client, plain_user, steering):
    membership = MembershipFactory(group=steering)
    client.force_login(plain_user)
    response = client.post(reverse("organisation:membership_end", args=[membership.pk]))
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None


@pytest.mark.rule("G02")
def test_it_strategist_adds_a_member_through_the_group_page(client, it_strategist, steering):
    department = OrgUnitFactory()
    person = UserFactory(profile__unit=department)
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:group_detail", args=[c("steering")]),
        {"person": person.username, "function": "member", "represents": department.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(group=steering, person=person)
    assert membership.represents == department
    assert AuditEntry.objects.filter(action="membership.add", actor=it_strategist).count() == 1


def test_adding_a_member_twice_shows_the_conflict(client, it_strategist, steering):
    person = UserFactory()
    MembershipFactory(group=steering, person=person)
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:group_detail", args=[c("steering")]),
        {"person": person.username, "function": "member"},
    )
    assert response.status_code == 409  # a workflow conflict, as the API answers
    form = response.context["form"]
    assert form.has_error("person", code="already_member")
    assert form["person"].value() == person.username  # what the user typed is kept
    assert response.content.decode().count("redan medlem") == 1
    assert Membership.objects.filter(person=person).count() == 1


def test_unknown_username_is_a_form_error(client, it_strategist, steering):
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:group_detail", args=[c("steering")]),
        {"person": "finnsinte", "function": "member"},
    )
    assert response.status_code == 400
    assert "finnsinte" in response.content.decode()
    assert not Membership.objects.exists()


@pytest.mark.rule("G02")
def test_it_strategist_ends_a_membership(client, it_strategist, steering):
    membership = MembershipFactory(group=steering)
    client.force_login(it_strategist)
    response = client.post(reverse("organisation:membership_end", args=[membership.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:group_detail", args=[c("steering")])
    membership.refresh_from_db()
    assert membership.end_date is not None
    assert AuditEntry.objects.filter(action="membership.end").count() == 1


@pytest.mark.rule("G02")
def test_ending_a_membership_asks_for_confirmation_first(client, it_strategist, steering):
    """Issue 17: no one-click end; a page names the person and asks for the last day."""
    membership = MembershipFactory(group=steering)
    client.force_login(it_strategist)
    response = client.get(reverse("organisation:membership_end", args=[membership.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Avsluta medlemskapet" in page and 'name="end_date"' in page
    membership.refresh_from_db()
    assert membership.end_date is None
    group_page = client.get(reverse("organisation:group_detail", args=[c("steering")])).content
    assert reverse("organisation:membership_end", args=[membership.pk]).encode() in group_page


@pytest.mark.rule("G02")
def test_membership_ends_on_the_date_given(client, it_strategist, steering):
    import datetime

    membership = MembershipFactory(group=steering, start_date=datetime.date(2025, 1, 1))
    client.force_login(it_strategist)
    url = reverse("organisation:membership_end", args=[membership.pk])
    response = client.post(url, {"end_date": "2024-12-31"})
    assert response.status_code == 400
    assert "kan inte sluta före" in response.content.decode()
    membership.refresh_from_db()
    assert membership.end_date is None
    assert not AuditEntry.objects.filter(action="membership.end").exists()

    response = client.post(url, {"end_date": "2025-06-30"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2025, 6, 30)


@pytest.mark.rule("G02")
def test_it_strategist_assigns_a_role_on_the_person_page(client, it_strategist, department):
    person = UserFactory()
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]),
        {"role": c("department_economist"), "unit": department.pk},
    )
    assert response.status_code == 302
    assert person.role_assignments.get().unit == department


def test_plain_user_cannot_assign_a_role(client, plain_user):
    person = UserFactory()
    client.force_login(plain_user)
    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]), {"role": c("finance_director")}
    )
    assert response.status_code == 403
    assert not person.role_assignments.exists()


def test_unit_scoped_role_without_unit_shows_the_error(client, it_strategist):
    person = UserFactory()
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]), {"role": c("system_owner")}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("unit", code="unit_required")
    assert form["role"].value() == c("system_owner")
    assert not person.role_assignments.exists()


def test_it_strategist_ends_a_role(client, it_strategist):
    holder = person_with_role(c("finance_director"))
    assignment = holder.role_assignments.get()
    client.force_login(it_strategist)
    response = client.post(reverse("organisation:role_end", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date is not None


def test_unit_list_filters_by_kind(client, plain_user):
    OrgUnitFactory(kind="company", name="Kommunens Bostäder AB")
    OrgUnitFactory(kind="department", name="Barn- och utbildningsförvaltningen")
    client.force_login(plain_user)
    response = client.get(reverse("organisation:unit_list"), {"kind": "company"})
    names = [u.name for u in response.context["object_list"]]
    assert names == ["Kommunens Bostäder AB"]


def test_person_list_filters_by_role(client, plain_user, it_strategist):
    client.force_login(plain_user)
    response = client.get(reverse("organisation:person_list"), {"role": c("it_strategist")})
    assert [p.username for p in response.context["object_list"]] == ["strateg"]


# --- query counts: the same for 1 row and for 50 rows (convention 10) -----------------------


def _count(client, count_queries, url) -> int:
    with count_queries() as q:
        response = client.get(url)
    assert response.status_code == 200
    return q.count


def _add_units(n: int) -> None:
    for _ in range(n):
        unit = OrgUnitFactory(committee=CommitteeFactory())
        UserFactory(profile__unit=unit)


def _add_people(n: int, department) -> None:
    for i in range(n):
        person = person_with_role(
            c("department_economist"), unit=department, profile__unit=department
        )
        if i % 2:
            person.role_assignments.create(role=c("finance_director"))


def _add_members(n: int, department) -> None:
    for group in GovernanceGroup.objects.all():
        for _ in range(n):
            MembershipFactory(group=group, person=UserFactory(), represents=department)


@pytest.mark.parametrize(
    ("name", "add"),
    [
        ("organisation:unit_list", lambda n, d: _add_units(n)),
        ("organisation:person_list", _add_people),
        ("organisation:group_list", _add_members),
    ],
    ids=["units", "people", "groups"],
)
def test_list_page_query_count_does_not_grow_with_rows(
    client, it_strategist, department, count_queries, name, add
):
    client.force_login(it_strategist)
    url = reverse(name)
    add(1, department)
    _count(client, count_queries, url)  # warm the session and caches
    few = _count(client, count_queries, url)
    add(49, department)
    many = _count(client, count_queries, url)
    assert few == many


def _policy_with_groups(default_text: str, extra: int) -> str:
    import copy

    import yaml

    data = yaml.safe_load(default_text)
    for i in range(extra):
        # a deep copy each: shared objects would be dumped as YAML aliases, which a policy
        # file may hold only a few of (styrsam.guideline.validation.MAX_ALIASES)
        group = copy.deepcopy(data["groups"][c("financing")])
        data["groups"][f"extra{i}"] = {**group, "name": f"Extragrupp {i}"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_group_list_query_count_does_not_grow_with_groups(client, it_strategist, count_queries):
    from styrsam.guideline.services import policy_load
    from tests.vocab import suite_policy_path

    client.force_login(it_strategist)
    url = reverse("organisation:group_list")
    _count(client, count_queries, url)
    few = _count(client, count_queries, url)
    groups_before = GovernanceGroup.objects.count()  # the policy's own (four by default)
    text = _policy_with_groups(suite_policy_path().read_text(encoding="utf-8"), 46)
    policy_load(actor=None, text=text)
    _count(client, count_queries, url)  # the first request reads the new version once
    many = _count(client, count_queries, url)
    assert len(client.get(url).context["object_list"]) == groups_before + 46
    assert few == many


def test_person_list_htmx_returns_the_results_only(
    client, plain_user, it_strategist, count_queries
):
    client.force_login(plain_user)
    url, params = reverse("organisation:person_list"), {"role": c("it_strategist")}
    client.get(url, params)  # warm caches (policy, session)
    with count_queries() as full_q:
        full = client.get(url, params)
    with count_queries() as partial_q:
        partial = client.get(url, params, HTTP_HX_REQUEST="true")
    full_body, partial_body = full.content.decode(), partial.content.decode()
    assert full.status_code == partial.status_code == 200
    assert "<html" in full_body and 'id="list-results"' in full_body
    assert "<html" not in partial_body and "<form" not in partial_body
    assert 'id="list-results"' not in partial_body
    assert f"<td>{it_strategist.username}</td>" in partial_body
    assert f"<td>{plain_user.username}</td>" not in partial_body
    assert partial_q.count <= full_q.count


# --- the kit's form_action / button_action: refusals shown once, bound form kept ----------


def test_ending_a_membership_twice_says_so_and_changes_nothing(client, it_strategist, steering):
    membership = MembershipFactory(group=steering)
    client.force_login(it_strategist)
    url = reverse("organisation:membership_end", args=[membership.pk])
    client.post(url)
    ended = Membership.objects.get(pk=membership.pk).end_date
    response = client.post(url, follow=True)
    assert response.redirect_chain == [
        (reverse("organisation:group_detail", args=[c("steering")]), 302)
    ]
    assert "Medlemskapet är redan avslutat." in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).end_date == ended
    assert AuditEntry.objects.filter(action="membership.end").count() == 1


def test_ending_a_role_twice_says_so_and_changes_nothing(client, it_strategist):
    holder = person_with_role(c("finance_director"))
    assignment = holder.role_assignments.get()
    client.force_login(it_strategist)
    url = reverse("organisation:role_end", args=[assignment.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.redirect_chain == [
        (reverse("organisation:person_detail", args=[holder.pk]), 302)
    ]
    assert "Rolltilldelningen är redan avslutad." in response.content.decode()
    assert AuditEntry.objects.filter(action="role.end").count() == 1


def test_role_held_already_is_409_on_the_role_field(client, it_strategist):
    holder = person_with_role(c("finance_director"))
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:person_detail", args=[holder.pk]), {"role": c("finance_director")}
    )
    assert response.status_code == 409
    assert response.context["form"].has_error("role", code="role_already_held")
    assert holder.role_assignments.count() == 1
    assert not AuditEntry.objects.filter(action="role.assign").exists()


@pytest.mark.rule("G13")
def test_the_appointed_chair_box_names_the_policys_chair_role(
    client, policy, it_strategist, steering
):
    client.force_login(it_strategist)
    form = client.get(reverse("organisation:group_detail", args=[c("steering")])).context["form"]
    label = str(form.fields["appointed_by_chair_role"].label)
    assert policy.role_name(c("municipal_director")) in label


def test_group_history_shows_the_group_and_its_memberships(client, policy, it_strategist, steering):
    from styrsam.organisation import services

    person = UserFactory(username="nils")
    services.membership_add(actor=it_strategist, group=steering, person=person)
    client.force_login(it_strategist)
    response = client.get(
        reverse("organisation:group_detail", args=[c("steering")]), {"flik": "historik"}
    )
    actions = [e.action for e in response.context["membership_history"]]
    assert actions == ["membership.add", "group.create"]
    assert f"<td>nils i {policy.group_name(c('steering'))}</td>" in response.content.decode()
