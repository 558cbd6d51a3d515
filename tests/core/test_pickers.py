"""Pickers (core/pickers.py): people, units and systems are chosen by searching, never from an
unbounded list (issue 17 "Pickers", issue 18 "no form may render an unbounded choice list")."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from styrsam.core.pickers import MAX_MATCHES, MultiPickerField, PickerField
from tests.factories import OrgUnitFactory, SystemFactory, UserFactory
from tests.vocab import c

pytestmark = pytest.mark.django_db


def _search(client, kind, text, field="q"):
    return client.get(
        reverse("picker_search", args=[kind]), {"_field": field, "_id": "id_x", field: text}
    )


def _options(response) -> list[str]:
    return re.findall(r'data-value="([^"]*)"', response.content.decode())


def test_search_finds_people_by_any_word_of_their_name(client, policy):
    UserFactory(username="ingrid", first_name="Ingrid", last_name="Holm")
    UserFactory(username="ivar", first_name="Ivar", last_name="Holm")
    UserFactory(username="olle", first_name="Olle", last_name="Berg")
    client.force_login(UserFactory())

    response = _search(client, "personer", "holm ingr")

    assert response.status_code == 200
    assert _options(response) == ["Ingrid Holm (ingrid)"]
    body = response.content.decode()
    assert 'role="option"' in body and 'id="id_x_opt1"' in body


def test_search_returns_at_most_twenty_matches(client, policy):
    for n in range(MAX_MATCHES + 5):
        SystemFactory(name=f"Ärendesystem {n:02d}")
    client.force_login(UserFactory())

    response = _search(client, "system", "ärende")

    assert response.status_code == 200
    assert len(_options(response)) == MAX_MATCHES


def test_search_never_offers_retired_systems_or_inactive_people(client, policy):
    SystemFactory(name="Gammalt lönesystem", lifecycle="retired")
    SystemFactory(name="Nytt lönesystem")
    UserFactory(username="slutat", first_name="Slutat", last_name="Lönn", is_active=False)
    client.force_login(UserFactory())

    assert _options(_search(client, "system", "lönesystem")) == ["Nytt lönesystem"]
    assert _options(_search(client, "personer", "slutat")) == []


def test_search_needs_login(client, policy):
    response = _search(client, "personer", "a")
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_search_of_unknown_kind_is_404(client, policy):
    client.force_login(UserFactory())
    assert _search(client, "hemligt", "a").status_code == 404


@pytest.mark.rule("G26")
def test_search_is_restricted_by_permission(client, policy):
    """The systems whose costs are shared (G26) are searched only by those who set keys."""
    client.force_login(UserFactory())
    assert _search(client, "delade-system", "a").status_code == 403


def test_search_text_is_bounded_and_harmless(client, policy):
    client.force_login(UserFactory())
    response = _search(client, "personer", "x" * 5000 + "<script>")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    response = client.get(
        reverse("picker_search", args=["personer"]), {"_field": "q", "_id": '"><b>', "q": "a"}
    )
    assert response.status_code == 200
    assert "<b>" not in response.content.decode()


class _Form(forms.Form):
    person = PickerField("personer", label="Person", required=False)
    units = MultiPickerField("enheter", label="Enheter", required=False)


def test_field_takes_the_exact_username_without_javascript(policy):
    person = UserFactory(username="anna", first_name="Anna", last_name="Berg")
    form = _Form({"person": " anna "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == person


def test_field_takes_what_the_combobox_writes(policy):
    person = UserFactory(username="anna", first_name="Anna", last_name="Berg")
    form = _Form({"person": "Anna Berg (anna)"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == person


def test_field_refuses_an_unknown_name_in_swedish(policy):
    form = _Form({"person": "Anna B"})
    assert not form.is_valid()
    assert form.errors["person"] == ["Hittade ingen som matchar ”Anna B”. Välj bland förslagen."]


def test_multi_field_takes_checked_keys_and_comma_separated_codes(policy):
    a = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    b = OrgUnitFactory(code="kf", name="Kulturförvaltningen")
    c = OrgUnitFactory(code="bun", name="Barn- och utbildningsförvaltningen")
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("units", ["vof", "kf, bun ,vof"])
    form = _Form(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["units"] == [a, b, c]

    data.setlist("units", ["vof", "saknas"])
    form = _Form(data)
    assert not form.is_valid()
    assert "saknas" in str(form.errors["units"])


def test_widget_is_an_aria_combobox(policy):
    html = str(_Form()["person"])
    assert 'role="combobox"' in html
    assert 'aria-autocomplete="list"' in html
    assert 'aria-expanded="false"' in html
    assert 'aria-controls="id_person_listbox"' in html
    assert 'id="id_person_listbox" role="listbox"' in html
    assert "id_person_pickerhint" in html
    assert "<select" not in html


def test_multi_widget_shows_the_chosen_as_checked_boxes(policy):
    unit = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    html = str(_Form(initial={"units": [unit.pk]})["units"])
    assert 'type="checkbox" name="units" value="vof" checked' in html
    assert "Vård- och omsorgsförvaltningen (vof)" in html


def _choices_rendered(html: str) -> int:
    return html.count("<option")


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("cases:case_report", []),
        ("systems:system_create", []),
        ("organisation:group_detail", [c("steering")]),
        ("finance:allocation_create", []),
    ],
)
def test_no_form_renders_an_unbounded_choice_list(client, policy, it_strategist, url_name, args):
    """Issue 18: 3,000 systems and 60,000 people must not land in a <select>."""
    for n in range(60):
        unit = OrgUnitFactory(name=f"Enhet {n:02d}")
        UserFactory(username=f"massa{n}", profile__unit=unit)
        SystemFactory(name=f"Massystem {n:02d}", owner_unit=unit, financing_principle="allocated")
    client.force_login(it_strategist)

    # the report form shows a case type's fields once the type is chosen
    query = {"cases:case_report": f"?typ={c('common_system_change')}"}.get(url_name, "")
    response = client.get(reverse(url_name, args=args) + query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Massystem" not in html and "massa1" not in html
    assert 'role="combobox"' in html
    # the allocation key has a weight per department (a field each, not choices)
    assert _choices_rendered(html) < 40
