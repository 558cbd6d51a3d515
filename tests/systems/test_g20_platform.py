"""G20: one network, one telephone number, companies included; the IT platform as parts (G18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.systems import services
from styrsam.systems.models import System
from styrsam.systems.selectors import g20_gap_units, g20_gaps
from tests.factories import OrgUnitFactory, person_with_role
from tests.vocab import c

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def platform(it_strategist, it_unit):
    return services.system_register(
        actor=it_strategist,
        name="Kommunens IT-plattform",
        category="common",
        common_kind=c("it_platform"),
        owner_unit=it_unit,
        financing_principle="allocated",
    )


@pytest.fixture
def hamn(db):
    return OrgUnitFactory(kind="company", code="hamn", name="Exempel Hamn och Fastighet AB")


@pytest.mark.rule("G20")
def test_g20_company_not_connected_is_listed(
    client, plain_user, it_strategist, platform, vof, hamn
):
    services.platform_connection_set(
        actor=it_strategist,
        system=platform,
        unit=vof,
        connected_to_network=True,
        reachable_via_common_number=True,
    )
    services.platform_connection_set(
        actor=it_strategist,
        system=platform,
        unit=hamn,
        connected_to_network=False,
        reachable_via_common_number=True,
        note="Eget nät",
    )
    gaps = {row.unit.code for row in g20_gaps(user=plain_user)}
    assert "hamn" in gaps and "vof" not in gaps
    client.force_login(plain_user)
    response = client.get(reverse("systems:platform_compliance"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Exempel Hamn och Fastighet AB" in body
    assert response.context["companies_with_gaps"][0].unit == hamn


@pytest.mark.rule("G20")
def test_g20_the_start_pages_count_is_the_pages_list(
    plain_user, it_strategist, platform, vof, hamn
):
    """The start page counts the gaps in SQL (``g20_gap_units``), the page lists them
    (``g20_gaps``): the same units, with and without a platform."""
    services.platform_connection_set(
        actor=it_strategist,
        system=platform,
        unit=vof,
        connected_to_network=True,
        reachable_via_common_number=True,
    )
    services.platform_connection_set(
        actor=it_strategist,
        system=platform,
        unit=hamn,
        connected_to_network=True,
        reachable_via_common_number=False,
    )
    common = list(System.objects.exclude(common_kind="").order_by("pk"))
    listed = {row.unit.pk for row in g20_gaps(user=plain_user)}
    assert set(g20_gap_units(common_systems=common).values_list("pk", flat=True)) == listed
    assert hamn.pk in listed and vof.pk not in listed
    assert g20_gap_units(common_systems=[]).count() == len(g20_gaps(user=plain_user)) + 1


@pytest.mark.rule("G20")
def test_g20_unit_without_a_record_counts_as_a_gap(plain_user, platform, hamn):
    assert [row.unit for row in g20_gaps(user=plain_user) if row.unit == hamn]


@pytest.mark.rule("G20")
def test_g20_connection_change_is_audited_with_rule(it_strategist, platform, hamn):
    from styrsam.core.audit import history_for

    services.platform_connection_set(
        actor=it_strategist,
        system=platform,
        unit=hamn,
        connected_to_network=True,
        reachable_via_common_number=True,
    )
    entry = history_for(platform).first()
    assert entry.rule == "G20" and entry.after["unit"] == "hamn"


@pytest.mark.rule("G20")
def test_g20_only_it_strategist_or_head_of_it_sets_connections(client, owner, platform, hamn):
    with pytest.raises(NotAllowed):
        services.platform_connection_set(
            actor=owner,
            system=platform,
            unit=hamn,
            connected_to_network=True,
            reachable_via_common_number=True,
        )
    head = person_with_role("head_of_it_unit", username="mats")
    services.platform_connection_set(
        actor=head,
        system=platform,
        unit=hamn,
        connected_to_network=True,
        reachable_via_common_number=True,
    )
    client.force_login(owner)
    url = reverse("systems:platform_connection", args=[platform.pk])
    assert client.post(url, {"unit": hamn.pk}).status_code == 403


@pytest.mark.rule("G18")
def test_g18_it_platform_is_one_system_with_parts(it_strategist, platform, care_system):
    services.platform_component_add(
        actor=it_strategist, system=platform, code="network", name="Kommunnätet"
    )
    services.platform_component_add(
        actor=it_strategist, system=platform, code="telephone_exchange", name="Telefonväxel"
    )
    assert platform.components.count() == 2
    with pytest.raises(ValidationFailed):
        services.platform_component_add(
            actor=it_strategist, system=care_system, code="network", name="Nät"
        )


@pytest.mark.rule("G20")
def test_g20_platform_detail_shows_connection_table(client, it_strategist, platform, hamn):
    client.force_login(it_strategist)
    response = client.get(reverse("systems:system_detail", args=[platform.pk]))
    body = response.content.decode()
    assert "Ett nät och ett telefonnummer (G20)" in body
    assert "Exempel Hamn och Fastighet AB" in body
    response = client.post(
        reverse("systems:platform_connection", args=[platform.pk]),
        {"unit": hamn.pk, "connected_to_network": "on", "reachable_via_common_number": "on"},
    )
    assert response.status_code == 302
    assert platform.connections.get(unit=hamn).compliant


def _connect(actor, platform, units, *, connected=True):
    for unit in units:
        services.platform_connection_set(
            actor=actor,
            system=platform,
            unit=unit,
            connected_to_network=connected,
            reachable_via_common_number=True,
            note=f"Not {unit.code}",
        )


@pytest.mark.rule("G20")
def test_g20_platform_page_reads_the_connections_in_one_query(
    client, it_strategist, platform, hamn, django_assert_num_queries
):
    """The IT platform's page (issue 18): the units and their connections in one query, so the
    page's count does not grow with the units and stays within 15 (the connection table's
    values as set: connected, reachable, note; a unit without a record shows none)."""
    _connect(it_strategist, platform, [hamn], connected=False)
    url = reverse("systems:system_detail", args=[platform.pk])
    client.force_login(it_strategist)
    client.get(url)  # warm the caches (policy, templates)
    with django_assert_num_queries(13):
        response = client.get(url)
    rows = {row.unit.code: row for row in response.context["connections"]}
    assert rows["hamn"].connection.note == "Not hamn"
    assert (rows["hamn"].connected, rows["hamn"].reachable) == (False, True)
    assert all(row.connection is None for code, row in rows.items() if code != "hamn")
    more = [OrgUnitFactory(kind="company", code=f"bolag{i}") for i in range(9)]
    _connect(it_strategist, platform, more)
    with django_assert_num_queries(13):
        response = client.get(url)
    rows = {row.unit.code: row for row in response.context["connections"]}
    assert all(rows[unit.code].compliant for unit in more)
    assert not rows["hamn"].compliant
