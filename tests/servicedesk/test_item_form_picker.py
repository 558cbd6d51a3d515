"""The catalogue item form picks its system by searching (``core/pickers.py``), never from a
select of every system (issue 18: 3,000 systems made the form take a quarter of a second)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from styrsam.servicedesk.models import CatalogueItem
from tests.factories import SystemFactory

pytestmark = pytest.mark.django_db


def test_the_item_form_lists_no_system(client, head_of_it):
    systems = SystemFactory.create_batch(30)
    client.force_login(head_of_it)
    page = client.get(reverse("servicedesk:item_create")).content.decode()
    assert 'role="combobox"' in page
    assert not re.search(r'<select[^>]*name="system"', page)
    assert not any(f">{s.name}<" in page for s in systems)


def test_a_system_permission_item_names_its_system(client, head_of_it):
    system = SystemFactory(name="Procapita")
    client.force_login(head_of_it)
    data = {"name": "Behörighet Procapita", "kind": "system_permission", "price": "0"}
    data["is_active"] = "on"
    response = client.post(reverse("servicedesk:item_create"), {**data, "system": "Procapita"})
    assert response.status_code == 302
    item = CatalogueItem.objects.get(name="Behörighet Procapita")
    assert item.system == system
    # the edit form shows the chosen system's name; an unknown name is refused, nothing changed
    url = reverse("servicedesk:item_edit", args=[item.pk])
    assert 'value="Procapita"' in client.get(url).content.decode()
    refused = client.post(url, {**data, "price": "10", "system": "Finns inte"})
    assert refused.status_code == 400
    item.refresh_from_db()
    assert (item.system, item.price) == (system, 0)


def test_an_item_keeps_its_retired_system_when_edited(client, head_of_it):
    """The picker suggests systems in use, but the form accepts any system of the register,
    as the select did: an item of a retired system can still be edited."""
    system = SystemFactory(name="Gamla journalen", lifecycle="retired")
    item = CatalogueItem.objects.create(
        name="Läsbehörighet", kind="system_permission", system=system, price=0
    )
    client.force_login(head_of_it)
    url = reverse("servicedesk:item_edit", args=[item.pk])
    data = {"name": "Läsbehörighet arkiv", "kind": "system_permission", "price": "0"}
    response = client.post(url, {**data, "system": str(system.pk)})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.system) == ("Läsbehörighet arkiv", system)
