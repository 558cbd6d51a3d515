"""Issue 18: a meeting's agenda form lists no case — the open cases are many (870 at twice
Stockholm's size) — but picks one by searching; typed without JavaScript, the registration
number, the picker's text or the id finds it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrsam.cases.models import Case
from styrsam.cases.pickers import registration_number_query
from styrsam.meetings.forms import AgendaItemForm
from styrsam.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def test_the_meeting_page_lists_no_open_case_and_does_not_grow(client, plan, report_case):
    meeting = plan()
    report_case("Första ärendet")
    client.force_login(meeting.convener)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        report_case(f"Mångärende {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="case"' in page and 'role="combobox"' in page
    assert "Mångärende" not in page
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("typed", ["number", "picker_text", "id"])
def test_the_case_is_found_by_what_is_typed(report_case, typed):
    case = report_case("Nytt e-arkiv")
    text = {
        "number": case.registration_number,
        "picker_text": f"{case.title} ({case.registration_number})",
        "id": str(case.pk),
    }[typed]
    form = AgendaItemForm({"kind": AgendaItem.Kind.CASE, "case": text, "title": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["case"] == case


def test_a_decided_case_or_an_unknown_number_is_a_field_error(report_case):
    case = report_case("Redan beslutat")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DECIDED)
    for text in (case.registration_number, f"{case.series} 1999/999999", "ingenting"):
        form = AgendaItemForm({"kind": AgendaItem.Kind.CASE, "case": text, "title": ""})
        assert not form.is_valid()
        assert form.errors["case"] == [f"Hittade ingen som matchar ”{text}”. Välj bland förslagen."]


def test_the_registration_number_is_parsed_strictly():
    assert registration_number_query("IT 2026/12") is not None
    assert registration_number_query(" IT 2026 / 12 ") is not None
    for text in ("IT 2026", "2026/12", "IT 26/12", "IT 2026/x", "IT 2026/12 extra"):
        assert registration_number_query(text) is None


def test_the_picker_search_finds_an_open_case_by_title(client, plan, report_case):
    meeting = plan()
    case = report_case("Sökbart e-arkiv")
    client.force_login(meeting.convener)
    response = client.get(reverse("picker_search", args=["arenden"]), {"q": "sökbart"})
    assert response.status_code == 200
    assert case.registration_number in response.content.decode()
