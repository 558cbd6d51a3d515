"""The register's services: categories, G18 uniqueness, financing (G25/G26), G10, audit."""

from __future__ import annotations

import pytest

from styrsam.core.audit import history_for
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.systems import services
from styrsam.systems.models import System
from tests.vocab import c

pytestmark = pytest.mark.django_db


def _common(actor, unit, name, kind, **kw):
    return services.system_register(
        actor=actor,
        name=name,
        category="common",
        common_kind=kind,
        owner_unit=unit,
        financing_principle=kw.pop("financing_principle", "central_budget"),
        **kw,
    )


@pytest.mark.rule("G18")
def test_g18_second_finance_system_refused(it_strategist, vof):
    _common(it_strategist, vof, "Raindance", "finance")
    with pytest.raises(Conflict) as exc:
        _common(it_strategist, vof, "Agresso", "finance")
    assert exc.value.code == "common_kind_taken"
    assert exc.value.rule == "G18"
    assert "Raindance" in exc.value.detail
    assert "ekonomisystem" in exc.value.detail
    assert System.objects.filter(common_kind="finance").count() == 1


@pytest.mark.rule("G18")
def test_g18_retired_common_system_frees_its_kind(it_strategist, vof):
    old = _common(it_strategist, vof, "Raindance", "finance")
    services.system_retire(actor=it_strategist, system=old)
    new = _common(it_strategist, vof, "Unit4 ERP", "finance")
    assert new.common_kind == "finance"
    with pytest.raises(Conflict):  # bringing the old one back would make two
        services.system_update(actor=it_strategist, system=old, lifecycle="in_use")


@pytest.mark.rule("G18")
def test_g18_update_into_taken_kind_refused(it_strategist, vof):
    _common(it_strategist, vof, "Exchange Online", "email")
    gis = _common(it_strategist, vof, "ArcGIS", "gis")
    with pytest.raises(Conflict) as exc:
        services.system_update(actor=it_strategist, system=gis, common_kind="email")
    assert exc.value.rule == "G18"


@pytest.mark.rule("G19")
def test_g19_common_system_needs_a_kind_of_the_policy(it_strategist, vof):
    with pytest.raises(ValidationFailed) as exc:
        _common(it_strategist, vof, "Okänt", "coffee_machine")
    assert exc.value.code == "common_kind_required"
    assert exc.value.rule == "G19"


@pytest.mark.rule("G17")
def test_g17_category_must_be_one_of_the_policy(it_strategist, vof):
    with pytest.raises(ValidationFailed) as exc:
        services.system_register(
            actor=it_strategist, name="X", category="shadow_it", owner_unit=vof
        )
    assert exc.value.field == "category"
    assert exc.value.rule == "G17"


@pytest.mark.rule("G22")
def test_g22_business_system_has_no_common_kind(it_strategist, vof):
    with pytest.raises(ValidationFailed) as exc:
        services.system_register(
            actor=it_strategist,
            name="Lifecare",
            category="business",
            common_kind="finance",
            owner_unit=vof,
        )
    assert exc.value.code == "common_kind_not_allowed"


@pytest.mark.rule("G22")
def test_g22_many_business_systems_may_share_a_purpose(it_strategist, vof, bou):
    for name, unit in [("Lifecare", vof), ("Treserva", vof), ("Unikum", bou)]:
        services.system_register(
            actor=it_strategist, name=name, category="business", owner_unit=unit
        )
    assert System.objects.filter(category="business").count() == 3


@pytest.mark.rule("G25")
def test_g25_business_system_is_financed_by_its_department(it_strategist, vof):
    system = services.system_register(
        actor=it_strategist, name="Lifecare", category="business", owner_unit=vof
    )
    assert system.financing_principle == "department_own"
    with pytest.raises(ValidationFailed) as exc:
        services.system_register(
            actor=it_strategist,
            name="Treserva",
            category="business",
            owner_unit=vof,
            financing_principle="central_budget",
        )
    assert exc.value.rule == "G25"
    assert exc.value.field == "financing_principle"


@pytest.mark.rule("G26")
def test_g26_common_system_is_central_or_allocated(it_strategist, vof):
    a = _common(it_strategist, vof, "Raindance", "finance", financing_principle="allocated")
    b = _common(it_strategist, vof, "Hypergene", "reporting", financing_principle="central_budget")
    assert (a.financing_principle, b.financing_principle) == ("allocated", "central_budget")
    with pytest.raises(ValidationFailed) as exc:
        _common(it_strategist, vof, "ArcGIS", "gis", financing_principle="department_own")
    assert exc.value.rule == "G26"


@pytest.mark.rule("G10")
def test_g10_system_manager_may_sit_at_the_it_unit(it_strategist, owner, vof, system_manager):
    system = services.system_register(
        actor=it_strategist,
        name="Lifecare",
        category="business",
        owner_unit=vof,
        owner=owner,
        manager=system_manager,
        criticality="larger_critical",
    )
    assert system.manager.profile.unit.code == c("it_unit")
    assert system.owner_unit.code == "vof"


def test_register_and_update_are_audited(it_strategist, vof, bou):
    system = services.system_register(
        actor=it_strategist,
        name="Lifecare",
        category="business",
        owner_unit=vof,
        using_units=[vof, bou],
    )
    services.system_update(actor=it_strategist, system=system, vendor="Tietoevry")
    entries = list(history_for(system))
    assert [e.action for e in entries] == ["system.update", "system.register"]
    assert entries[0].after == {"vendor": "Tietoevry"}
    assert entries[1].after["using_units"] == ["bou", "vof"]
    assert entries[0].actor == it_strategist


def test_owner_edits_own_system_only(owner, other_owner, care_system):
    services.system_update(actor=owner, system=care_system, user_count=1200)
    with pytest.raises(NotAllowed):
        services.system_update(actor=other_owner, system=care_system, user_count=1)


def test_system_owner_registers_only_for_own_unit(owner, vof, bou):
    services.system_register(actor=owner, name="Lifecare", category="business", owner_unit=vof)
    with pytest.raises(NotAllowed):
        services.system_register(actor=owner, name="Unikum", category="business", owner_unit=bou)


def test_duplicate_name_refused(it_strategist, vof):
    services.system_register(
        actor=it_strategist, name="Lifecare", category="business", owner_unit=vof
    )
    with pytest.raises(Conflict) as exc:
        services.system_register(
            actor=it_strategist, name="Lifecare", category="business", owner_unit=vof
        )
    assert exc.value.code == "name_taken"


def test_costs_set_per_year_and_audited(owner, care_system):
    services.system_set_costs(
        actor=owner,
        system=care_system,
        year=2026,
        amounts={"licence": 400000, "operation": 150000, "support": 90000},
    )
    services.system_set_costs(
        actor=owner, system=care_system, year=2026, amounts={"licence": 410000}
    )
    assert care_system.costs.get(year=2026, kind="licence").amount == 410000
    assert care_system.costs.count() == 3
    assert history_for(care_system).first().after == {"year": 2026, "licence": "410000"}
