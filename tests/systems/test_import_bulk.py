"""The register import in bulk (issue 18): the same audit entries as the row-by-row services,
a constant number of queries whatever the number of rows, a re-import that writes nothing,
the G15 sync of the owners group once for every owner concerned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.core.models import AuditEntry
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q
from styrsam.systems import services
from styrsam.systems.importing import import_systems
from styrsam.systems.models import System
from tests.systems.test_import import LIFECARE, _csv

pytestmark = pytest.mark.django_db


def _rows(count: int, start: int = 0, **extra) -> list[dict]:
    return [
        {"Namn": f"System {i:03d}", "Kategori": "business", "Ägande förvaltning": "vof", **extra}
        for i in range(start, start + count)
    ]


def _writes(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_imported_system_has_the_audit_entry_the_register_service_writes(
    it_strategist, owner, vof, bou
):
    assert import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE)).ok
    services.system_register(
        actor=it_strategist,
        name="Lifecare 2",
        category="business",
        owner_unit=vof,
        owner=owner,
        using_units=[vof, bou],
        lifecycle="in_use",
        criticality="larger_critical",
        vendor="Tietoevry",
        contract_end=System.objects.get(name="Lifecare").contract_end,
        user_count=1400,
    )
    imported, registered = (
        AuditEntry.objects.get(action="system.register", object_repr=name)
        for name in ("Lifecare", "Lifecare 2")
    )
    assert imported.actor == registered.actor == it_strategist
    assert {**imported.after, "name": "Lifecare 2"} == registered.after
    assert imported.before is None and registered.before is None


def test_changed_system_gets_one_update_entry_with_only_what_changed(
    it_strategist, owner, vof, bou
):
    import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE, *_rows(3)))
    changed = {**LIFECARE, "Leverantör": "CGI", "Användande enheter": "vof"}
    before = AuditEntry.objects.count()
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(changed, *_rows(3)))
    assert result.ok and result.updated == ["Lifecare"] and len(result.unchanged) == 3
    entry = AuditEntry.objects.get(action="system.update")
    assert AuditEntry.objects.count() == before + 1
    assert entry.before == {"vendor": "Tietoevry", "using_units": ["bou", "vof"]}
    assert entry.after == {"vendor": "CGI", "using_units": ["vof"]}
    lifecare = System.objects.get(name="Lifecare")
    assert lifecare.vendor == "CGI"
    assert [u.code for u in lifecare.using_units.all()] == ["vof"]


def test_reimport_that_changes_nothing_writes_nothing(it_strategist, owner, vof, bou):
    data = _csv(LIFECARE, *_rows(30))
    assert import_systems(actor=it_strategist, filename="s.csv", data=data).ok
    with CaptureQueriesContext(connection) as captured:
        result = import_systems(actor=it_strategist, filename="s.csv", data=data)
    assert len(result.unchanged) == 31
    assert _writes(captured) == []


def test_import_queries_do_not_grow_with_the_rows(it_strategist, owner, vof, bou):
    with CaptureQueriesContext(connection) as few:
        assert import_systems(actor=it_strategist, filename="s.csv", data=_csv(*_rows(2))).ok
    many = _rows(40, start=100, **{"Systemrepresentanter": "eva", "Användande enheter": "bou"})
    with CaptureQueriesContext(connection) as more:
        assert import_systems(actor=it_strategist, filename="s.csv", data=_csv(*many)).ok
    assert System.objects.count() == 42
    assert System.objects.get(name="System 120").representatives.get() == owner
    # the representatives' and using units' rows are two more inserts, not one per row
    assert len(more) == len(few) + 2


@pytest.mark.rule("G15")
def test_g15_import_seats_the_owner_of_a_larger_critical_system_once(
    it_strategist, owner, vof, bou
):
    from styrsam.organisation.services import groups_sync_from_policy

    groups_sync_from_policy(actor=None)
    second = {**LIFECARE, "Namn": "Procapita"}
    assert import_systems(actor=it_strategist, filename="s.csv", data=_csv(LIFECARE, second)).ok
    seats = Membership.objects.filter(active_q(), person=owner)
    assert seats.count() == 1
    assert AuditEntry.objects.filter(action="membership.add", rule="G15").count() == 1


def test_refused_row_leaves_nothing_behind(it_strategist, owner, vof, bou):
    bad = {"Namn": "Fel", "Kategori": "business", "Ägande förvaltning": "vof", "Livscykel": "x"}
    before = AuditEntry.objects.count()
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(*_rows(5), bad))
    assert [(e.row, e.column) for e in result.errors] == [(7, "Livscykel")]
    assert result.created == []
    assert System.objects.count() == 0 and AuditEntry.objects.count() == before
