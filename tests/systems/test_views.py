"""Pages of the register per persona: owner, other owner, plain user, IT strategist."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from styrsam.systems import services
from styrsam.systems.models import System
from tests.factories import OrgUnitFactory, SystemCostFactory, SystemFactory

pytestmark = pytest.mark.django_db


def _form_data(system: System, **overrides):
    data = {
        "name": system.name,
        "description": system.description,
        "category": system.category,
        "common_kind": system.common_kind,
        "owner_unit": system.owner_unit_id,
        "owner": system.owner.username if system.owner else "",
        "manager": "",
        "representatives": "",
        "lifecycle": system.lifecycle,
        "criticality": system.criticality,
        "vendor": system.vendor,
        "contract_end": "",
        "user_count": "",
        "financing_principle": system.financing_principle,
    }
    data.update(overrides)
    return data


def test_plain_user_reads_list_and_detail(client, plain_user, care_system):
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_list"))
    assert response.status_code == 200
    assert "Lifecare" in response.content.decode()
    response = client.get(reverse("systems:system_detail", args=[care_system.pk]))
    assert response.status_code == 200
    assert "Ändra systemet" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, care_system):
    response = client.get(reverse("systems:system_list"))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_owner_edits_own_system(client, owner, care_system):
    client.force_login(owner)
    url = reverse("systems:system_edit", args=[care_system.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(care_system, vendor="Tietoevry Care"))
    assert response.status_code == 302
    care_system.refresh_from_db()
    assert care_system.vendor == "Tietoevry Care"


def test_other_owner_gets_403_on_edit(client, other_owner, care_system):
    client.force_login(other_owner)
    url = reverse("systems:system_edit", args=[care_system.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(care_system, vendor="X")).status_code == 403
    care_system.refresh_from_db()
    assert care_system.vendor != "X"


def test_plain_user_gets_403_on_create_and_costs(client, plain_user, care_system):
    client.force_login(plain_user)
    assert client.get(reverse("systems:system_create")).status_code == 403
    url = reverse("systems:system_costs", args=[care_system.pk])
    assert client.post(url, {"year": 2026, "licence": 1}).status_code == 403


def test_it_strategist_creates_system(client, it_strategist, vof):
    client.force_login(it_strategist)
    data = {
        "name": "Treserva",
        "category": "business",
        "owner_unit": vof.pk,
        "lifecycle": "in_use",
        "criticality": "normal",
        "financing_principle": "department_own",
        "using_units": [vof.pk],
    }
    response = client.post(reverse("systems:system_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert System.objects.get(name="Treserva").using_units.get() == vof


@pytest.mark.rule("G18")
def test_g18_form_shows_the_refusal(client, it_strategist, vof):
    client.force_login(it_strategist)
    services.system_register(
        actor=it_strategist,
        name="Raindance",
        category="common",
        common_kind="finance",
        owner_unit=vof,
        financing_principle="allocated",
    )
    data = {
        "name": "Agresso",
        "category": "common",
        "common_kind": "finance",
        "owner_unit": vof.pk,
        "lifecycle": "in_use",
        "criticality": "normal",
        "financing_principle": "allocated",
    }
    response = client.post(reverse("systems:system_create"), data)
    assert response.status_code == 409  # a workflow conflict, as the API answers (G18)
    body = response.content.decode()
    assert "Raindance" in body and "G18" in body
    assert body.count("(regel G18)") + body.count("(G18)") == 1  # the rule is shown once
    assert System.objects.filter(name="Agresso").count() == 0


def test_costs_visible_to_owner(client, owner, care_system):
    SystemCostFactory(system=care_system, amount=123456)
    client.force_login(owner)
    body = client.get(reverse("systems:system_detail", args=[care_system.pk])).content.decode()
    assert "123" in body and "456" in body


@pytest.mark.parametrize(
    "persona", ["it_strategist", "owner", "head_of_vof", "finance_director", "it_unit_economist"]
)
def test_costs_visible_to_budget_roles(client, request, persona, care_system):
    from tests.factories import person_with_role

    if persona in {"finance_director", "it_unit_economist"}:
        user = person_with_role(persona, username=persona)
    else:
        user = request.getfixturevalue(persona)
    SystemCostFactory(system=care_system, amount=987654)
    client.force_login(user)
    body = client.get(reverse("systems:system_detail", args=[care_system.pk])).content.decode()
    assert "987" in body and "654" in body


@pytest.mark.parametrize("persona", ["plain_user", "other_owner", "economist_of_bou"])
def test_costs_hidden_from_others(client, request, persona, care_system):
    SystemCostFactory(system=care_system, amount=987654)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("systems:system_detail", args=[care_system.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    # The amount in any format ("987654", "987 654", "987\xa0654"); a bare "987" may occur
    # by chance in a nonce or a token.
    assert not re.search(r"987\W?654", body)
    assert "Kostnaderna visas bara" in body


def test_list_filters_and_search(client, plain_user, vof, bou):
    SystemFactory(
        name="Lifecare", owner_unit=vof, vendor="Tietoevry", criticality="larger_critical"
    )
    SystemFactory(name="Unikum", owner_unit=bou, vendor="Unikum AB", lifecycle="phase_out")
    client.force_login(plain_user)
    url = reverse("systems:system_list")

    def names(**params):
        return [s.name for s in client.get(url, params).context["object_list"]]

    assert names(owner_unit="bou") == ["Unikum"]
    assert names(lifecycle="phase_out") == ["Unikum"]
    assert names(criticality="larger_critical") == ["Lifecare"]
    assert names(vendor="tieto") == ["Lifecare"]
    assert names(q="unik") == ["Unikum"]
    assert names(sort="-name") == ["Unikum", "Lifecare"]


def test_list_filters_contract_end_before(client, plain_user, vof):
    import datetime

    SystemFactory(name="Gammalt", contract_end=datetime.date(2025, 6, 30))
    SystemFactory(name="Nytt", contract_end=datetime.date(2029, 1, 1))
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_list"), {"contract_end_before": "2026-01-01"})
    assert [s.name for s in response.context["object_list"]] == ["Gammalt"]


def test_list_htmx_returns_the_table_only(client, plain_user, care_system):
    client.force_login(plain_user)
    response = client.get(reverse("systems:system_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Lifecare" in body and "<h1>" not in body


@pytest.mark.parametrize("rows", [1, 50])
def test_list_page_query_count_is_constant(client, plain_user, count_queries, rows):
    unit = OrgUnitFactory()
    SystemFactory.create_batch(rows, owner_unit=unit)
    client.force_login(plain_user)
    url = reverse("systems:system_list")
    client.get(url)  # warm caches (policy, session)
    with count_queries() as q:
        assert client.get(url).status_code == 200
    assert q.count <= 12, q.count


def test_list_page_query_count_equal_for_1_and_50(client, plain_user, count_queries):
    unit = OrgUnitFactory()
    url = reverse("systems:system_list")
    client.force_login(plain_user)
    SystemFactory(owner_unit=unit)
    client.get(url)
    with count_queries() as one:
        client.get(url)
    SystemFactory.create_batch(49, owner_unit=unit)
    with count_queries() as fifty:
        response = client.get(url)
    assert len(response.context["object_list"]) == 50
    assert one.count == fifty.count


def test_detail_history_tab(client, it_strategist, vof):
    system = services.system_register(
        actor=it_strategist, name="Lifecare", category="business", owner_unit=vof
    )
    services.system_update(actor=it_strategist, system=system, vendor="Tietoevry")
    client.force_login(it_strategist)
    response = client.get(reverse("systems:system_detail", args=[system.pk]), {"flik": "historik"})
    body = response.content.decode()
    assert "system.update" in body and "Tietoevry" in body


def test_retire_by_owner(client, owner, care_system):
    client.force_login(owner)
    response = client.post(reverse("systems:system_retire", args=[care_system.pk]))
    assert response.status_code == 302
    care_system.refresh_from_db()
    assert care_system.lifecycle == "retired"


def test_owner_sets_costs_through_the_page(client, owner, care_system):
    client.force_login(owner)
    url = reverse("systems:system_costs", args=[care_system.pk])
    client.post(url, {"year": 2026, "licence": "500000", "operation": "", "support": "20000"})
    assert sorted(care_system.costs.values_list("kind", "amount")) == [
        ("licence", 500000),
        ("support", 20000),
    ]
