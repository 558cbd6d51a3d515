"""A list's filter choices read from the database (the units of ``/system/``): read once per
page for the form's select and its validation, never kept between requests
(``organisation.selectors.unit_choices``, ``core.lists.FilterSet.form``; issue 18)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from styrsam.organisation.models import OrgUnit
from styrsam.organisation.selectors import unit_choices
from styrsam.systems.lists import SystemFilterSet, _unit_choices
from tests.factories import OrgUnitFactory, SystemFactory

pytestmark = pytest.mark.django_db


def _orm(active_only: bool) -> list[tuple[str, str]]:
    units = OrgUnit.objects.filter(is_active=True) if active_only else OrgUnit.objects.all()
    return list(units.order_by("kind", "name").values_list("code", "name"))


@pytest.mark.parametrize("active_only", [True, False])
def test_unit_choices_are_the_orms_after_every_kind_of_write(active_only):
    first = OrgUnitFactory(name="Bförvaltning")
    OrgUnitFactory(name="Aförvaltning", kind=OrgUnit.Kind.COMPANY)
    assert unit_choices(active_only=active_only) == _orm(active_only)
    OrgUnitFactory(name="Cförvaltning")  # a new unit
    assert unit_choices(active_only=active_only) == _orm(active_only)
    OrgUnit.objects.filter(pk=first.pk).update(name="Öförvaltning")  # no signal
    assert ("Öförvaltning" in dict(unit_choices(active_only=active_only)).values()) is True
    OrgUnit.objects.filter(pk=first.pk).update(is_active=False)
    assert unit_choices(active_only=active_only) == _orm(active_only)
    assert (first.code in dict(unit_choices(active_only=active_only))) is not active_only


def test_a_filterset_reads_its_callable_choices_once_and_its_class_keeps_the_callable():
    unit = OrgUnitFactory()
    filterset = SystemFilterSet({"owner_unit": unit.code}, queryset=None)
    with CaptureQueriesContext(connection) as queries:
        assert filterset.is_valid()
        html = str(filterset.form["owner_unit"])
    unit_reads = [q for q in queries.captured_queries if "organisation_orgunit" in q["sql"]]
    assert len(unit_reads) == 1, "the select and the validation read the same list"
    assert f'<option value="{unit.code}" selected>' in html
    assert SystemFilterSet.base_filters["owner_unit"].extra["choices"] is _unit_choices
    OrgUnitFactory(code="ny", name="Ny förvaltning")
    assert SystemFilterSet({"owner_unit": "ny"}, queryset=None).is_valid(), "a new unit"


def test_the_system_page_shows_a_unit_written_since_the_last_page(superuser):
    unit = SystemFactory().owner_unit
    client = Client()
    client.force_login(superuser)
    page = client.get("/system/", {"owner_unit": unit.code}).content.decode()
    assert f'<option value="{unit.code}" selected>{unit.name}</option>' in page
    OrgUnit.objects.filter(pk=unit.pk).update(name="Omdöpt förvaltning")
    OrgUnitFactory(code="senare", name="Senare förvaltning")
    page = client.get("/system/", {"owner_unit": unit.code}).content.decode()
    assert f'<option value="{unit.code}" selected>Omdöpt förvaltning</option>' in page
    assert '<option value="senare">Senare förvaltning</option>' in page
